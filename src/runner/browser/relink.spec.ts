import { describe, expect, it } from 'vitest';
import { relinkModule } from './relink.ts';

const SITE = 'https://workshop.example/_astro/runner-abc.js';
const nothingYet = () => undefined;

describe('relinkModule', () => {
  it('lists the static imports of minified output, resolved against the module, each once', () => {
    const source = 'import{a as b}from"./meter-1.js";import"./sealed-2.js";export{c}from`../lib/x.js`;import{d}from"./meter-1.js";';
    expect(relinkModule(source, SITE, nothingYet).imports).toEqual([
      'https://workshop.example/_astro/meter-1.js',
      'https://workshop.example/_astro/sealed-2.js',
      'https://workshop.example/lib/x.js',
    ]);
  });

  it('points each static import at the URL it is given, and leaves the rest of the text alone', () => {
    const source = 'import { a } from "./meter-1.js";\nexport * from \'/_astro/sealed-2.js\';\nconst s = "x";';
    const linked = relinkModule(source, SITE, (url) => `blob:null/${url.split('/').pop()}`);
    expect(linked.source).toBe('import { a } from "blob:null/meter-1.js";\nexport * from "blob:null/sealed-2.js";\nconst s = "x";');
    expect(linked.imports).toEqual([]);
  });

  it('sends dynamic imports to the loader with their absolute URL, and gives import.meta.url the site URL', () => {
    const source = 'const load={a:()=>import(`./spec-1.js`),b:()=>import("./spec-2.js")};const w=new URL(`/_astro/pglite.wasm`,``+import.meta.url);';
    const { source: linked, imports } = relinkModule(source, SITE, nothingYet);
    expect(imports).toEqual([]);
    expect(linked).toContain('a:()=>globalThis.__linkedImport("https://workshop.example/_astro/spec-1.js")');
    expect(linked).toContain('b:()=>globalThis.__linkedImport("https://workshop.example/_astro/spec-2.js")');
    expect(linked).toContain('new URL(`/_astro/pglite.wasm`,``+"https://workshop.example/_astro/runner-abc.js")');
    expect(linked).not.toMatch(/import\.meta|import\(/);
  });

  it('leaves alone what only looks like an import: text about imports, methods named from or import, bare names and made-up specifiers', () => {
    const source = [
      'const tip = "write import type { Order } from \'./types\' at the top";',
      'const xs = Array.from("./a.js");',
      'loader.import("./b.js");',
      'import("node:fs");',
      'import(`./spec-${name}.js`);',
      'const meta = import.meta.env;',
    ].join('\n');
    const { source: linked, imports } = relinkModule(source, SITE, nothingYet);
    expect(imports).toEqual([]);
    expect(linked).toBe(source);
  });

  it('is self-contained, so the bootstrap script can carry it as source text', () => {
    const copy = new Function(`return (${relinkModule.toString()});`)() as typeof relinkModule;
    expect(copy('import"./x.js";', SITE, nothingYet).imports).toEqual(['https://workshop.example/_astro/x.js']);
  });
});
