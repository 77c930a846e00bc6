import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordSealer } from '../store/sealing/record-sealer.js';
import { SecretCipher, SecretKeyRing } from '../store/sealing/secret-cipher.js';
import { resealRevisionFile } from './file-history-store.js';
import { RevisionSealer } from './revision-sealer.js';

const cipher = () => SecretCipher.fromBase64(randomBytes(32).toString('base64'));
const telegram = { id: 'id-1', name: 'telegram', type: 'telegram' };
const revision = (n: number, config: unknown) => ({
  revision: n,
  at: '2026-01-01T00:00:00.000Z',
  action: 'update',
  connector: telegram,
  keyId: 'k',
  fields: [],
  fingerprints: {},
  config,
});

describe('re-sealing the revision file (key rotation)', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-reseal-'));
    path = join(dir, 'milady.revisions.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('seals every revision with the new key, keeps what it cannot open and every other line as they were, mode 0600', async () => {
    const [oldKey, newKey, stranger] = [cipher(), cipher(), cipher()];
    const before = new RevisionSealer(new RecordSealer({ keys: new SecretKeyRing(oldKey) }));
    const strange = JSON.stringify(revision(3, new RevisionSealer(new RecordSealer({ keys: new SecretKeyRing(stranger) })).seal({ botToken: 'c' }, telegram)));
    const lines = [
      JSON.stringify(revision(1, before.seal({ botToken: 'a', dmPolicy: 'open' }, telegram))),
      JSON.stringify({ ...revision(2, undefined), action: 'delete' }),
      strange,
      JSON.stringify(revision(4, before.seal({ botToken: 'b' }, telegram))),
      '{"revision":5,"at":', // cut short by a crash
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    await chmod(path, 0o644);

    const after = new RevisionSealer(new RecordSealer({ keys: new SecretKeyRing(newKey, [oldKey]) }));
    expect(await resealRevisionFile(path, (r) => after.reseal(r.config, r.connector))).toEqual({ resealed: 2, unopenable: 1 });

    const text = await readFile(path, 'utf8');
    const written = text.split('\n');
    expect(written).toHaveLength(lines.length + 1);
    expect([written[1], written[2], written[4]]).toEqual([lines[1], strange, lines[4]]);
    expect(text).not.toContain(`enc:v2:${oldKey.keyId}:`);
    const onlyNew = new RevisionSealer(new RecordSealer({ keys: new SecretKeyRing(newKey) }));
    const opened = [0, 3].map((i) => onlyNew.open((JSON.parse(written[i]) as { config: unknown }).config, telegram, () => undefined));
    expect(opened).toEqual([{ botToken: 'a', dmPolicy: 'open' }, { botToken: 'b' }]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['milady.revisions.jsonl']);
  });

  it('does nothing without a revision file', async () => {
    const sealer = new RevisionSealer(new RecordSealer({ keys: new SecretKeyRing(cipher()) }));
    expect(await resealRevisionFile(path, (r) => sealer.reseal(r.config, r.connector))).toEqual({ resealed: 0, unopenable: 0 });
    expect(await readdir(dir)).toEqual([]);
  });
});
