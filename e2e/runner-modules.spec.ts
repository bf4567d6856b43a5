import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { init, parse } from 'es-module-lexer';
import { relinkModule } from '../src/runner/browser/relink.ts';

/**
 * The runner frame's workers load the built runner through the page, each
 * module relinked to `blob:` URLs by relinkModule, which matches text rather
 * than syntax (src/runner/browser/relink.ts). Here, on the build itself, it
 * must find exactly the imports a real lexer (es-module-lexer, Vite's own)
 * finds, and leave none behind. Anything it missed would make the frame
 * fail to load, and every run would move to the page, unprotected.
 */

const assets = path.resolve(import.meta.dirname, '../dist/_astro');
const SITE = 'https://workshop.example/_astro/';

/** The modules the runner's workers start from: the runner, and the threads it starts. */
const entries = readdirSync(assets).filter((file) => /^(runner|thread)-[\w-]+\.js$/.test(file));

/** A specifier of a file of the site (the others are Node's, in code the browser never runs). */
const isPath = (specifier: string | undefined): specifier is string => specifier !== undefined && /^\.{0,2}\//.test(specifier);

/** Every module the entries reach, by static or dynamic import. */
function graph(): Map<string, string> {
  const modules = new Map<string, string>();
  const visit = (url: string) => {
    if (modules.has(url)) return;
    const source = readFileSync(path.join(assets, new URL(url).pathname.replace('/_astro/', '')), 'utf8');
    modules.set(url, source);
    for (const entry of parse(source)[0]) if (isPath(entry.n) && entry.d !== -2) visit(new URL(entry.n, url).href);
  };
  for (const entry of entries) visit(new URL(entry, SITE).href);
  return modules;
}

test('relinking finds every import of the built runner that es-module-lexer finds, and leaves none behind', async () => {
  await init;
  expect(entries.some((file) => file.startsWith('runner-'))).toBe(true);
  expect(entries.some((file) => file.startsWith('thread-'))).toBe(true);
  const modules = graph();
  expect(modules.size).toBeGreaterThan(5);

  for (const [url, source] of modules) {
    const found = parse(source)[0];
    const name = new URL(url).pathname;
    expect(found.filter((e) => e.d === -1 && !isPath(e.n)), `${name}: a static import of a bare name`).toEqual([]);
    const staticImports = [...new Set(found.filter((e) => e.d === -1).map((e) => new URL(e.n!, url).href))];
    const dynamicImports = found.filter((e) => e.d >= 0 && isPath(e.n));
    const metas = found.filter((e) => e.d === -2);
    expect(dynamicImports.every((e) => e.n !== undefined), `${name}: a dynamic import of a specifier made at run time`).toBe(true);
    expect(metas.every((e) => source.startsWith('import.meta.url', e.s)), `${name}: import.meta used for more than its url`).toBe(true);

    const { imports } = relinkModule(source, url, () => undefined);
    expect(imports.toSorted(), `${name}: static imports`).toEqual(staticImports.toSorted());

    const linked = relinkModule(source, url, (dep) => `blob:null/${path.basename(dep)}`).source;
    const after = parse(linked)[0];
    expect(after.filter((e) => e.d === -1).every((e) => e.n!.startsWith('blob:')), `${name}: an import left unlinked`).toBe(true);
    expect(after.filter((e) => (e.d >= 0 && isPath(e.n)) || e.d === -2), `${name}: a dynamic import or import.meta left`).toEqual([]);
    // (The runner carries relinkModule itself, whose text names the loader once.)
    const loaderCalls = (text: string) => text.split('globalThis.__linkedImport(').length - 1;
    expect(loaderCalls(linked) - loaderCalls(source), `${name}: dynamic imports handed to the loader`).toBe(dynamicImports.length);
  }
});
