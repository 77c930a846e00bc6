import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { OptionalPort } from './common/eliza-catalog.js';
import { defineConnector } from './define-connector.js';
import { Field } from './field.js';
import { OptionalNested } from './nested.js';

class Endpoint {
  @Field({ description: 'Address' })
  @IsOptional()
  @IsString()
  bind?: string;

  @Field({ description: 'Port' })
  @OptionalPort()
  port?: number;

  @Field({ description: 'Mode' })
  @IsIn(['on', 'off'])
  mode?: string;
}

class WithEndpoint {
  @Field({ description: 'The endpoint' })
  @OptionalNested(() => Endpoint)
  endpoint?: Endpoint;
}

const plugin = defineConnector({ type: 'nested_sample', displayName: 'Nested', config: WithEndpoint });

describe('OptionalNested: an object field with fields of its own', () => {
  it('publishes the nested fields inline (no $ref), integers as integers, none required', () => {
    const endpoint = (plugin.jsonSchema().properties as Record<string, Record<string, unknown>>).endpoint;
    expect(endpoint).toEqual({
      type: 'object',
      description: 'The endpoint',
      properties: {
        bind: { type: 'string', description: 'Address' },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port' },
        mode: { type: 'string', enum: ['on', 'off'], description: 'Mode' },
      },
    });
    expect(JSON.stringify(plugin.jsonSchema())).not.toContain('$ref');
  });

  it('checks the nested fields that are present, naming them by path, and accepts undeclared ones', () => {
    expect(plugin.validate({ endpoint: {} })).toEqual([]);
    expect(plugin.validate({ endpoint: { bind: '127.0.0.1', port: 8788, mode: 'on', extra: true } })).toEqual([]);
    expect(plugin.validate({ endpoint: { port: 0, mode: 'maybe' } }).map((problem) => problem.field)).toEqual(['endpoint.port', 'endpoint.mode']);
    expect(plugin.validate({ endpoint: { port: 1.5 } })).toEqual([{ field: 'endpoint.port', message: 'endpoint.port must be an integer number' }]);
  });

  it('refuses a value that is not an object, once', () => {
    for (const value of ['127.0.0.1:8788', 7, [{ port: 8788 }]])
      expect(plugin.validate({ endpoint: value })).toEqual([{ field: 'endpoint', message: 'endpoint must be an object' }]);
  });
});
