import { describe, expect, it } from '@jest/globals';
import { IsOptional, IsString } from 'class-validator';
import { configuredRuleOf, configuredRuleSchema } from './configured-rule.js';
import { defineConnector } from './define-connector.js';
import { Secret } from './secret.js';

class KeyConfig {
  @Secret()
  @IsString()
  key?: string;

  @IsOptional()
  @IsString()
  label?: string;
}

describe('configured rule', () => {
  it("adds the Eliza runtime's generic credentials before a connector's own alternatives, once", () => {
    expect(configuredRuleOf([['serverUrl', 'password'], ['token']], true)).toEqual({
      anyOf: [['botToken'], ['token'], ['apiKey'], ['serverUrl', 'password']],
      unlessDisabled: true,
    });
    expect(configuredRuleOf(undefined, true)).toEqual({ anyOf: [['botToken'], ['token'], ['apiKey']], unlessDisabled: true });
  });

  it('leaves a connector the runtime does not read with its own rule, or none', () => {
    expect(configuredRuleOf([['url', 'key']], false)).toEqual({ anyOf: [['url', 'key']], unlessDisabled: false });
    expect(configuredRuleOf(undefined, false)).toBeUndefined();
  });

  it('writes each kind of alternative as JSON Schema', () => {
    const schema = configuredRuleSchema({ anyOf: [['a', 'b'], { equals: { enabled: true } }, { inAccount: [['dir']] }], unlessDisabled: true });
    const filled = (field: string) => ({ [field]: { not: { const: '' } } });
    expect(schema).toEqual({
      type: 'object',
      properties: { enabled: { not: { const: false } } },
      anyOf: [
        { type: 'object', required: ['a', 'b'], properties: { ...filled('a'), ...filled('b') } },
        { type: 'object', required: ['enabled'], properties: { enabled: { const: true } } },
        {
          type: 'object',
          required: ['accounts'],
          properties: {
            accounts: {
              type: 'object',
              not: {
                additionalProperties: {
                  not: {
                    type: 'object',
                    properties: { enabled: { not: { const: false } } },
                    anyOf: [{ type: 'object', required: ['dir'], properties: filled('dir') }],
                  },
                },
              },
            },
          },
        },
      ],
    });
    expect(configuredRuleSchema({ anyOf: [[], { inAccount: [] }], unlessDisabled: false })).toBeUndefined();
  });

  it("is published as x-configured-when: the DTO's undecorated fields by default, the runtime's rule for an Eliza plugin", () => {
    const ilert = defineConnector({ type: 'keyed', displayName: 'Keyed', config: KeyConfig });
    expect(ilert.jsonSchema()['x-configured-when']).toEqual({ type: 'object', required: ['key'], properties: { key: { not: { const: '' } } } });
    const eliza = defineConnector({ type: 'keyed_eliza', displayName: 'Keyed', config: KeyConfig, elizaRuntime: true, configuredWhen: [['label']] });
    expect(eliza.elizaRuntime).toBe(true);
    const rule = eliza.jsonSchema()['x-configured-when'] as { anyOf: { required: string[] }[] };
    expect(rule.anyOf.map((branch) => branch.required)).toEqual([['botToken'], ['token'], ['apiKey'], ['label']]);
  });
});
