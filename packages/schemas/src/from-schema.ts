/**
 * The TypeScript type of the values a JSON Schema constant (declared `as const`) accepts, so each
 * payload shape is declared once, as its schema, and its type is derived (issue 21, item 2).
 *
 * Written here rather than taken from json-schema-to-ts: that library's types would have to ship
 * with ours (a consumer compiling against our `.d.ts` needs it installed, with its own runtime
 * dependencies), and this package promises none. The payload schemas use a small subset, covered
 * below; anything outside it becomes `unknown` (never a wrong type):
 *
 * - `const`, `enum`; `type` (one or an array): string, integer/number, boolean, null, array, object;
 * - arrays: `items` (one schema);
 * - objects: `properties` + `required` give exactly the declared fields (the fields an open schema
 *   also lets through, `additionalProperties: true`, are not typed, as with an interface); without
 *   `properties`, `additionalProperties: <schema>` gives a record of that schema's type, anything
 *   else `Record<string, unknown>`;
 * - `anyOf`: the union of its branches.
 *
 * Content keywords (`pattern`, `format`, `minLength`, bounds, `not`) narrow nothing at the type level.
 */
export type FromSchema<S> = S extends { readonly const: infer C }
  ? C
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly type: infer T }
      ? T extends readonly (infer U)[]
        ? OfType<S, U>
        : OfType<S, T>
      : S extends { readonly anyOf: readonly (infer B)[] }
        ? FromSchema<B>
        : unknown;

/** One `type` keyword value (distributes over a union of them). */
type OfType<S, T> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? ArrayOf<S>
          : T extends 'object'
            ? ObjectOf<S>
            : unknown;

type ArrayOf<S> = S extends { readonly items: infer I } ? FromSchema<I>[] : unknown[];

type RequiredKeys<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

type ObjectOf<S> = S extends { readonly properties: infer P }
  ? Flatten<
      { -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]-?: FromSchema<P[K]> } & {
        -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { readonly additionalProperties: infer A extends object }
    ? Record<string, FromSchema<A>>
    : Record<string, unknown>;

/** One object type instead of an intersection, so editors show the fields. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};
