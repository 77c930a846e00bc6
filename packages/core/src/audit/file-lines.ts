import type { FileHandle } from 'node:fs/promises';

/**
 * The lines of a JSONL file, counted and read back by one rule so that a line's number is the same
 * either way: every `\n` ends a line, and bytes after the last `\n` (a line cut short by a crash)
 * are one more line. Files are read in chunks, so memory stays bounded by a chunk and the longest
 * line whatever the file's size.
 */
const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;

async function readAt(handle: FileHandle, start: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** How many lines the first `bytes` of a file hold, and whether they end with a cut-short line. */
export async function countLines(handle: FileHandle, bytes: number, chunkBytes = CHUNK_BYTES): Promise<{ lines: number; unterminated: boolean }> {
  let lines = 0;
  let lastByte = NEWLINE;
  for (let start = 0; start < bytes; start += chunkBytes) {
    const chunk = await readAt(handle, start, Math.min(chunkBytes, bytes - start));
    if (chunk.length === 0) break;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
    lastByte = chunk[chunk.length - 1];
  }
  const unterminated = lastByte !== NEWLINE;
  return { lines: lines + (unterminated ? 1 : 0), unterminated };
}

/** The lines of the first `bytes` of a file, the last first, read backwards chunk by chunk. */
export async function* linesBackwards(handle: FileHandle, bytes: number, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  if (bytes <= 0) return;
  // The start of a line whose beginning lies in a chunk not read yet.
  let carry: Buffer = Buffer.alloc(0);
  let end = bytes;
  let atEnd = true;
  while (end > 0) {
    const start = Math.max(0, end - chunkBytes);
    const chunk = await readAt(handle, start, end - start);
    end = start;
    const buffer = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
    let stop = buffer.length;
    // The final `\n` ends the last line; it does not begin an empty one.
    if (atEnd && buffer[stop - 1] === NEWLINE) stop--;
    atEnd = false;
    for (let at = stop > 0 ? buffer.lastIndexOf(NEWLINE, stop - 1) : -1; at !== -1; at = stop > 0 ? buffer.lastIndexOf(NEWLINE, stop - 1) : -1) {
      yield buffer.toString('utf8', at + 1, stop);
      stop = at;
    }
    carry = buffer.subarray(0, stop);
  }
  yield carry.toString('utf8');
}
