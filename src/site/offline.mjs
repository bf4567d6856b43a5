import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';

/**
 * Makes the built site work offline. After `astro build`, Workbox writes
 * `dist/sw.js`, a service worker that precaches every file the site has (the
 * pages, Monaco and its language chunks and workers, the runner worker and its
 * pool threads, chart.js, PGlite's WebAssembly and data) and answers every
 * request for them from the cache on the device. Its Workbox runtime is inlined,
 * so the service worker loads nothing from a CDN either.
 *
 * Cached responses keep the headers they were fetched with, so a page served
 * offline is as cross-origin isolated as it was online (the e2e test checks).
 * Base.astro registers the worker, in production builds only.
 */
export function offline() {
  return {
    name: 'offline-cache',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await generateSW({
          globDirectory: fileURLToPath(dir),
          globPatterns: ['**/*.{html,js,mjs,css,json,svg,png,jpg,webp,ico,ttf,woff,woff2,wasm,data,tar.gz,txt}'],
          // `_headers` is host configuration, not part of the site. `container/` is what real Node
          // mounts in a WebContainer (about 17 MB, PGlite included); a WebContainer boots from
          // StackBlitz's servers, so offline it cannot run and the Web Worker runs the lessons.
          globIgnores: ['**/_headers', '**/*.map', 'container/**'],
          swDest: fileURLToPath(new URL('sw.js', dir)),
          // PGlite's WebAssembly and file system image are around 10 MB each.
          maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
          // Files under _astro/ have a content hash in their name; no revision needed.
          dontCacheBustURLsMatching: /^_astro\//,
          // `/lessons/x/` is served from the cached `lessons/x/index.html` (the default, stated;
          // Workbox's cleanURLs, on at run time, also maps `/lessons/x` to a cached `lessons/x.html`).
          directoryIndex: 'index.html',
          ignoreURLParametersMatching: [/.*/],
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: 'production',
          // A new deploy takes over at once; learners' code lives in localStorage, not in this cache.
          skipWaiting: true,
          clientsClaim: true,
          cleanupOutdatedCaches: true,
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`service worker: precached ${count} files, ${(size / 1e6).toFixed(1)} MB`);
      },
    },
  };
}
