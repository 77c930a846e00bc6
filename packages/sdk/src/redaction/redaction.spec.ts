import { describe, expect, it } from '@jest/globals';
import { IsOptional, IsString, Matches } from 'class-validator';
import { defineConnector } from '../define-connector.js';
import { Secret } from '../secret.js';
import { MASK, REDACTED_MARKER, maskString, maskUrl } from './mask.js';
import { redactConfig, unionOfSecretFields } from './redact.js';
import { carriesMasks, restoreSecrets } from './restore.js';

const segments = { rule: 'segments', separators: ':' } as const;

describe('mask rules', () => {
  it('full masks the whole value and leaves empty strings empty', () => {
    expect(maskString('abc', { rule: 'full', separators: '' })).toBe(MASK);
    expect(maskString('', { rule: 'full', separators: '' })).toBe('');
  });

  it('segments keeps the separators: the Telegram token shape of the Eliza document', () => {
    expect(maskString('123456:ABC-DEF', segments)).toBe('****:****');
    expect(maskString('a:b:c', segments)).toBe('****:****:****');
    expect(maskString(':lead', segments)).toBe(':****');
  });

  it('url keeps scheme, host and port, masks credentials, path, query and fragment', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe('https://hooks.slack.com/****/****/****/****');
    expect(maskUrl('http://user:pa55@proxy.local:3128/')).toBe('http://****:****@proxy.local:3128');
    expect(maskUrl('https://x.test/hook?token=s3cr3t&v=1#frag')).toBe('https://x.test/****?token=****&v=****#****');
    expect(maskUrl('not a url')).toBe(MASK);
  });

  it('last4 shows four characters of long secrets only', () => {
    expect(maskString('sk_live_0123456789abcd', { rule: 'last4', separators: '' })).toBe('****abcd');
    expect(maskString('short-sec', { rule: 'last4', separators: '' })).toBe(MASK);
  });
});

describe('key-name heuristics (connectors with no plugin)', () => {
  it('redacts sensitive names at any depth, in objects and arrays', () => {
    const config = {
      botToken: 'T-1',
      maxTokens: 100,
      tokenFile: '/etc/token',
      nested: { deep: [{ password: 'p', label: 'ok' }], privateKey: 'k', apiKey: 42, enabled: true },
      accounts: { main: { appSecret: 's', accessToken: ['a', 'b'] } },
      empty: { secret: '' },
    };
    expect(redactConfig(config)).toEqual({
      botToken: MASK,
      maxTokens: 100,
      tokenFile: '/etc/token',
      nested: { deep: [{ password: MASK, label: 'ok' }], privateKey: MASK, apiKey: MASK, enabled: true },
      accounts: { main: { appSecret: MASK, accessToken: [MASK, MASK] } },
      empty: { secret: '' },
    });
  });

  it('masks credentialed URLs and webhook URLs whatever else the key says', () => {
    expect(redactConfig({ db: 'postgres://u:pw@db:5432/x', webhookUrl: 'https://h.test/T/B/X' })).toEqual({
      db: 'postgres://****:****@db:5432/****',
      webhookUrl: 'https://h.test/****/****/****',
    });
  });
});

class SampleConfig {
  @Secret({ redact: 'segments' }) @IsOptional() @IsString() @Matches(/^\d+:[\w-]+$/) botToken?: string;
  @IsOptional() @IsString() name?: string;
}
const sample = defineConnector({ type: 'sample', displayName: 'Sample', config: SampleConfig });

describe('round trip', () => {
  const stored = { botToken: '123:abc', name: 'x', accounts: { a: { botToken: '9:zz', password: 'pw' } } };

  it('keeps stored secrets when the served masks come back', () => {
    const served = sample.redact(stored);
    expect(served).toEqual({ botToken: '****:****', name: 'x', accounts: { a: { botToken: '****:****', password: MASK } } });
    expect(restoreSecrets(served, stored, sample.secrets)).toEqual({ value: stored, unresolvedMasks: [] });
  });

  it('accepts the runtime marker [REDACTED] and the plain **** too', () => {
    const back = { botToken: REDACTED_MARKER, name: 'y', accounts: { a: { botToken: MASK, password: REDACTED_MARKER } } };
    expect(sample.restore(back, stored).value).toEqual({ ...stored, name: 'y' });
  });

  it('takes new secrets as sent and reports masks with nothing stored behind them', () => {
    expect(sample.restore({ botToken: '5:new' }, stored).value).toEqual({ botToken: '5:new' });
    expect(sample.restore({ botToken: '****:****', other: { secret: MASK } }, {}).unresolvedMasks).toEqual(['botToken', 'other.secret']);
  });
});

describe('carriesMasks', () => {
  const secrets = defineConnector({ type: 'masks', displayName: 'Masks', config: class {} }).secrets;
  const stored = { token: 'PLANTED-token', hook: 'https://user:PLANTED-pass@hooks.example.com/x', list: ['PLANTED-a'] };

  it('finds a mask at any depth, and a served credentialed-URL mask', () => {
    expect(carriesMasks({ a: { b: [1, { c: MASK }] } })).toBe(true);
    expect(carriesMasks({ a: REDACTED_MARKER })).toBe(true);
    expect(carriesMasks({ hook: maskUrl(stored.hook) })).toBe(true);
    expect(carriesMasks({ a: 'x', b: [1, true, null, { c: '***' }] })).toBe(false);
  });

  it('a value without masks is what restoreSecrets gives back, whatever is stored', () => {
    for (const incoming of [{ token: 'new', hook: 'https://other@hooks.example.com/y', list: ['b', { apiKey: 'k' }] }, { nested: { password: '' } }, {}]) {
      expect(carriesMasks(incoming)).toBe(false);
      expect(restoreSecrets(incoming, stored, secrets)).toEqual({ value: incoming, unresolvedMasks: [] });
    }
  });
});

describe('validation', () => {
  it('names the field and never echoes the value', () => {
    const problems = sample.validate({ botToken: 'not-a-token-SECRETVALUE' });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('botToken');
    expect(problems[0].message).toMatch(/^botToken must match/);
    expect(problems[0].message).not.toContain('SECRETVALUE');
  });

  it('accepts partial configs and undeclared fields', () => {
    expect(sample.validate({})).toEqual([]);
    expect(sample.validate({ groups: { a: 1 } })).toEqual([]);
  });
});

describe('rules of several plugins (a connector named as one type, stored as another)', () => {
  class WebhookConfig {
    @Secret({ redact: 'url' }) @IsOptional() @IsString() url?: string;
    @Secret({ redact: 'segments' }) @IsOptional() @IsString() token?: string;
  }
  class SiteConfig {
    @IsOptional() @IsString() url?: string;
    @Secret() @IsOptional() @IsString() token?: string;
  }
  const webhook = defineConnector({ type: 'webhook', displayName: 'Webhook', config: WebhookConfig });
  const site = defineConnector({ type: 'site', displayName: 'Site', config: SiteConfig });
  const stored = { url: 'https://hooks.example.com/api/webhooks/123/PLANTED', token: 'a:b', note: 'x' };

  it('a field either declares is secret; where they disagree it is masked whole', () => {
    const union = unionOfSecretFields(site.secrets, webhook.secrets);
    expect(redactConfig(stored, site.secrets)).toEqual({ ...stored, token: MASK }); // the hole the review found
    expect(redactConfig(stored, union)).toEqual({ url: 'https://hooks.example.com/****/****/****/****', token: MASK, note: 'x' });
    expect(unionOfSecretFields(site.secrets, webhook.secrets)).toBe(union);
    expect(unionOfSecretFields(site.secrets, new Map())).toBe(site.secrets);
  });

  it('a mask served under any of the rules keeps the stored value', () => {
    const union = unionOfSecretFields(site.secrets, webhook.secrets);
    const accepted = [site.secrets, webhook.secrets];
    for (const token of ['****:****', MASK, REDACTED_MARKER]) {
      expect(restoreSecrets({ ...stored, url: 'https://hooks.example.com/****/****/****/****', token }, stored, union, accepted)).toEqual({
        value: stored,
        unresolvedMasks: [],
      });
    }
    // Under the stored type's rules alone, url is not secret: a mask there is another URL's mask.
    expect(restoreSecrets({ url: 'https://other.example.com/****/****/****/****' }, stored, union, accepted).unresolvedMasks).toEqual(['url']);
  });
});

describe('a mask is never stored and never replaces a secret', () => {
  const none = new Map();

  it('a mask where nothing (or an empty string) is stored is reported', () => {
    expect(restoreSecrets({ db: 'postgres://****:****@db.local/****' }, {}, none).unresolvedMasks).toEqual(['db']);
    expect(restoreSecrets({ password: MASK, list: [{ apiKey: REDACTED_MARKER }] }, { password: '', list: [] }, none).unresolvedMasks).toEqual([
      'password',
      'list[0].apiKey',
    ]);
  });

  it('a credentialed URL mask with another host or shape is reported; the served one keeps the URL', () => {
    const stored = { db: 'postgres://u:PLANTED@db.local:5432/x', webhookUrl: 'https://hooks.example.com/T/B/PLANTED' };
    expect(redactConfig(stored)).toEqual({ db: 'postgres://****:****@db.local:5432/****', webhookUrl: 'https://hooks.example.com/****/****/****' });
    expect(restoreSecrets(redactConfig(stored), stored, none)).toEqual({ value: stored, unresolvedMasks: [] });
    const moved = { db: 'postgres://****:****@evil.example.com:5432/****', webhookUrl: 'https://evil.example.com/****/****/****' };
    expect(restoreSecrets(moved, stored, none).unresolvedMasks).toEqual(['db', 'webhookUrl']);
    expect(restoreSecrets({ db: 'postgres://****@db.local:5432/****' }, stored, none).unresolvedMasks).toEqual(['db']);
  });

  it('a marker sent for a credentialed URL keeps it, under any key', () => {
    const stored = { mirror: 'https://PLANTED@git.example.com/x', list: ['https://u:PLANTED@h.example.com'] };
    expect(restoreSecrets({ mirror: MASK, list: [REDACTED_MARKER] }, stored, none)).toEqual({ value: stored, unresolvedMasks: [] });
    expect(restoreSecrets({ mirror: 'https://new@git.example.com/x' }, stored, none).value).toEqual({ mirror: 'https://new@git.example.com/x' });
  });

  it('heuristic fields keep their value: numbers, nested values, new key names', () => {
    const stored = { pin: { pass: 4321 }, sessionId: 'PLANTED-s', jwt: 'PLANTED-j', list: [{ bearer: 'PLANTED-b' }] };
    const served = redactConfig(stored);
    expect(served).toEqual({ pin: { pass: MASK }, sessionId: MASK, jwt: MASK, list: [{ bearer: MASK }] });
    expect(restoreSecrets(served, stored, none)).toEqual({ value: stored, unresolvedMasks: [] });
  });

  it('an unchanged value that merely looks masked, where no secret is, stays as it is', () => {
    expect(restoreSecrets({ note: MASK, docs: 'https://example.com/****' }, { docs: 'https://example.com/****' }, none)).toEqual({
      value: { note: MASK, docs: 'https://example.com/****' },
      unresolvedMasks: [],
    });
  });
});
