// Precompiles, for every connector type of @switchboard/schemas, the form schema the console renders
// and Ajv's validation code for it (src/generated/, git-ignored). Why: Ajv compiles schemas with
// `new Function`, which the console's Content-Security-Policy forbids (no 'unsafe-eval'); the
// standalone code is plain functions bundled like any other module, one lazy chunk per type.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/lib/compileSchemaValidatorsCode.js';
import { CONNECTOR_CATALOG } from '@switchboard/schemas';

const out = new URL('../src/generated/', import.meta.url);

/**
 * The fields a connector needs to count as configured, when its published rule names one set of
 * them among the fields its schema declares (`x-configured-when: { required: [...] }`, or one such
 * branch of its `anyOf`: Telegram's `botToken` beside the Eliza runtime's generic `token`/`apiKey`,
 * which Telegram's schema does not declare): the console asks for them on its form. With several
 * declared ways (Discord's `token` or `botToken`) it asks for none. The API accepts a config without
 * them; this is the console's choice, so a connector it creates is a working one.
 */
function configuredFields(published) {
  const rule = published['x-configured-when'];
  if (!rule) return [];
  const declared = published.properties ?? {};
  const fillsFields = (branch) =>
    Array.isArray(branch.required) &&
    branch.anyOf === undefined &&
    branch.required.every((field) => Object.hasOwn(declared, field) && field !== 'enabled' && field !== 'accounts') &&
    Object.values(branch.properties ?? {}).every((property) => JSON.stringify(property) === JSON.stringify({ not: { const: '' } }));
  const ways = (Array.isArray(rule.anyOf) ? rule.anyOf : [rule]).filter(fillsFields);
  return ways.length === 1 ? ways[0].required : [];
}

/**
 * The published schema as a form: untyped array items (the API accepts any value there) are edited as
 * strings; the `$schema` keyword is dropped (rjsf's Ajv would otherwise look the meta-schema up); and
 * the root's `additionalProperties: true` too, which would make rjsf offer free key/value editors for
 * undeclared fields (showing heuristically masked values in inputs). Undeclared fields stay in the
 * form's data unchanged, and the API accepts them as before. A field that admits `""` besides its format
 * (`anyOf: [{const: ""}, {pattern}]`, how the API's clearing of a text is published) is rendered as the
 * one input it is: rjsf would render the `anyOf` as a choice between two sub-forms, and an emptied
 * input is left out of the form's data anyway.
 */
function formSchema(published) {
  // The root `allOf` (cross-field rules such as "dmPolicy open needs * in allowFrom") is left to the
  // API, which names the field in its 400: rjsf merges a root allOf into every field and then renders
  // the cleared-value `anyOf` of a secret as a variant picker instead of the secret widget.
  const { additionalProperties: _kept, 'x-configured-when': _rule, allOf: _crossField, ...schema } = published;
  const required = configuredFields(published);
  if (required.length > 0) schema.required = required;
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const copy = {};
    for (const [key, value] of Object.entries(withoutClearing(node))) {
      if (key === '$schema') continue;
      copy[key] =
        key === 'items' && value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 ? { type: 'string' } : walk(value);
    }
    return copy;
  };
  return walk(schema);
}

/** `{..., anyOf: [{const: ""}, rest]}` -> `{..., ...rest}`; any other node as it is. */
function withoutClearing(node) {
  const { anyOf, ...rest } = node;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return node;
  const clearing = anyOf.findIndex((branch) => branch?.const === '' && Object.keys(branch).length === 1);
  if (clearing < 0) return node;
  return { ...rest, ...anyOf[1 - clearing] };
}

/**
 * Ajv's standalone code as an ES module. Its own ESM output needs export names that are identifiers,
 * and rjsf keys the functions by schema hashes, so the CommonJS output is rewritten: the
 * `exports[...] =` lines become one `validateFns` object, the runtime helpers imports.
 */
function asEsm(code) {
  const exported = [];
  let body = code.replace(/^"use strict";/, '').replace(/exports(?:\[("[^"]+")\]|\.([A-Za-z_$][\w$]*)) = (validate\d+);/g, (_, quoted, bare, fn) => {
    exported.push(`${quoted ?? JSON.stringify(bare)}: ${fn}`);
    return '';
  });
  const imports = [];
  body = body.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/g, (_, module) => {
    const name = `runtime${imports.length}`;
    imports.push(`import ${name} from '${module}.js';`);
    return name;
  });
  const leftover = /.{0,40}(\brequire\("|(?:^|[;{}])(?:module\.)?exports[.[]).{0,40}/.exec(body);
  if (leftover) throw new Error(`unexpected CommonJS left in the standalone validation code: ${leftover[0]}`);
  if (exported.length === 0) throw new Error('no validation function found in the standalone validation code');
  return `${imports.join('\n')}\n${body}\nexport const validateFns = { ${exported.join(', ')} };`;
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const types = Object.keys(CONNECTOR_CATALOG).sort();
for (const type of types) {
  const schema = formSchema(CONNECTOR_CATALOG[type].schema);
  const code = compileSchemaValidatorsCode(schema, {
    customFormats: {},
    ajvOptionsOverrides: { code: { esm: false, lines: false }, keywords: ['x-secret', 'x-docs-url'] },
  });
  await writeFile(
    new URL(`${type}.js`, out),
    `// Generated by scripts/compile-validators.mjs: do not edit.\n${asEsm(code)}\nexport const formSchema = ${JSON.stringify(schema)};\n`,
  );
}
const loaders = types.map((type) => `  ${JSON.stringify(type)}: () => import('./${type}.js'),`).join('\n');
await writeFile(
  new URL('forms.ts', out),
  `// Generated by scripts/compile-validators.mjs: do not edit.\nimport type { FormModule } from '../form-module.js';\n\nexport const FORM_MODULES: Readonly<Record<string, () => Promise<FormModule>>> = {\n${loaders}\n};\n`,
);
for (const type of types) {
  await writeFile(
    new URL(`${type}.d.ts`, out),
    "import type { RJSFSchema } from '@rjsf/utils';\nimport type { ValidatorFunctions } from '@rjsf/validator-ajv8';\nexport declare const validateFns: ValidatorFunctions;\nexport declare const formSchema: RJSFSchema;\n",
  );
}
console.log(`compiled the form validators of ${types.length} connector types`);
