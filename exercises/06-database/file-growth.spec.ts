import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amortizeFileGrowth } from './file-growth.ts';

type Fs = {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  truncate(path: string, size: number): void;
};

describe('amortized file growth in PGlite', () => {
  let db: PGlite;
  let fs: Fs;
  beforeAll(async () => {
    db = await PGlite.create();
    expect(amortizeFileGrowth(db)).toBe(true);
    fs = (db.Module as unknown as { FS: Fs }).FS;
  }, 60_000);
  afterAll(() => db.close());

  it('grows a file with zeros and keeps what it held', () => {
    fs.writeFile('/tmp/grow', new Uint8Array([1, 2, 3]));
    fs.truncate('/tmp/grow', 10);
    expect([...fs.readFile('/tmp/grow')]).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('reads zeros where a file shrank and grew again', () => {
    fs.writeFile('/tmp/regrow', new Uint8Array([9, 9, 9, 9, 9, 9]));
    fs.truncate('/tmp/regrow', 2_000_000);
    fs.truncate('/tmp/regrow', 2);
    fs.truncate('/tmp/regrow', 5);
    expect([...fs.readFile('/tmp/regrow')]).toEqual([9, 9, 0, 0, 0]);
  });

  it('leaves the database working: a table copied page by page reads back whole', async () => {
    await db.exec(`CREATE TABLE t AS SELECT g AS id, repeat('x', 400) AS pad FROM generate_series(1, 20000) g`);
    const started = performance.now();
    await db.exec('CREATE TABLE u AS TABLE t');
    const copyMs = performance.now() - started;
    const { rows } = await db.query<{ n: number; s: number }>('SELECT count(*)::int AS n, sum(length(pad))::int AS s FROM u');
    expect(rows[0]).toEqual({ n: 20000, s: 20000 * 400 });
    // A figure, not a gate: the machine's load moves it.
    console.log(`copied a ${20000 * 400 / 1e6} MB table in ${copyMs.toFixed(0)} ms`);
  }, 60_000);

  it('applies once per file system', () => {
    const memfs = (db.Module as unknown as { MEMFS: { resizeFileStorage: unknown } }).MEMFS;
    const first = memfs.resizeFileStorage;
    expect(amortizeFileGrowth(db)).toBe(true);
    expect(memfs.resizeFileStorage).toBe(first);
  });
});
