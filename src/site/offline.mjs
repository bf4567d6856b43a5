import { createHash } from 'node:crypto';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';
import { ASSET_CACHE, OFFLINE_LIST, PAGE_CACHE } from './offline-caches.ts';

/**
 * Makes the built site work offline without a surprise download. After
 * `astro build`, Workbox writes `dist/sw.js`, a service worker that keeps a
 * copy of each file the site serves as it is first fetched: a learner who
 * opens a lesson can reopen it offline, and the heavy parts (PGlite, the
 * TypeScript worker) are stored only once a lesson has needed them. Nothing is
 * downloaded in the background.
 *
 * `dist/offline-files.json` lists every file the workshop needs, with sizes:
 * "Make the whole workshop available offline" (src/ui/offline.ts) fetches
 * them all into the same caches, and says the size first.
 *
 * Cached responses keep the headers they were fetched with, so a page served
 * offline is as cross-origin isolated as it was online (the e2e test checks).
 * Base.astro registers the worker, in production builds only.
 */

/** Never needed offline: host configuration, source maps, the worker itself, and real Node's bundle (a WebContainer boots from StackBlitz, so it needs the network anyway). */
const skipped = [/^_headers$/, /\.map$/, /^sw\.js$/, /^container\//, new RegExp(`^${OFFLINE_LIST.slice(1)}$`)];
/** Monaco builds language workers the exercises never start (src/ui/editor.ts uses the TypeScript and the editor worker only). */
const unused = [/^_astro\/(css|html|json)\.worker-[^/]+\.js$/];

async function filesOf(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** The URL a file is asked for: pages by their directory, as links name them. */
const urlOf = (file) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`;

export function offline() {
  return {
    name: 'offline-cache',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const { warnings } = await generateSW({
          globDirectory: root,
          globPatterns: [],
          swDest: path.join(root, 'sw.js'),
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: 'production',
          // A new deploy takes over at once; learners' code lives in localStorage, not in these caches.
          skipWaiting: true,
          clientsClaim: true,
          runtimeCaching: [
            {
              urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_astro/'),
              handler: 'CacheFirst',
              options: { cacheName: ASSET_CACHE, matchOptions: { ignoreVary: true } },
            },
            {
              urlPattern: ({ url, sameOrigin }) => sameOrigin && !url.pathname.startsWith('/container/') && url.pathname !== '/sw.js',
              handler: 'NetworkFirst',
              options: { cacheName: PAGE_CACHE, networkTimeoutSeconds: 4, matchOptions: { ignoreSearch: true, ignoreVary: true } },
            },
          ],
        });
        for (const warning of warnings) logger.warn(warning);

        const names = (await filesOf(root)).filter((f) => !skipped.some((r) => r.test(f)) && !unused.some((r) => r.test(f))).sort();
        const files = await Promise.all(names.map(async (f) => ({ url: urlOf(f), bytes: (await stat(path.join(root, f))).size })));
        const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
        const version = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
        await writeFile(path.join(root, OFFLINE_LIST.slice(1)), JSON.stringify({ version, bytes, files }));
        logger.info(`offline: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB for the whole workshop, fetched only on request`);
      },
    },
  };
}
