import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Marks a value as sealed and bound to its place (`enc:v2:`). The version lets formats live side by
 * side: `enc:v1:` values (sealed before values were bound to their place) still open, where sealing
 * would have put them, and are written again as `enc:v2:` at the next write or `rotate-key`.
 */
export const SEALED_PREFIX = 'enc:v2:';
/** The first format: authenticated with the key id only, so it opens wherever it is copied. */
export const UNBOUND_PREFIX = 'enc:v1:';
/** Every prefix of the store's format: a client may not send a string that starts with one. */
export const SEALED_PREFIXES: readonly string[] = [UNBOUND_PREFIX, SEALED_PREFIX];
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Where a sealed value belongs: the connector's name and the path of keys (and array indices) to it in its config. */
export interface SealPlace {
  connector: string;
  path: readonly (string | number)[];
}

/** A key that is malformed, missing, or not the one a value was sealed with; the message never holds key material. */
export class CipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CipherError';
  }
}

/**
 * A value that does not open with the key it names: altered, damaged, malformed, or moved from the
 * place it was sealed for (another field, another connector). Never served; the message holds no content.
 */
export class SealIntegrityError extends CipherError {
  constructor(message: string) {
    super(message);
    this.name = 'SealIntegrityError';
  }
}

/** True for a string in one of the `enc:` formats (whether or not it opens). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && (value.startsWith(SEALED_PREFIX) || value.startsWith(UNBOUND_PREFIX));
}

/** True for a value sealed in the first format, not bound to its place. */
export function isUnbound(value: string): boolean {
  return value.startsWith(UNBOUND_PREFIX);
}

/** The key id a sealed value names, or undefined for a string not in the format. */
export function sealedKeyId(value: string): string | undefined {
  return isSealed(value) ? value.slice(SEALED_PREFIX.length).split(':', 1)[0] : undefined;
}

/** `[keyId, iv, tag, ciphertext]` of a sealed value, or undefined when it is not well formed. */
function partsOf(sealed: string): [string, string, string, string] | undefined {
  if (!isSealed(sealed)) return undefined;
  const parts = sealed.slice(SEALED_PREFIX.length).split(':');
  return parts.length === 4 && parts[0] !== '' ? (parts as [string, string, string, string]) : undefined;
}

/**
 * AES-256-GCM over the JSON of a value: `enc:v2:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts).
 * The key id (a hash of the key, never the key) says which key sealed a value, so rotation and a
 * wrong key are told apart from tampering. The additional authenticated data binds the value to the
 * key id and to its place (connector name, field path): copied into another field or connector —
 * say one served in clear — it fails its integrity check instead of opening there.
 */
export class SecretCipher {
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update('switchboard-key-id:').update(key).digest('base64url').slice(0, 8);
  }

  /** `name` is the setting the key came from, for the error message. */
  static fromBase64(encoded: string, name = 'the encryption key'): SecretCipher {
    const trimmed = encoded.trim();
    // Buffer.from skips characters that are not base64: check the text's shape first (32 bytes = 43
    // characters and one pad; base64url spelling accepted too).
    if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
      throw new CipherError(`${name} must be ${KEY_BYTES} random bytes in base64 (e.g. from "openssl rand -base64 32")`);
    }
    return new SecretCipher(Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }

  /** A key for another purpose (e.g. `revision-fingerprints`), derived from this one: holding it reveals nothing of this key. */
  derive(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(`switchboard-derived-key:${purpose}`).digest();
  }

  seal(value: unknown, place: SealPlace): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(boundData(this.keyId, place));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${this.keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
  }

  /**
   * The value sealed in `sealed` for `place`: a CipherError if it was sealed with another key, a
   * SealIntegrityError if it was sealed for another place, altered, or is malformed. An `enc:v1:`
   * value carries no place and opens wherever it is (the caller decides whether it belongs there).
   */
  open(sealed: string, place: SealPlace): unknown {
    const parts = partsOf(sealed);
    if (!parts) throw new SealIntegrityError('an encrypted value is malformed');
    const [keyId, iv, tag, ciphertext] = parts;
    if (keyId !== this.keyId) throw new CipherError(`a value is encrypted with key ${keyId}, not with key ${this.keyId}`);
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(isUnbound(sealed) ? Buffer.from(keyId) : boundData(keyId, place));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealIntegrityError(
        `an encrypted value (key ${keyId}) fails its integrity check: it was moved from another field or connector, altered, or damaged`,
      );
    }
    return JSON.parse(plaintext) as unknown;
  }
}

/** The additional data of a bound value: format, key id, connector name, path (JSON: no separator can be forged). */
function boundData(keyId: string, place: SealPlace): Buffer {
  return Buffer.from(JSON.stringify(['switchboard-secret', 2, keyId, place.connector, place.path]));
}

/**
 * The key that seals new values plus older keys that may still open existing ones (during a
 * rotation). Either part may be absent: no sealing key means values are written in clear.
 */
export class SecretKeyRing {
  private readonly byId = new Map<string, SecretCipher>();

  constructor(
    readonly sealing: SecretCipher | undefined,
    opening: readonly SecretCipher[] = [],
  ) {
    for (const cipher of [...opening, ...(sealing ? [sealing] : [])]) this.byId.set(cipher.keyId, cipher);
  }

  open(sealed: string, place: SealPlace): unknown {
    const keyId = partsOf(sealed)?.[0];
    if (keyId === undefined) throw new SealIntegrityError('an encrypted value is malformed');
    const cipher = this.byId.get(keyId);
    if (!cipher) {
      throw new CipherError(
        this.byId.size === 0
          ? `it holds values encrypted with key ${keyId} but SWITCHBOARD_ENCRYPTION_KEY is not set`
          : `it holds values encrypted with key ${keyId}, which is not the configured key (${[...this.byId.keys()].join(', ')}); ` +
              'set the right SWITCHBOARD_ENCRYPTION_KEY, or run "switchboard rotate-key" with the old key in SWITCHBOARD_ENCRYPTION_KEY_OLD',
      );
    }
    return cipher.open(sealed, place);
  }
}
