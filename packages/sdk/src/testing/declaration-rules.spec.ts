import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsOptional, IsString } from 'class-validator';
import { defineConnector } from '../define-connector.js';
import { Field } from '../field.js';
import { docsLinkProblem, fieldDescriptionProblem } from './index.js';

class DocumentedConfig {
  @Field({ description: 'API key from Acme: Settings > API keys', docsUrl: 'https://docs.acme.test/api-keys' })
  @IsOptional()
  @IsString()
  apiKey?: string;
}

describe('the declaration rules of the connector contract', () => {
  it('accepts an https docs link on a real host', () => {
    expect(docsLinkProblem('https://core.telegram.org/bots/features#botfather')).toBeUndefined();
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['https://example.com/TODO-the-platform-page-on-getting-credentials', 'still the generated placeholder'],
    ['https://docs.example.org/keys', 'an example.com placeholder'],
    ['http://platform.test/keys', 'not https'],
    ['platform docs', 'not a URL'],
  ])('refuses the docs link %p: %s', (url, problem) => {
    expect(docsLinkProblem(url)).toBe(problem);
  });

  it('accepts a one-line description and refuses a missing, multi-line or placeholder one', () => {
    expect(fieldDescriptionProblem('Bot token from @BotFather (/newbot)')).toBeUndefined();
    expect(fieldDescriptionProblem(undefined)).toBe('missing');
    expect(fieldDescriptionProblem('  ')).toBe('missing');
    expect(fieldDescriptionProblem('Token\nfrom the console')).toBe('more than one line');
    expect(fieldDescriptionProblem('TODO: where to get it')).toBe('still the generated placeholder');
  });

  it('publishes a field docs link as x-docs-url beside its description', () => {
    const plugin = defineConnector({ type: 'acme', displayName: 'Acme', config: DocumentedConfig });
    const properties = plugin.jsonSchema().properties as Record<string, Record<string, unknown>>;
    expect(properties.apiKey).toMatchObject({ description: 'API key from Acme: Settings > API keys', 'x-docs-url': 'https://docs.acme.test/api-keys' });
  });
});
