import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { clearableFieldsOf } from './cleared-values.js';
import { defineConnector } from './define-connector.js';
import { Secret } from './secret.js';

class ClearingConfig {
  @Secret({ redact: 'segments' })
  @IsString()
  @Matches(/^\d+:[\w-]+$/)
  botToken?: string;

  @IsOptional()
  @IsUrl()
  apiUrl?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  label?: string;

  @IsOptional()
  @IsIn(['open', 'closed'])
  policy?: string;

  @IsOptional()
  limit?: number;
}

const plugin = defineConnector({ type: 'clearing', displayName: 'Clearing', config: ClearingConfig });

describe('clearing a free-text field with ""', () => {
  it('knows which fields are free text: strings not restricted to listed values', () => {
    expect([...clearableFieldsOf(ClearingConfig)].sort()).toEqual(['apiUrl', 'botToken', 'label']);
  });

  it('accepts "" there (secret or not), still checks every other value, and refuses "" for a listed-values field', () => {
    expect(plugin.validate({ botToken: '', apiUrl: '', label: '' })).toEqual([]);
    expect(plugin.validate({ botToken: 'nope' }).map((p) => p.field)).toEqual(['botToken']);
    expect(plugin.validate({ botToken: '', label: 'ab' }).map((p) => p.field)).toEqual(['label']);
    expect(plugin.validate({ policy: '' }).map((p) => p.field)).toEqual(['policy']);
  });

  it('publishes a JSON Schema that admits "" where the API does (content checks moved under anyOf)', () => {
    const properties = plugin.jsonSchema().properties as Record<string, Record<string, unknown>>;
    expect(properties.botToken).toMatchObject({ type: 'string', anyOf: [{ const: '' }, { pattern: '^\\d+:[\\w-]+$' }], 'x-secret': 'segments' });
    expect(properties.botToken.pattern).toBeUndefined();
    expect(properties.label).toMatchObject({ type: 'string', anyOf: [{ const: '' }, { minLength: 3 }] });
    expect(properties.policy).toEqual({ type: 'string', enum: ['open', 'closed'] });
  });
});
