import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite keeps its data directory in Emscripten's in-memory file system,
 * where growing a file with ftruncate or fallocate allocates an array of
 * exactly the new size and copies the whole file into it. PostgreSQL grows
 * a table's file by up to 64 pages at a time, so copying one 28 MB table
 * copies the file again on each step: about 3 s in Node and 6 s in Chromium
 * for the first copy of `orders`, against 0.5 s once growth is amortized.
 * Writes past the end already grow by a factor (MEMFS's expandFileStorage);
 * this gives ftruncate and fallocate the same.
 * `file-growth.spec.ts` checks that files still read the same, and prints
 * how long a copy of a table takes.
 */

interface FileNode {
  contents: Uint8Array;
  usedBytes: number;
}

interface Memfs {
  resizeFileStorage(node: FileNode, size: number): void;
}

/** How much room a grown file gets beyond what it asked for, as MEMFS gives writes. */
const GROWTH = 1.125;

const patched = new WeakSet<object>();

/**
 * Makes file growth in `db`'s file system amortized. Returns whether it
 * could (false when PGlite's Emscripten build no longer has the function,
 * which costs only speed).
 */
export function amortizeFileGrowth(db: PGlite): boolean {
  const memfs = (db.Module as unknown as { MEMFS?: Partial<Memfs> }).MEMFS;
  if (typeof memfs?.resizeFileStorage !== 'function') return false;
  if (patched.has(memfs)) return true;
  const exact = memfs.resizeFileStorage.bind(memfs);
  memfs.resizeFileStorage = (node: FileNode, size: number) => {
    if (size <= node.usedBytes) return exact(node, size);
    if (node.contents.length < size) {
      const grown = new Uint8Array(Math.max(size, Math.floor(node.contents.length * GROWTH)));
      grown.set(node.contents.subarray(0, node.usedBytes));
      node.contents = grown;
    } else {
      // Room left by an earlier growth is read as zeros once it is part of the file.
      node.contents.fill(0, node.usedBytes, size);
    }
    node.usedBytes = size;
  };
  patched.add(memfs);
  return true;
}
