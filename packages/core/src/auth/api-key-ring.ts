import { createHash, timingSafeEqual } from 'node:crypto';
import { PERMISSIONS, type Permission, type Principal } from './permissions.js';

export interface ApiKeyEntry {
  id: string;
  key: string;
  permissions: Permission[];
}

const MIN_KEY_LENGTH = 16;
const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const DEFAULT_PERMISSIONS: Permission[] = ['read', 'write'];

/**
 * Parses API key entries: one per line or separated by `;`, each `<id>:<key>[:<permission>,...]`.
 * `#` starts a comment line. A key listed without permissions gets read and write.
 */
export function parseApiKeys(text: string, source: string): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  for (const raw of text.split(/[;\n]/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [id, key, permissionList, ...extra] = line.split(':');
    const where = `${source}: entry "${id}"`;
    if (!id || !ID_PATTERN.test(id)) throw new Error(`${source}: an entry has no valid id (letters, digits, _ . -); expected <id>:<key>[:permissions]`);
    if (key === undefined || extra.length > 0) throw new Error(`${where} must look like <id>:<key>[:read,write,reveal]`);
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where}: the key must be at least ${MIN_KEY_LENGTH} characters`);
    const permissions = permissionList === undefined ? DEFAULT_PERMISSIONS : permissionList.split(',').map((p) => p.trim());
    for (const permission of permissions) {
      if (!PERMISSIONS.includes(permission as Permission)) throw new Error(`${where}: unknown permission "${permission}" (use ${PERMISSIONS.join(', ')})`);
    }
    if (entries.some((e) => e.id === id)) throw new Error(`${where} is listed twice`);
    entries.push({ id, key, permissions: permissions as Permission[] });
  }
  return entries;
}

interface StoredKey {
  id: string;
  digest: Buffer;
  permissions: ReadonlySet<Permission>;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** The configured keys, held as digests and compared in constant time. */
export class ApiKeyRing {
  private readonly keys: StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.keys = entries.map((e) => ({ id: e.id, digest: digest(e.key), permissions: new Set(e.permissions) }));
  }

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /** The principal holding this key, or undefined. Every key is compared, so timing tells nothing. */
  authenticate(presented: string): Principal | undefined {
    const presentedDigest = digest(presented);
    let match: StoredKey | undefined;
    for (const key of this.keys) if (timingSafeEqual(key.digest, presentedDigest)) match = key;
    return match && { keyId: match.id, permissions: match.permissions };
  }
}
