import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { classValidatorProblems, validateConfig } from './validation.js';
import { validityCheckOf } from './validity-check.js';

/** Same-as-class-validator, checked the only way that matters: its verdict and validateConfig's answer. */
function expectAgreement(configClass: new () => object, configs: Record<string, unknown>[]): void {
  const check = validityCheckOf(configClass);
  expect(check).toBeDefined();
  for (const config of configs) {
    const problems = classValidatorProblems(configClass, config);
    expect({ config, valid: check!(config) }).toEqual({ config, valid: problems.length === 0 });
    expect(validateConfig(configClass, config)).toEqual(problems);
  }
}

/** Needs `allowFrom` to hold "*" when `policy` is "open": a validator reading another field. */
function OpenNeedsStar() {
  return ValidateBy({
    name: 'openNeedsStar',
    validator: {
      validate: (policy: unknown, args?: ValidationArguments) =>
        policy !== 'open' ||
        (Array.isArray((args?.object as { allowFrom?: unknown }).allowFrom) && (args?.object as { allowFrom: unknown[] }).allowFrom.includes('*')),
      defaultMessage: () => 'policy "open" needs "*" in allowFrom',
    },
  });
}

class BaseConfig {
  @IsOptional()
  @IsIn(['open', 'closed'])
  @OpenNeedsStar()
  policy?: string;

  @IsOptional()
  @IsString({ each: true })
  allowFrom?: string[];

  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;
}

class ChildConfig extends BaseConfig {
  @IsString()
  @Matches(/^\d+:\w+$/)
  token?: string;

  @IsOptional()
  @IsUrl({ require_protocol: true })
  webhookUrl?: string;

  // Redeclared: class-validator drops the inherited custom validations of the same property.
  @IsOptional()
  @IsString()
  override limit?: number;

  @IsOptional()
  @IsString({ validateIf: (object: { mode?: string }) => object.mode === 'http' })
  signingSecret?: string;

  @ValidateIf((object: { mode?: string }) => object.mode !== 'socket')
  @IsString()
  appToken?: string;

  mode?: string;
}

describe('validityCheckOf: the compiled check agrees with class-validator', () => {
  it('on optional, required-when-present, each, cross-field and inherited constraints', () => {
    expectAgreement(ChildConfig, [
      {},
      { token: '12:abc' },
      { token: 'no colon' },
      { token: 42 },
      { token: null, limit: null },
      { policy: 'open', allowFrom: ['*'] },
      { policy: 'open', allowFrom: ['1'] },
      { policy: 'sometimes' },
      { allowFrom: ['a', 2] },
      { allowFrom: 'not-an-array' },
      { limit: 'ten' }, // the child's IsString replaced the parent's IsInt
      { limit: 5 },
      { webhookUrl: 'https://example.com/hook' },
      { webhookUrl: 'example.com' },
      { signingSecret: 7 }, // mode is not http: the constraint is skipped
      { mode: 'http', signingSecret: 7 },
      { mode: 'http', signingSecret: 's3cr3t' },
      { appToken: 5 },
      { mode: 'socket', appToken: 5 },
      { unknownField: { deep: [1, 2] } },
    ]);
    expectAgreement(BaseConfig, [{ limit: 0 }, { limit: 1 }, { limit: 1.5 }, { allowFrom: new Set(['a', 1]) }]);
  });

  it('skips async constraints as validateSync does, and leaves a promise answer to class-validator', () => {
    class AsyncConfig {
      @IsOptional()
      @IsString()
      name?: string;
    }
    registerDecorator({
      name: 'neverAsync',
      target: AsyncConfig,
      propertyName: 'name',
      async: true,
      validator: { validate: async () => false },
    });
    expectAgreement(AsyncConfig, [{ name: 'x' }, { name: 1 }]);

    class PromiseConfig {
      @ValidateBy({ name: 'promised', validator: { validate: () => Promise.resolve(true) } })
      value?: string;
    }
    expect(validityCheckOf(PromiseConfig)!({ value: 'x' })).toBe(false);
    expect(validateConfig(PromiseConfig, { value: 'x' })).toEqual(classValidatorProblems(PromiseConfig, { value: 'x' }));
  });

  it('refuses an array config and lets class-validator answer it', () => {
    expect(validityCheckOf(ChildConfig)!([{ token: 'bad' }] as unknown as Record<string, unknown>)).toBe(false);
    const array = [] as unknown as Record<string, unknown>;
    expect(validateConfig(ChildConfig, array)).toEqual(classValidatorProblems(ChildConfig, array));
  });

  it('on nested objects: the nested class checked as class-validator does (objects, arrays of them, no @Type)', () => {
    class Inner {
      @IsString()
      value?: string;

      @IsOptional()
      @IsInt()
      @Min(1)
      count?: number;
    }
    class Nested {
      @IsOptional()
      @ValidateNested()
      @Type(() => Inner)
      inner?: Inner;

      @IsOptional()
      @IsObject()
      @ValidateNested()
      @Type(() => Inner)
      only?: Inner;

      @IsOptional()
      @ValidateNested()
      untyped?: object;
    }
    expectAgreement(Nested, [
      {},
      { inner: {} },
      { inner: { value: 'x', count: 2, extra: true } },
      { inner: { value: 1 } },
      { inner: { count: 0 } },
      { inner: { count: null } },
      { inner: 'text' },
      { inner: 7 },
      { inner: [] },
      { inner: [{ value: 'x' }, null] },
      { inner: [{ value: 1 }] },
      { inner: ['text'] },
      { inner: [[{ value: 'x' }], [{ value: 2 }]] },
      { only: { value: 'x' } },
      { only: [{ value: 'x' }] },
      { untyped: { anything: 1 } },
      { untyped: 'text' },
    ]);
    expect(validateConfig(Nested, { inner: { value: 1 } }).map((p) => p.field)).toEqual(['inner.value']);
  });

  it('compiles no check for what it does not reproduce; class-validator validates those', () => {
    class Defined {
      @IsDefined()
      id?: string;
    }
    class Initialised {
      @IsOptional()
      @IsIn(['a', 'b'])
      mode = 'c';
    }
    // Decorated by hand: TypeScript refuses a decorated field that narrows Object's own toString.
    class ShadowsPrototype {}
    IsOptional()(ShadowsPrototype.prototype, 'toString');
    IsString()(ShadowsPrototype.prototype, 'toString');
    class NestsDefined {
      @IsOptional()
      @ValidateNested()
      @Type(() => Defined)
      defined?: Defined;
    }
    for (const configClass of [Defined, Initialised, ShadowsPrototype, NestsDefined]) expect(validityCheckOf(configClass)).toBeUndefined();
    expect(validateConfig(NestsDefined, { defined: {} }).map((p) => p.field)).toEqual(['defined.id']);
    expect(validateConfig(Defined, {}).map((p) => p.field)).toEqual(['id']);
    expect(validateConfig(Initialised, {}).map((p) => p.field)).toEqual(['mode']);
  });

  it('words problems as class-validator does (the check never writes a message)', () => {
    expect(validateConfig(ChildConfig, { token: 'no colon', limit: 5 })).toEqual([
      { field: 'token', message: 'token must match /^\\d+:\\w+$/ regular expression' },
      { field: 'limit', message: 'limit must be a string' },
    ]);
  });
});
