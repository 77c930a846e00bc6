import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiKeys } from './api-keys.js';
import { DEFAULT_PORT, isLoopbackHost, loadEnv } from './env.js';

describe('environment', () => {
  it('has safe defaults: loopback, a port other than the runtime\'s 2138, the runtime\'s own config file', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ host: '127.0.0.1', port: DEFAULT_PORT, ilertPrefix: '/ilert', logLevel: 'info', allowPublicWithoutAuth: false });
    expect(env.port).not.toBe(2138);
    expect(env.configPath).toBe(join(homedir(), '.milady', 'milady.json'));
  });

  it('finds the config file as the runtime does, ELIZA_CONFIG_PATH first', () => {
    expect(loadEnv({ MILADY_STATE_DIR: '/srv/agent' }).configPath).toBe('/srv/agent/milady.json');
    expect(loadEnv({ MILADY_STATE_DIR: '/srv/agent', MILADY_CONFIG_PATH: '/etc/m.json' }).configPath).toBe('/etc/m.json');
    expect(loadEnv({ MILADY_CONFIG_PATH: '/etc/m.json', ELIZA_CONFIG_PATH: '~/e.json' }).configPath).toBe(join(homedir(), 'e.json'));
  });

  it('names every bad variable in one error', () => {
    const bad = { PORT: '99999', LOG_LEVEL: 'loud', ILERT_API_PREFIX: 'no-slash', SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH: 'maybe' };
    for (const problem of [/PORT must be an integer/, /LOG_LEVEL must be one of/, /ILERT_API_PREFIX must be a path/, /SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH must be true or false/]) {
      expect(() => loadEnv(bad)).toThrow(problem);
    }
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', '::', 'example.com']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('reads API keys from the variable and the keys file together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-keys-'));
    try {
      const file = join(dir, 'keys');
      await writeFile(file, '# operators\nops:ops-key-0123456789:read,write,reveal\n');
      const ring = await loadApiKeys({ apiKeys: 'ui:ui-key-0123456789abc:read', apiKeysFile: file });
      expect(ring.authenticate('ops-key-0123456789')?.keyId).toBe('ops');
      expect(ring.authenticate('ui-key-0123456789abc')?.permissions).toEqual(new Set(['read']));
      await expect(loadApiKeys({ apiKeys: 'ops:other-key-0123456789', apiKeysFile: file })).rejects.toThrow('API key id "ops" is configured twice');
      await expect(loadApiKeys({ apiKeys: undefined, apiKeysFile: join(dir, 'missing') })).rejects.toThrow(/cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
