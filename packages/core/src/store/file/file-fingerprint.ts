import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';

/** What the store knows of the file it last read or wrote: enough to tell, cheaply, whether anyone changed it since. */
export interface Fingerprint {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  /** SHA-256 of the content, compared only when the stat alone cannot be trusted (see isRacy). */
  readonly hash: string;
  /** Wall-clock time (ns) when the stat above was taken. */
  readonly statAtNs: bigint;
}

export type FileCheck = 'unchanged' | 'changed' | 'missing';

const NS_PER_MS = 1_000_000n;
// The kernel stamps mtimes from a clock that ticks every few ms; filesystems without sub-second
// timestamps (FAT, old HFS+) round to 1-2 s.
const FINE_WINDOW_NS = 50n * NS_PER_MS;
const COARSE_WINDOW_NS = 2_000n * NS_PER_MS;

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function nowNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}

function fingerprint(stats: BigIntStats, hash: string, statAtNs: bigint): Fingerprint {
  return { ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, hash, statAtNs };
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
    const text = await handle.readFile('utf8');
    return { text, fingerprint: fingerprint(stats, hashText(text), statAtNs) };
  } finally {
    await handle.close();
  }
}

/** The fingerprint of a file this process has just written with `text`. */
export async function fingerprintWritten(path: string, text: string): Promise<Fingerprint> {
  const statAtNs = nowNs();
  return fingerprint(await stat(path, { bigint: true }), hashText(text), statAtNs);
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
  if (!isRacy(known)) return { check: 'unchanged', known };
  const text = await readFile(path, 'utf8');
  if (hashText(text) !== known.hash) return { check: 'changed', known };
  return { check: 'unchanged', known: { ...known, statAtNs } };
}
