import { isCredentialedUrl, isPlainObject, type SecretFields, secretSpecFor } from '@switchboard/sdk';
import { isSealed, isUnbound, type SealPlace, type SecretCipher, type SecretKeyRing, SealIntegrityError, sealedKeyId, SEALED_PREFIX } from './secret-cipher.js';

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

type Path = readonly (string | number)[];

/**
 * A copy of the config with its secret values sealed by `cipher`, each bound to `connector` and its
 * path. A string that merely looks sealed (a client sent it) is sealed too, so that loading gives it
 * back as the literal it was.
 */
export function sealConfig(config: unknown, secrets: SecretFields, cipher: SecretCipher, connector: string): unknown {
  return sealAt(config, secrets, cipher, connector, []);
}

function sealAt(config: unknown, secrets: SecretFields, cipher: SecretCipher, connector: string, path: Path): unknown {
  if (typeof config === 'string') return isCredentialedUrl(config) || isSealed(config) ? cipher.seal(config, { connector, path }) : config;
  if (Array.isArray(config)) return config.map((item, i) => sealAt(item, secrets, cipher, connector, [...path, i]));
  if (!isPlainObject(config)) return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const at = [...path, key];
    setOwn(out, key, sealsWhole(key, value, secrets) ? cipher.seal(value, { connector, path: at }) : sealAt(value, secrets, cipher, connector, at));
  }
  return out;
}

function sealsWhole(key: string, value: unknown, secrets: SecretFields): boolean {
  return secretSpecFor(key, secrets) !== undefined && isSecretValue(value);
}

/**
 * True when `raw` (a config as stored) is exactly what sealing with this key would produce: every
 * secret value sealed with `keyId` in the bound format, no clear or `enc:v1:` one left. Lets an
 * untouched entry be written back as read instead of re-encrypted on every commit.
 */
export function isSealedWith(raw: unknown, secrets: SecretFields, keyId: string): boolean {
  const current = (value: unknown) => typeof value === 'string' && value.startsWith(SEALED_PREFIX) && sealedKeyId(value) === keyId;
  if (typeof raw === 'string') return isSealed(raw) ? current(raw) : !isCredentialedUrl(raw);
  if (Array.isArray(raw)) return raw.every((item) => isSealedWith(item, secrets, keyId));
  if (!isPlainObject(raw)) return true;
  return Object.entries(raw).every(([key, value]) => (sealsWhole(key, value, secrets) ? current(value) : isSealedWith(value, secrets, keyId)));
}

/** True when any string in the value is sealed. */
export function holdsSealed(raw: unknown): boolean {
  if (isSealed(raw)) return true;
  if (Array.isArray(raw)) return raw.some(holdsSealed);
  return isPlainObject(raw) && Object.values(raw).some(holdsSealed);
}

export interface OpenContext {
  /** The connector's name: bound values open only under the name they were sealed for. */
  connector: string;
  /** Its type's declared secret fields: an unbound (`enc:v1:`) value opens only where sealing puts a value. */
  secrets: SecretFields;
  /** Hears the path of each value that does not open here (moved, altered, damaged); the value is left out. */
  refused(path: string, reason: string): void;
}

/**
 * The config with every sealed string opened, wherever it is (so a value sealed under a field that
 * is no longer declared secret still opens). The same object when nothing is sealed. A value that
 * does not belong where it is — sealed for another place, altered, or an unbound value where sealing
 * would never have put one — is left out (reported through `refused`), so it is never served; a
 * value under a key that is not configured throws (a CipherError): the whole file needs that key.
 */
export function openConfig(raw: unknown, keys: SecretKeyRing, context: OpenContext): unknown {
  const opened = openAt(raw, keys, context, []);
  return opened === REFUSED ? undefined : opened;
}

const REFUSED = Symbol('refused');

function openAt(raw: unknown, keys: SecretKeyRing, context: OpenContext, path: Path): unknown {
  if (!holdsSealed(raw)) return raw;
  if (isSealed(raw)) return openValue(raw, keys, context, path);
  if (Array.isArray(raw)) return raw.map((item, i) => openAt(item, keys, context, [...path, i])).filter((item) => item !== REFUSED);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const opened = openAt(value, keys, context, [...path, key]);
    if (opened !== REFUSED) setOwn(out, key, opened);
  }
  return out;
}

function openValue(sealed: string, keys: SecretKeyRing, context: OpenContext, path: Path): unknown {
  const place: SealPlace = { connector: context.connector, path };
  try {
    const value = keys.open(sealed, place);
    if (isUnbound(sealed) && !belongsAt(path, value, context.secrets)) {
      context.refused(pathText(path), 'an unbound (enc:v1:) value in a field that is not secret');
      return REFUSED;
    }
    return value;
  } catch (error) {
    if (!(error instanceof SealIntegrityError)) throw error;
    context.refused(pathText(path), error.message);
    return REFUSED;
  }
}

/** Where sealing would have put `value`: under a secret field, or a credentialed URL (or look-alike) anywhere. */
function belongsAt(path: Path, value: unknown, secrets: SecretFields): boolean {
  const key = path.at(-1);
  if (typeof key === 'string' && sealsWhole(key, value, secrets)) return true;
  return typeof value === 'string' && (isCredentialedUrl(value) || isSealed(value));
}

/** `accounts.main.botToken`, `urls[2]`: for messages. */
export function pathText(path: Path): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '') || '(the config)';
}

/** Plain assignment would treat a `__proto__` key (the file may hold one) as the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
