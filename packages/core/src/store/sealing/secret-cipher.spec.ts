import { describe, expect, it } from '@jest/globals';
import { createCipheriv, randomBytes } from 'node:crypto';
import { defineConnector, Secret } from '@switchboard/sdk';
import { IsOptional, IsString } from 'class-validator';
import { holdsSealed, isSealedWith, openConfig, sealConfig } from './sealed-config.js';
import { CipherError, isSealed, type SealPlace, SealIntegrityError, SecretCipher, SecretKeyRing } from './secret-cipher.js';

const newKey = () => randomBytes(32).toString('base64');
const HERE: SealPlace = { connector: 'telegram', path: ['botToken'] };

/**
 * A value in the first format (`enc:v1:`, authenticated with the key id only), built from the
 * documented format with node:crypto alone, as a store written before values were bound holds them.
 */
function sealUnbound(base64Key: string, keyId: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(base64Key, 'base64'), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(keyId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `enc:v1:${keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
}

describe('SecretCipher (AES-256-GCM)', () => {
  it('round-trips any JSON value, with a fresh IV each time', () => {
    const cipher = SecretCipher.fromBase64(newKey());
    for (const value of ['123456:ABC-DEF', '', 42, true, null, { user: 'u', pass: 'p' }, ['a', 'b']]) {
      const sealed = cipher.seal(value, HERE);
      expect(sealed).toMatch(new RegExp(`^enc:v2:${cipher.keyId}:[\\w-]+:[\\w-]+:[\\w-]*$`));
      expect(cipher.open(sealed, HERE)).toEqual(value);
    }
    expect(cipher.seal('same', HERE)).not.toBe(cipher.seal('same', HERE));
  });

  it('never puts the key or the plaintext in the sealed form', () => {
    const key = newKey();
    const sealed = SecretCipher.fromBase64(key).seal('PLAINTEXT-SECRET', HERE);
    expect(sealed).not.toContain('PLAINTEXT');
    expect(sealed).not.toContain(key.slice(0, 20));
  });

  it('fails clearly with the wrong key, naming both key ids', () => {
    const right = SecretCipher.fromBase64(newKey());
    const wrong = SecretCipher.fromBase64(newKey());
    const sealed = right.seal('secret', HERE);
    expect(() => wrong.open(sealed, HERE)).toThrow(new CipherError(`a value is encrypted with key ${right.keyId}, not with key ${wrong.keyId}`));
    expect(() => new SecretKeyRing(wrong).open(sealed, HERE)).toThrow(/encrypted with key .* which is not the configured key .*switchboard rotate-key/);
    expect(() => new SecretKeyRing(undefined).open(sealed, HERE)).toThrow(/SWITCHBOARD_ENCRYPTION_KEY is not set/);
  });

  it('detects tampering with the ciphertext, the tag, the IV or the key id', () => {
    const cipher = SecretCipher.fromBase64(newKey());
    const sealed = cipher.seal('a secret of some length', HERE);
    const parts = sealed.split(':');
    const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    for (const index of [3, 4, 5]) {
      const altered = [...parts];
      altered[index] = flip(altered[index]);
      expect(() => cipher.open(altered.join(':'), HERE)).toThrow(/fails its integrity check/);
    }
    expect(() => cipher.open(sealed.replace(cipher.keyId, flip(cipher.keyId)), HERE)).toThrow(CipherError);
    expect(() => cipher.open('enc:v1:short', HERE)).toThrow(/malformed/);
  });

  it('takes only 32-byte keys in base64 (or base64url), never echoing the key', () => {
    const raw = randomBytes(32);
    expect(SecretCipher.fromBase64(raw.toString('base64')).keyId).toBe(SecretCipher.fromBase64(raw.toString('base64url')).keyId);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${newKey().slice(0, 40)}!!!=`]) {
      expect(() => SecretCipher.fromBase64(bad, 'SWITCHBOARD_ENCRYPTION_KEY')).toThrow(
        'SWITCHBOARD_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. from "openssl rand -base64 32")',
      );
    }
  });

  it('a key ring opens values of every key it holds and seals with its own', () => {
    const old = SecretCipher.fromBase64(newKey());
    const current = SecretCipher.fromBase64(newKey());
    const ring = new SecretKeyRing(current, [old]);
    expect(ring.open(old.seal('o', HERE), HERE)).toBe('o');
    expect(ring.open(current.seal('c', HERE), HERE)).toBe('c');
    expect(ring.sealing).toBe(current);
  });

  it('binds a value to its connector and field: sealed for one place, it does not open in another', () => {
    const cipher = SecretCipher.fromBase64(newKey());
    const sealed = cipher.seal('123:SECRET', HERE);
    expect(cipher.open(sealed, { connector: 'telegram', path: ['botToken'] })).toBe('123:SECRET');
    for (const elsewhere of [
      { connector: 'telegram', path: ['label'] },
      { connector: 'discord', path: ['botToken'] },
      { connector: 'telegram', path: ['accounts', 'main', 'botToken'] },
      { connector: 'telegram', path: [] },
      { connector: 'telegram', path: [0] },
      { connector: 'telegram', path: ['0'] },
    ]) {
      expect(() => cipher.open(sealed, elsewhere)).toThrow(SealIntegrityError);
    }
    // Names or keys holding the characters a naive join would use cannot forge another place.
    const dotted = cipher.seal('x', { connector: 'a', path: ['b.c'] });
    expect(() => cipher.open(dotted, { connector: 'a', path: ['b', 'c'] })).toThrow(/fails its integrity check: it was moved from another field or connector/);
  });

  it('still opens values of the first, unbound format (enc:v1:) wherever they are', () => {
    const key = newKey();
    const cipher = SecretCipher.fromBase64(key);
    const legacy = sealUnbound(key, cipher.keyId, { user: 'u', pass: 'p' });
    expect(isSealed(legacy)).toBe(true);
    expect(cipher.open(legacy, HERE)).toEqual({ user: 'u', pass: 'p' });
    expect(new SecretKeyRing(cipher).open(legacy, { connector: 'other', path: ['x'] })).toEqual({ user: 'u', pass: 'p' });
  });
});

class ChatConfig {
  @Secret({ redact: 'segments' }) @IsOptional() @IsString() botToken?: string;
  @IsOptional() @IsString() label?: string;
}
const chat = defineConnector({ type: 'chat', displayName: 'Chat', config: ChatConfig });

const nothingRefused = (path: string) => {
  throw new Error(`refused ${path}`);
};

describe('sealing connector configs', () => {
  const cipher = SecretCipher.fromBase64(newKey());
  const ring = new SecretKeyRing(cipher);
  const config = {
    botToken: '123:PLANTED_A',
    label: 'ops',
    accounts: { main: { botToken: '9:PLANTED_B', password: 'PLANTED_C', empty: { secret: '' } } },
    proxy: 'http://user:PLANTED_D@proxy.local:3128',
    apiKey: 42,
    nested: { credentials: { user: 'u', pass: 'PLANTED_E' } },
    literal: 'enc:v1:looks:sealed:but:is-not',
    list: ['https://u:PLANTED_F@x.local', 'plain'],
  };

  it('seals declared and heuristic secret fields at any depth, credentialed URLs and look-alikes; leaves the rest', () => {
    const sealed = sealConfig(config, chat.secrets, cipher, 'tg') as Record<string, any>;
    expect(isSealed(sealed.botToken)).toBe(true);
    expect(sealed.label).toBe('ops');
    expect(isSealed(sealed.accounts.main.botToken)).toBe(true);
    expect(isSealed(sealed.accounts.main.password)).toBe(true);
    expect(sealed.accounts.main.empty).toEqual({ secret: '' });
    expect(isSealed(sealed.proxy)).toBe(true);
    expect(isSealed(sealed.apiKey)).toBe(true);
    expect(isSealed(sealed.nested.credentials)).toBe(true);
    expect(sealed.literal).not.toBe(config.literal);
    expect(JSON.stringify(sealed)).not.toContain('PLANTED_');

    expect(openConfig(sealed, ring, { connector: 'tg', secrets: chat.secrets, refused: nothingRefused })).toEqual(config);
    expect(isSealedWith(sealed, chat.secrets, cipher.keyId)).toBe(true);
    expect(isSealedWith(config, chat.secrets, cipher.keyId)).toBe(false);
    expect(isSealedWith(sealConfig(config, chat.secrets, SecretCipher.fromBase64(newKey()), 'tg'), chat.secrets, cipher.keyId)).toBe(false);
  });

  it('leaves configs without sealed values as they are (same object)', () => {
    const plain = { label: 'x', list: [1, 2] };
    expect(holdsSealed(plain)).toBe(false);
    expect(openConfig(plain, ring, { connector: 'x', secrets: chat.secrets, refused: nothingRefused })).toBe(plain);
  });

  it('leaves out, and reports without its content, a value moved to another field or connector; the rest opens', () => {
    const sealed = sealConfig(config, chat.secrets, cipher, 'tg') as Record<string, any>;
    const moved = { ...sealed, label: sealed.botToken, list: [sealed.list[0], sealed.botToken, 'plain'] };
    const refused: string[] = [];
    const opened = openConfig(moved, ring, { connector: 'tg', secrets: chat.secrets, refused: (path, reason) => refused.push(`${path}: ${reason}`) }) as Record<
      string,
      unknown
    >;
    expect(opened.label).toBeUndefined();
    expect('label' in opened).toBe(false);
    expect(opened.list).toEqual(['https://u:PLANTED_F@x.local', 'plain']);
    expect(opened.botToken).toBe('123:PLANTED_A');
    expect(refused).toEqual([expect.stringMatching(/^label: .*fails its integrity check/), expect.stringMatching(/^list\[1\]: .*fails its integrity check/)]);
    expect(refused.join()).not.toContain('PLANTED');

    // Under another connector's name nothing opens.
    const other: string[] = [];
    const elsewhere = openConfig(sealed, ring, { connector: 'copy', secrets: chat.secrets, refused: (path) => other.push(path) }) as Record<string, unknown>;
    expect(elsewhere).toEqual({ label: 'ops', accounts: { main: { empty: { secret: '' } } }, nested: {}, list: ['plain'] });
    expect(other.sort()).toEqual([
      'accounts.main.botToken',
      'accounts.main.password',
      'apiKey',
      'botToken',
      'list[0]',
      'literal',
      'nested.credentials',
      'proxy',
    ]);
  });

  it('opens unbound (enc:v1:) values only where sealing would put them, and counts them as to be re-sealed', () => {
    const key = newKey();
    const legacyCipher = SecretCipher.fromBase64(key);
    const legacyRing = new SecretKeyRing(legacyCipher);
    const token = sealUnbound(key, legacyCipher.keyId, '123:PLANTED_A');
    const raw = { botToken: token, label: token, accounts: { a: { password: token } }, mirror: sealUnbound(key, legacyCipher.keyId, 'https://u:p@h.local') };
    const refused: string[] = [];
    const opened = openConfig(raw, legacyRing, { connector: 'tg', secrets: chat.secrets, refused: (path) => refused.push(path) });
    expect(opened).toEqual({ botToken: '123:PLANTED_A', accounts: { a: { password: '123:PLANTED_A' } }, mirror: 'https://u:p@h.local' });
    expect(refused).toEqual(['label']);
    expect(isSealedWith(raw, chat.secrets, legacyCipher.keyId)).toBe(false);
    expect(isSealedWith(sealConfig(opened, chat.secrets, legacyCipher, 'tg'), chat.secrets, legacyCipher.keyId)).toBe(true);
  });
});
