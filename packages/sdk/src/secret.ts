/** How a secret value is shown to someone who may not see it. */
export type RedactionRule = 'full' | 'segments' | 'url' | 'last4';

export interface SecretOptions {
  /** Default `full`: the whole value becomes `****`. */
  redact?: RedactionRule;
  /** For `segments`: the characters whose positions survive masking (default `:`). */
  separators?: string;
}

export interface SecretSpec {
  readonly rule: RedactionRule;
  readonly separators: string;
}

const ownSecrets = new WeakMap<object, Map<string, SecretSpec>>();

/**
 * Marks a config field as a credential. Redaction applies wherever the field name appears in a
 * config, including inside per-account maps (`accounts.<id>.<field>`).
 */
export function Secret(options: SecretOptions = {}): PropertyDecorator {
  const spec: SecretSpec = Object.freeze({ rule: options.redact ?? 'full', separators: options.separators ?? ':' });
  return (prototype, key) => {
    if (typeof key !== 'string') throw new TypeError('@Secret() needs a string property name');
    const target = prototype.constructor;
    let fields = ownSecrets.get(target);
    if (!fields) ownSecrets.set(target, (fields = new Map<string, SecretSpec>()));
    fields.set(key, spec);
  };
}

/** The secret fields of a config class, inherited ones included. */
export function secretFieldsOf(configClass: abstract new () => unknown): ReadonlyMap<string, SecretSpec> {
  const chain: object[] = [];
  for (let c: unknown = configClass; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c);
  }
  const merged = new Map<string, SecretSpec>();
  for (const c of chain) for (const [k, v] of ownSecrets.get(c) ?? []) merged.set(k, v);
  return merged;
}
