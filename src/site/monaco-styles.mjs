/**
 * A Vite plugin that turns the stylesheets Monaco's modules import into
 * JavaScript that adds them to the page when those modules run.
 *
 * Why: a stylesheet imported anywhere below a lesson page's script, even
 * behind a dynamic import(), is put in the page's <head> by Astro, where it
 * blocks the first paint. Monaco's are 170 KB, and the editor they style
 * loads after the prose. As JavaScript they arrive with the editor's chunk,
 * before it builds the editor, which is when Vite's own dev server adds them.
 */
const PREFIX = '\0monaco-style:';
// The id must not end in .css, or Vite's own CSS handling takes the module for a stylesheet.
const SUFFIX = '.js';

export function monacoStyles() {
  return {
    name: 'monaco-styles',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('.css') || !importer || !/[\\/]monaco-editor[\\/]esm[\\/]/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return `import css from ${JSON.stringify(`${file}?inline`)};\nimport { addEditorStyle } from '/src/ui/editor-styles.ts';\naddEditorStyle(css);\n`;
    },
  };
}
