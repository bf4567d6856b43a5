import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { pageHeaders } from './src/site/headers.mjs';
import { containerBundle } from './src/site/container-bundle.ts';
import { offline } from './src/site/offline.mjs';
import { codeWidth } from './src/site/code-width.mjs';
import { monacoStyles } from './src/site/monaco-styles.mjs';

// Cross-origin isolation gives learner code a 5 µs timer instead of 100 µs,
// and is what a WebContainer needs to boot. The dev and preview servers send
// the same headers that public/_headers asks static hosts for.
export default defineConfig({
  // containerBundle(): the runner for real Node in a WebContainer, at /container/.
  // offline(): after the build, a service worker that keeps what the site serves, and the list of files
  // "Make the whole workshop available offline" downloads.
  integrations: [mdx(), containerBundle(), offline()],
  // Code in the prose, in both themes (the page's theme picks one, src/styles/global.css); both keep comments legible.
  markdown: { shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' }, transformers: [codeWidth()] } },
  server: { headers: pageHeaders },
  vite: {
    // monacoStyles(): the editor's stylesheets come with the editor, not in every lesson page's <head>.
    plugins: [monacoStyles()],
    worker: { format: 'es' },
    // PGlite finds its WebAssembly next to its own module; pre-bundling would move it.
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
    server: { headers: pageHeaders },
    preview: { headers: pageHeaders },
  },
});
