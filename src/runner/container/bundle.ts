import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { listLessons } from '../../lessons/files.ts';

/**
 * Builds the container runner: runner.mjs, thread.mjs and specs/<slug>.mjs,
 * each one self-contained ES module for Node, plus PGlite's WebAssembly next
 * to the specs that load it. Written at build time into the site (see the
 * Astro integration) and by the tests into a temporary folder.
 */
const PGLITE_ASSETS = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];

export async function buildContainerBundle(root: string, outDir: string): Promise<string[]> {
  const specs = await listLessons(root);
  const entryPoints: Record<string, string> = {
    runner: path.join(root, 'src/runner/container/entry.ts'),
    thread: path.join(root, 'src/runner/node/thread.ts'),
  };
  for (const slug of specs) entryPoints[`specs/${slug}`] = path.join(root, 'exercises', slug, 'spec.ts');
  await build({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node18',
    logLevel: 'warning',
    // Some dependencies call require() for Node built-ins; give ES modules a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const pglite = path.join(root, 'node_modules/@electric-sql/pglite/dist');
  await mkdir(path.join(outDir, 'specs'), { recursive: true });
  for (const asset of PGLITE_ASSETS) await copyFile(path.join(pglite, asset), path.join(outDir, 'specs', asset));
  return [...Object.keys(entryPoints).map((e) => `${e}.mjs`), ...PGLITE_ASSETS.map((a) => `specs/${a}`)];
}
