import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countLines, linesBackwards } from './file-lines.js';

describe('lines of a JSONL file, counted and read backwards', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-lines-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Counts and reads back `text` with chunks of every small size, so that lines straddle chunks. */
  async function both(text: string): Promise<{ counted: number[]; backwards: string[][] }> {
    const path = join(dir, 'lines.jsonl');
    await writeFile(path, text);
    const bytes = Buffer.byteLength(text);
    const handle = await open(path, 'r');
    try {
      const counted: number[] = [];
      const backwards: string[][] = [];
      for (const chunk of [1, 2, 3, 5, 64 * 1024]) {
        counted.push((await countLines(handle, bytes, chunk)).lines);
        const lines: string[] = [];
        for await (const line of linesBackwards(handle, bytes, chunk)) lines.push(line);
        backwards.push(lines);
      }
      return { counted, backwards };
    } finally {
      await handle.close();
    }
  }

  it('agrees on the lines whatever the chunk size, multi-byte characters across chunks included', async () => {
    for (const [text, lines] of [
      ['', []],
      ['a\n', ['a']],
      ['a\nbb\n', ['bb', 'a']],
      ['{"n":"é€😀"}\n{"n":"ü"}\n', ['{"n":"ü"}', '{"n":"é€😀"}']],
      ['a\n\nb\n', ['b', '', 'a']],
      ['\n', ['']],
    ] as const) {
      const { counted, backwards } = await both(text);
      expect({ text, counted, backwards }).toEqual({ text, counted: counted.map(() => lines.length), backwards: backwards.map(() => lines) });
    }
  });

  it('counts a line cut short at the end (a crash mid-append) as one line, and says so', async () => {
    const { counted, backwards } = await both('{"a":1}\n{"a":');
    expect(counted).toEqual(counted.map(() => 2));
    expect(backwards).toEqual(backwards.map(() => ['{"a":', '{"a":1}']));
    const path = join(dir, 'lines.jsonl');
    const handle = await open(path, 'r');
    await expect(countLines(handle, 12)).resolves.toEqual({ lines: 2, unterminated: true });
    await expect(countLines(handle, 8)).resolves.toEqual({ lines: 1, unterminated: false });
    await handle.close();
  });

  it('reads only the bytes it is given, not what was appended since', async () => {
    const path = join(dir, 'grown.jsonl');
    await writeFile(path, 'one\ntwo\nthree\n');
    const handle = await open(path, 'r');
    const lines: string[] = [];
    for await (const line of linesBackwards(handle, 8, 3)) lines.push(line);
    await handle.close();
    expect(lines).toEqual(['two', 'one']);
  });
});
