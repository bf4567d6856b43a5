import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSnapshot, snapshotUrl, writeSnapshot } from '../exercises/06-database/shop-db.ts';

/**
 * Writes lesson 06's database snapshot (the shop's tables, loaded) next to
 * its spec, once: the page and the verify command start from it instead of
 * creating the database and loading 110,000 rows on every run. Run before
 * the site build; `--force` rebuilds it.
 */
const target = fileURLToPath(snapshotUrl);
if (existsSync(target) && !process.argv.includes('--force')) {
  console.log(`db-snapshot: ${target} is there`);
} else {
  const started = performance.now();
  const written = await writeSnapshot(await buildSnapshot());
  console.log(`db-snapshot: wrote ${written} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
