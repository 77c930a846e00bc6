import { describe, expect, it } from '@jest/globals';
import { placeErrors } from './field-errors.js';

describe('placeErrors', () => {
  const fields = new Set(['botToken', 'webhookSecret', 'accounts']);

  it('puts each problem of a 400 next to the field its path starts with', () => {
    expect(
      placeErrors(
        'Invalid config for connector "my \\"bot\\"": botToken must look like "<bot id>:<secret>"; accounts.main.botToken must be a string; other is wrong',
        fields,
      ),
    ).toEqual({
      fields: { botToken: { __errors: ['botToken must look like "<bot id>:<secret>"'] }, accounts: { __errors: ['accounts.main.botToken must be a string'] } },
      general: ['other is wrong'],
    });
  });

  it('keeps a message that is not about config fields whole', () => {
    expect(placeErrors('A connector named "x" already exists', fields)).toEqual({ fields: {}, general: ['A connector named "x" already exists'] });
  });
});
