import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Marks a value as sealed; the version lets a later format live beside this one. */
export const SEALED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A key that is malformed, missing, or not the one a value was sealed with; the message never holds key material. */
export class CipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CipherError';
  }
}

/** True for a string in the `enc:v1:` format (whether or not it opens). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** The key id a sealed value names, or undefined for a string not in the format. */
export function sealedKeyId(value: string): string | undefined {
  return isSealed(value) ? value.slice(SEALED_PREFIX.length).split(':', 1)[0] : undefined;
}

/**
 * AES-256-GCM over the JSON of a value: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts).
 * The key id (a hash of the key, never the key) says which key sealed a value, so rotation and a
 * wrong key are told apart from tampering; it is also authenticated, as additional data.
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

  seal(value: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(this.keyId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${this.keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
  }

  /** The value sealed in `sealed`; a CipherError if it was sealed with another key, or altered. */
  open(sealed: string): unknown {
    const parts = sealed.startsWith(SEALED_PREFIX) ? sealed.slice(SEALED_PREFIX.length).split(':') : [];
    if (parts.length !== 4) throw new CipherError('an encrypted value is malformed');
    const [keyId, iv, tag, ciphertext] = parts;
    if (keyId !== this.keyId) throw new CipherError(`a value is encrypted with key ${keyId}, not with key ${this.keyId}`);
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CipherError(`an encrypted value (key ${keyId}) fails its integrity check: it was altered or damaged`);
    }
    return JSON.parse(plaintext) as unknown;
  }
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

  open(sealed: string): unknown {
    const keyId = sealedKeyId(sealed) ?? '?';
    const cipher = this.byId.get(keyId);
    if (!cipher) {
      throw new CipherError(
        this.byId.size === 0
          ? `it holds values encrypted with key ${keyId} but SWITCHBOARD_ENCRYPTION_KEY is not set`
          : `it holds values encrypted with key ${keyId}, which is not the configured key (${[...this.byId.keys()].join(', ')}); ` +
              'set the right SWITCHBOARD_ENCRYPTION_KEY, or run "switchboard rotate-key" with the old key in SWITCHBOARD_ENCRYPTION_KEY_OLD',
      );
    }
    return cipher.open(sealed);
  }
}
