import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';

/** What the store knows of the file it last read or wrote: enough to tell, cheaply, whether anyone changed it since. */
export interface Fingerprint {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  /**
   * How to tell the content is unchanged when the stat alone cannot be trusted (see isRacy): the
   * bytes this process has just written (compared as they are: no decoding, no hashing), or the
   * SHA-256 of what it read. Dropped once the stat can be trusted: it is never needed again.
   */
  readonly content?: { bytes: Buffer } | { hash: string };
  /** Wall-clock time (ns) when the stat above was taken. */
  readonly statAtNs: bigint;
}

export type FileCheck = 'unchanged' | 'changed' | 'missing';

const NS_PER_MS = 1_000_000n;
// The kernel stamps mtimes from a clock that ticks every few ms; filesystems without sub-second
// timestamps (FAT, old HFS+) round to 1-2 s.
const FINE_WINDOW_NS = 50n * NS_PER_MS;
const COARSE_WINDOW_NS = 2_000n * NS_PER_MS;

function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function nowNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}

function fingerprint(stats: BigIntStats, content: Fingerprint['content'], statAtNs: bigint): Fingerprint {
  return { ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, content, statAtNs };
}

function sameContent(bytes: Buffer, content: NonNullable<Fingerprint['content']>): boolean {
  return 'bytes' in content ? bytes.equals(content.bytes) : hashBytes(bytes) === content.hash;
}

/**
 * The stat was taken so soon after the file's mtime that a later write in the same clock tick, of
 * the same size, would leave the stat unchanged (git's "racily clean" case): only the content tells.
 */
function isRacy(known: Fingerprint): boolean {
  const window = known.mtimeNs % 1_000_000_000n === 0n ? COARSE_WINDOW_NS : FINE_WINDOW_NS;
  return known.statAtNs - known.mtimeNs < window;
}

/** Reads the file and fingerprints what was read (stat of the same open file, taken first: a later change shows as changed). */
export async function readWithFingerprint(path: string): Promise<{ text: string; fingerprint: Fingerprint } | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const statAtNs = nowNs();
    const stats = await handle.stat({ bigint: true });
    const bytes = await handle.readFile();
    return { text: bytes.toString('utf8'), fingerprint: fingerprint(stats, { hash: hashBytes(bytes) }, statAtNs) };
  } finally {
    await handle.close();
  }
}

/** The fingerprint of a file this process has just written with `bytes` (kept by reference, not copied). */
export async function fingerprintWritten(path: string, bytes: Buffer): Promise<Fingerprint> {
  const statAtNs = nowNs();
  return fingerprint(await stat(path, { bigint: true }), { bytes }, statAtNs);
}

/**
 * Whether the file still is what `known` describes. Costs a stat; reads and hashes the content only
 * in the racy case. Returns the fingerprint to keep (a verified racy one is renewed so it stops
 * being racy once the clock has moved on).
 */
export async function checkFile(path: string, known: Fingerprint | undefined): Promise<{ check: FileCheck; known: Fingerprint | undefined }> {
  const statAtNs = nowNs();
  let stats: BigIntStats;
  try {
    stats = await stat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { check: known ? 'missing' : 'unchanged', known };
    throw error;
  }
  if (!known || stats.ino !== known.ino || stats.size !== known.size || stats.mtimeNs !== known.mtimeNs) return { check: 'changed', known };
  if (!isRacy(known)) return { check: 'unchanged', known: known.content ? { ...known, content: undefined } : known };
  if (!known.content || !sameContent(await readFile(path), known.content)) return { check: 'changed', known };
  return { check: 'unchanged', known: { ...known, statAtNs } };
}
