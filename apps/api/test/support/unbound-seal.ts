import { createCipheriv, randomBytes } from 'node:crypto';
import { SecretCipher } from '@switchboard/core';

/** A value in the first format (`enc:v1:`: only the key id authenticated, no place), as older Switchboards wrote it. */
export function sealUnbound(key: string, value: unknown): string {
  const keyId = SecretCipher.fromBase64(key).keyId;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(keyId));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `enc:v1:${keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
}
