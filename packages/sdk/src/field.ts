import { JSONSchema } from 'class-validator-jsonschema';

export interface FieldOptions {
  /** Human label for a form. Defaults to the property name. */
  title?: string;
  /** One line: what the value is and where to obtain it. */
  description: string;
  /** The platform's page on obtaining this value, when it has its own; published as `x-docs-url`. */
  docsUrl?: string;
  examples?: unknown[];
  default?: unknown;
}

/** Documents a config field for UIs and the JSON Schema (the n8n/Airbyte-style form metadata). */
export function Field(options: FieldOptions): PropertyDecorator {
  const schema: Record<string, unknown> = { description: options.description };
  if (options.title !== undefined) schema.title = options.title;
  if (options.docsUrl !== undefined) schema['x-docs-url'] = options.docsUrl;
  if (options.examples !== undefined) schema.examples = options.examples;
  if (options.default !== undefined) schema.default = options.default;
  return JSONSchema(schema) as PropertyDecorator;
}
