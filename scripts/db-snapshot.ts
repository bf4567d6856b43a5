import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createTarGzip, type TarFileItem } from 'nanotar';
import { loadShop, prepareBaselineSide, snapshotUrl, SNAPSHOT_SETTINGS, type IndexLists } from '../exercises/06-database/shop-db.ts';
import { baselineFile } from '../src/lessons/files.ts';

/**
 * Writes lesson 06's database snapshot next to its spec, once: the shop's
 * tables loaded, with the baseline's side already made. The page and the
 * verify command start from it instead of loading 110,000 rows and copying
 * and indexing them for the baseline on every run. Run before the site
 * build; `--force` rebuilds it.
 *
 * The database is built in a directory on disk and closed before it is
 * packed. PGlite's own dump is of a running database, and PostgreSQL starts
 * such a directory with crash recovery, which empties unlogged tables (every
 * side's tables are unlogged). A directory closed cleanly starts as it was.
 * The tar is made with nanotar: small, no dependencies, and gzip through the
 * platform's CompressionStream.
 */
const target = fileURLToPath(snapshotUrl);

/** The baseline's index lists, from the baseline's own file. */
async function baselineLists(): Promise<IndexLists> {
  const module = (await import(pathToFileURL(await baselineFile('06-database')).href)) as IndexLists;
  return { orderIndexes: module.orderIndexes, eventIndexes: module.eventIndexes };
}

async function buildDataDirectory(dir: string): Promise<void> {
  const db = await PGlite.create({ dataDir: dir, postgresqlconf: SNAPSHOT_SETTINGS });
  try {
    await loadShop(db);
    await prepareBaselineSide(db, await baselineLists());
    await dropTemplateDatabases(db);
  } finally {
    await db.close();
  }
}

/**
 * The template databases are for CREATE DATABASE, which the lesson never
 * runs: without them the snapshot is 15 MB smaller to unpack on every run.
 */
async function dropTemplateDatabases(db: PGlite): Promise<void> {
  await db.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
  // DROP DATABASE runs outside a transaction block: one statement per call.
  await db.exec('DROP DATABASE template0');
  await db.exec('DROP DATABASE template1');
}

/** Every directory and file under `dir`, named as PGlite's own dumps name them ("/base/5/1259"). */
async function entries(dir: string): Promise<TarFileItem[]> {
  const items: TarFileItem[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const name = `/${path.relative(dir, full)}`;
    if (entry.isDirectory()) items.push({ name: `${name}/`, attrs: { mode: '700' } });
    else items.push({ name, data: new Uint8Array(await readFile(full)), attrs: { mode: '600' } });
  }
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

if (existsSync(target) && !process.argv.includes('--force')) {
  console.log(`db-snapshot: ${target} is there`);
} else {
  const started = performance.now();
  const dir = await mkdtemp(path.join(tmpdir(), 'shop-db-'));
  try {
    await buildDataDirectory(dir);
    const tar = await createTarGzip(await entries(dir));
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.part`;
    await writeFile(temporary, tar);
    await rename(temporary, target);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`db-snapshot: wrote ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
