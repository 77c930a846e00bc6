import { isCredentialedUrl, isPlainObject, type SecretFields, secretSpecFor } from '@switchboard/sdk';
import { isSealed, type SecretCipher, type SecretKeyRing, sealedKeyId } from './secret-cipher.js';

/**
 * Which values of a connector config are encrypted at rest: the same ones redaction masks — every
 * value under a secret field (the plugin's declaration, else the key-name heuristic), whole, and
 * any URL carrying credentials. Empty strings and null carry no secret and stay as they are;
 * booleans too (redaction serves them: one bit is no credential, and sealing one would put a
 * string where the runtime reads a switch such as `verifySignature`).
 */
function isSecretValue(value: unknown): boolean {
  return value !== '' && value !== null && value !== undefined && typeof value !== 'boolean';
}

/**
 * A copy of the config with its secret values sealed by `cipher`. A string that merely looks sealed
 * (a client sent it) is sealed too, so that loading gives it back as the literal it was.
 */
export function sealConfig(config: unknown, secrets: SecretFields, cipher: SecretCipher): unknown {
  if (typeof config === 'string') return isCredentialedUrl(config) || isSealed(config) ? cipher.seal(config) : config;
  if (Array.isArray(config)) return config.map((item) => sealConfig(item, secrets, cipher));
  if (!isPlainObject(config)) return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    setOwn(out, key, secretSpecFor(key, secrets) && isSecretValue(value) ? cipher.seal(value) : sealConfig(value, secrets, cipher));
  }
  return out;
}

/**
 * True when `raw` (a config as stored) is exactly what sealing with this key would produce: every
 * secret value sealed with `keyId`, no clear one left. Lets an untouched entry be written back as
 * read instead of re-encrypted on every commit.
 */
export function isSealedWith(raw: unknown, secrets: SecretFields, keyId: string): boolean {
  if (typeof raw === 'string') return isSealed(raw) ? sealedKeyId(raw) === keyId : !isCredentialedUrl(raw);
  if (Array.isArray(raw)) return raw.every((item) => isSealedWith(item, secrets, keyId));
  if (!isPlainObject(raw)) return true;
  return Object.entries(raw).every(([key, value]) =>
    secretSpecFor(key, secrets) && isSecretValue(value) ? isSealed(value) && sealedKeyId(value) === keyId : isSealedWith(value, secrets, keyId),
  );
}

/** True when any string in the value is sealed. */
export function holdsSealed(raw: unknown): boolean {
  if (isSealed(raw)) return true;
  if (Array.isArray(raw)) return raw.some(holdsSealed);
  return isPlainObject(raw) && Object.values(raw).some(holdsSealed);
}

/**
 * The config with every sealed string opened, wherever it is (so a value sealed under a field that
 * is no longer declared secret still opens). The same object when nothing is sealed.
 */
export function openConfig(raw: unknown, keys: SecretKeyRing): unknown {
  if (!holdsSealed(raw)) return raw;
  if (isSealed(raw)) return keys.open(raw);
  if (Array.isArray(raw)) return raw.map((item) => openConfig(item, keys));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) setOwn(out, key, openConfig(value, keys));
  return out;
}

/** Plain assignment would treat a `__proto__` key (the file may hold one) as the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
