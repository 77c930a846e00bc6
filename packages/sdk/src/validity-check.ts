import { type ValidationArguments, type ValidatorConstraintInterface, ValidationTypes, getMetadataStorage } from 'class-validator';
import { nestedClassOf } from './nested.js';

/** class-validator does not export the type of its metadata records. */
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Yes or no: does a config pass its DTO's checks. */
export type ValidityCheck = (config: Record<string, unknown>) => boolean;

type ConfigClass = new () => object;
type Condition = (object: object, value: unknown) => boolean;

interface ConstraintCheck {
  readonly validators: readonly ValidatorConstraintInterface[];
  readonly metadata: ValidationMetadata;
}

interface PropertyCheck {
  readonly property: string;
  readonly conditions: readonly Condition[];
  readonly constraints: readonly ConstraintCheck[];
  /**
   * With `@ValidateNested()`: the check of the class the value becomes (its `@Type`), or null when it
   * stays a plain object, inside which class-validator checks nothing.
   */
  readonly nested?: { readonly check: ValidityCheck | null };
}

/** What class-validator's executor does with these kinds (anything else: the DTO gets no check). */
const REPRODUCED = new Set<string>([
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.WHITELIST,
]);

const compiled = new WeakMap<ConfigClass, ValidityCheck | null>();

/**
 * The validity check of a DTO, compiled on first use, or undefined when the DTO uses something the
 * check does not reproduce.
 *
 * Why: class-validator costs several times what the check does per connector config (figures:
 * bench/FINDINGS.md, `node bench/micro/validation.js`), most of it not in the constraints themselves: for every object
 * it scans its whole metadata store (every decorated class of every plugin, for inherited metadata),
 * regroups the metadata by property, builds an error object per property, and the object first goes
 * through class-transformer. The check reads the same
 * metadata once and calls the same constraint instances with the same arguments, as `validateSync`
 * does with `skipMissingProperties` and no groups. It decides only yes or no: a config it refuses is
 * validated again by class-validator, which writes the messages, so problems are always
 * class-validator's own.
 *
 * Nested validation is reproduced with the nested class's own check (OptionalNested).
 * Not reproduced (validateSync is used for such a DTO): promise validation, `@IsDefined`,
 * field initialisers, and properties whose name the prototype chain already has. Constraint
 * instances are resolved once, at compile time: a container set later with `useContainer` is not
 * consulted for them.
 */
export function validityCheckOf(configClass: ConfigClass): ValidityCheck | undefined {
  let check = compiled.get(configClass);
  if (check === undefined) {
    // A class nested in itself (directly or not) gets no check: validateSync answers for it.
    compiled.set(configClass, null);
    check = compile(configClass) ?? null;
    compiled.set(configClass, check);
  }
  return check ?? undefined;
}

function compile(configClass: ConfigClass): ValidityCheck | undefined {
  const storage = getMetadataStorage();
  // The arguments validateSync's executor passes: no schema name, always = false, no groups.
  const metadatas = storage.getTargetValidationMetadatas(configClass, undefined as unknown as string, false, false, undefined);
  if (metadatas.some((metadata) => !REPRODUCED.has(metadata.type))) return undefined;
  // plainToInstance starts from `new configClass()`: a field initialiser would be validated too.
  if (Object.keys(new configClass()).length > 0) return undefined;

  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    if (metadata.type === ValidationTypes.WHITELIST) continue;
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const properties = new Map<string, PropertyCheck>();
  for (const [property, list] of byProperty) {
    // class-transformer would not copy such a key onto the instance; leave those DTOs to it.
    if (property in configClass.prototype) return undefined;
    let nested: PropertyCheck['nested'];
    // class-validator's nested validation reads no `each`: arrays are walked either way (nestedPasses).
    if (list.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION)) {
      const dto = nestedClassOf(configClass, property);
      const check = dto === undefined ? null : validityCheckOf(dto);
      if (check === undefined) return undefined;
      nested = { check };
    }
    properties.set(property, {
      nested,
      property,
      conditions: list.filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION).map((metadata) => metadata.constraints[0] as Condition),
      constraints: list
        .filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION)
        .map((metadata) => ({
          metadata,
          // validateSync skips async constraints.
          validators: storage
            .getTargetValidatorConstraints(metadata.constraintCls)
            .filter((constraint) => !constraint.async)
            .map((constraint) => constraint.instance),
        })),
    });
  }
  return (config) => passes(configClass, properties, config);
}

function passes(configClass: ConfigClass, properties: ReadonlyMap<string, PropertyCheck>, config: Record<string, unknown>): boolean {
  if (Array.isArray(config)) return false; // plainToInstance maps an array to an array of instances
  // What validators see as `args.object`: the config's own values on the DTO's prototype.
  const object = Object.assign(Object.create(configClass.prototype as object) as Record<string, unknown>, config);
  // Only the properties the config has: an absent one (undefined, the prototype has no such name)
  // is skipped whatever its conditions say, and a config sets a few of a DTO's many properties.
  for (const key of Object.keys(object)) {
    const check = properties.get(key);
    if (!check) continue;
    const { property, conditions, constraints, nested } = check;
    const value = object[property];
    if (value === null || value === undefined) continue; // skipMissingProperties
    if (!conditions.every((condition) => condition(object, value))) continue;
    for (const { metadata, validators } of constraints) {
      if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: (object.constructor as { name?: string } | undefined)?.name as string,
        property,
        object,
        value,
        constraints: metadata.constraints,
      };
      const items = metadata.each ? collectionItems(value) : undefined;
      for (const validator of validators) {
        if (items ? !items.every((item) => accepted(validator.validate(item, args))) : !accepted(validator.validate(value, args))) {
          return false;
        }
      }
    }
    if (nested && !nestedPasses(value, nested.check)) return false;
  }
  return true;
}

/**
 * What class-validator's nested validation decides of a present value: an object passes its class's
 * check; each item of an array, Set or Map is validated the same way (null and undefined items are
 * skipped, as missing properties are); anything else is refused.
 */
function nestedPasses(value: unknown, check: ValidityCheck | null): boolean {
  if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
    const items: unknown[] = value instanceof Map ? Array.from<unknown>(value.values()) : Array.from<unknown>(value);
    return items.every((item) => item === null || item === undefined || nestedPasses(item, check));
  }
  if (value instanceof Object) return check === null || check(value as Record<string, unknown>);
  return false;
}

/** A validator's answer; a promise (class-validator's test: a thenable) is not one a synchronous check can use. */
function accepted(result: unknown): boolean {
  const thenable = typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function';
  return Boolean(result) && !thenable;
}

function collectionItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (value instanceof Set) return Array.from<unknown>(value);
  if (value instanceof Map) return Array.from<unknown>(value.values());
  return undefined;
}
