import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { defineConnector, Secret } from '@switchboard/sdk';
import { IsOptional, IsString } from 'class-validator';
import { holdsSealed, isSealedWith, openConfig, sealConfig } from './sealed-config.js';
import { CipherError, isSealed, SecretCipher, SecretKeyRing } from './secret-cipher.js';

const newKey = () => randomBytes(32).toString('base64');

describe('SecretCipher (AES-256-GCM)', () => {
  it('round-trips any JSON value, with a fresh IV each time', () => {
    const cipher = SecretCipher.fromBase64(newKey());
    for (const value of ['123456:ABC-DEF', '', 42, true, null, { user: 'u', pass: 'p' }, ['a', 'b']]) {
      const sealed = cipher.seal(value);
      expect(sealed).toMatch(new RegExp(`^enc:v1:${cipher.keyId}:[\\w-]+:[\\w-]+:[\\w-]*$`));
      expect(cipher.open(sealed)).toEqual(value);
    }
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'));
  });

  it('never puts the key or the plaintext in the sealed form', () => {
    const key = newKey();
    const sealed = SecretCipher.fromBase64(key).seal('PLAINTEXT-SECRET');
    expect(sealed).not.toContain('PLAINTEXT');
    expect(sealed).not.toContain(key.slice(0, 20));
  });

  it('fails clearly with the wrong key, naming both key ids', () => {
    const right = SecretCipher.fromBase64(newKey());
    const wrong = SecretCipher.fromBase64(newKey());
    const sealed = right.seal('secret');
    expect(() => wrong.open(sealed)).toThrow(new CipherError(`a value is encrypted with key ${right.keyId}, not with key ${wrong.keyId}`));
    expect(() => new SecretKeyRing(wrong).open(sealed)).toThrow(/encrypted with key .* which is not the configured key .*switchboard rotate-key/);
    expect(() => new SecretKeyRing(undefined).open(sealed)).toThrow(/SWITCHBOARD_ENCRYPTION_KEY is not set/);
  });

  it('detects tampering with the ciphertext, the tag, the IV or the key id', () => {
    const cipher = SecretCipher.fromBase64(newKey());
    const sealed = cipher.seal('a secret of some length');
    const parts = sealed.split(':');
    const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    for (const index of [3, 4, 5]) {
      const altered = [...parts];
      altered[index] = flip(altered[index]);
      expect(() => cipher.open(altered.join(':'))).toThrow(/fails its integrity check/);
    }
    expect(() => cipher.open(sealed.replace(cipher.keyId, flip(cipher.keyId)))).toThrow(CipherError);
    expect(() => cipher.open('enc:v1:short')).toThrow(/malformed/);
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
    expect(ring.open(old.seal('o'))).toBe('o');
    expect(ring.open(current.seal('c'))).toBe('c');
    expect(ring.sealing).toBe(current);
  });
});

class ChatConfig {
  @Secret({ redact: 'segments' }) @IsOptional() @IsString() botToken?: string;
  @IsOptional() @IsString() label?: string;
}
const chat = defineConnector({ type: 'chat', displayName: 'Chat', config: ChatConfig });

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
  };

  it('seals declared and heuristic secret fields at any depth, credentialed URLs and look-alikes; leaves the rest', () => {
    const sealed = sealConfig(config, chat.secrets, cipher) as Record<string, any>;
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

    expect(openConfig(sealed, ring)).toEqual(config);
    expect(isSealedWith(sealed, chat.secrets, cipher.keyId)).toBe(true);
    expect(isSealedWith(config, chat.secrets, cipher.keyId)).toBe(false);
    expect(isSealedWith(sealConfig(config, chat.secrets, SecretCipher.fromBase64(newKey())), chat.secrets, cipher.keyId)).toBe(false);
  });

  it('leaves configs without sealed values as they are (same object)', () => {
    const plain = { label: 'x', list: [1, 2] };
    expect(holdsSealed(plain)).toBe(false);
    expect(openConfig(plain, ring)).toBe(plain);
  });
});
