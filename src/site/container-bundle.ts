import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildContainerBundle } from '../runner/container/bundle.ts';

/**
 * Writes the container runner (real Node in a WebContainer) into the built
 * site at /container/, with a manifest of its files, so the page can mount it
 * without any package install.
 */
export function containerBundle(): AstroIntegration {
  return {
    name: 'container-bundle',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
        const out = path.join(fileURLToPath(dir), 'container');
        const files = await buildContainerBundle(root, out);
        await writeFile(path.join(out, 'manifest.json'), JSON.stringify({ files }));
        logger.info(`container runner: ${files.length} files in /container/`);
      },
    },
  };
}
