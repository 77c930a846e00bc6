import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';

type ConfigClass = new () => object;

/** Constraints that restrict a field to listed values: `""` is not one of them (nor for the runtime's schema). */
const ENUMERATING = new Set(['isIn', 'isEnum', 'equals']);

const cache = new WeakMap<ConfigClass, ReadonlySet<string>>();

/**
 * The fields of a DTO whose value is free text (declared `string`, not restricted to listed values):
 * there `""` means "cleared" — the Eliza app clears a token by saving `""`, and the runtime's schema
 * takes an empty string for such fields (the connector then counts as not configured). A cleared
 * value is stored as `""` and skips the field's other checks (pattern, format, length).
 */
export function clearableFieldsOf(configClass: ConfigClass): ReadonlySet<string> {
  let fields = cache.get(configClass);
  if (!fields) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(configClass, undefined as unknown as string, false, false, undefined);
    const properties = new Set(metadatas.map((metadata) => metadata.propertyName));
    const enumerated = new Set(metadatas.filter((metadata) => ENUMERATING.has(metadata.name ?? '')).map((metadata) => metadata.propertyName));
    fields = new Set(
      [...properties].filter(
        (property) => !enumerated.has(property) && Reflect.getMetadata('design:type', configClass.prototype as object, property) === String,
      ),
    );
    cache.set(configClass, fields);
  }
  return fields;
}

/** The config without its cleared (`""`) free-text values, for validation: the same object when there are none. */
export function withoutClearedValues(configClass: ConfigClass, config: Record<string, unknown>): Record<string, unknown> {
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(config)) {
    if (config[key] === '' && clearableFieldsOf(configClass).has(key)) {
      rest ??= { ...config };
      delete rest[key];
    }
  }
  return rest ?? config;
}
