import { plainToInstance, Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';

const NOT_AN_OBJECT = '$property must be an object';

/**
 * An optional object field with fields of its own, declared by the DTO `dto` returns: the API checks
 * them (the value becomes a `dto` before validation) and the published JSON Schema lists them, so a
 * form can edit each. Fields the nested DTO does not declare are accepted, as in a config.
 */
export function OptionalNested(dto: () => new () => object): PropertyDecorator {
  // ValidateNested words a non-object "nested property x must be either object or array": IsObject's message says it.
  const rules: PropertyDecorator[] = [IsOptional(), IsObject(), ValidateNested({ message: NOT_AN_OBJECT }), Type(dto)];
  return (prototype, key) => rules.forEach((rule) => rule(prototype, key));
}

/**
 * The class a nested field's value becomes before validation (its `@Type`), or undefined when it
 * stays a plain object (then class-validator checks nothing inside it). Asked of class-transformer
 * itself, so the schema and the compiled check use the class the API validates against.
 */
export function nestedClassOf(target: unknown, property: string): (new () => object) | undefined {
  if (typeof target !== 'function') return undefined;
  const probe = plainToInstance(target as new () => object, { [property]: {} }) as Record<string, unknown>;
  const made = (probe[property] as object | undefined)?.constructor;
  return typeof made === 'function' && made !== Object ? (made as new () => object) : undefined;
}
