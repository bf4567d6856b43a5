/**
 * Points a built module's imports at other URLs, so that it can run from a
 * `blob:` URL (see bootstrapScript in module-worker.ts), where its relative
 * imports and `import.meta.url` would otherwise mean nothing.
 *
 * - `from "./x.js"`, `import "./x.js"`: the URL `linkedUrl` gives for the
 *   import's absolute URL. Until it gives one, the import is left as it is
 *   and listed in `imports` (so a first pass says what to load).
 * - `import("./x.js")`: `globalThis.__linkedImport(<absolute URL>)`, which
 *   loads that module the same way when the code asks for it.
 * - `import.meta.url`: the module's own URL on the site, so the files it
 *   finds from there (PGlite's WebAssembly) are the site's.
 *
 * It reads the build's output, whose specifiers are plain string literals
 * naming a `.js` file from `./`, `../` or `/`; an import of anything else (a
 * bare name, a specifier made at run time) is left as it is. It matches text,
 * not syntax: the end-to-end test runner-modules.spec.ts checks that on the
 * built runner it finds exactly the imports es-module-lexer finds. It is turned into source
 * text for the bootstrap script, so it uses nothing from outside its body.
 */
export function relinkModule(
  source: string,
  moduleUrl: string,
  linkedUrl: (url: string) => string | undefined,
): { source: string; imports: string[] } {
  const imports: string[] = [];
  const absolute = (specifier: string) => new URL(specifier, moduleUrl).href;
  // A quote, then a path to a .js file from the site's root or this module's folder, then the same quote.
  const staticImport = /(?<![\w$.])(from|import)(\s*)(["'`])(\.{0,2}\/[^"'`\s${}]*\.m?js)\3/g;
  const dynamicImport = /(?<![\w$.])import\(\s*(["'`])(\.{0,2}\/[^"'`\s${}]*\.m?js)\1\s*\)/g;
  const relinked = source
    .replace(staticImport, (whole: string, keyword: string, space: string, _quote: string, path: string) => {
      const url = absolute(path);
      const target = linkedUrl(url);
      if (target === undefined) {
        if (!imports.includes(url)) imports.push(url);
        return whole;
      }
      return `${keyword}${space}${JSON.stringify(target)}`;
    })
    .replace(dynamicImport, (_whole: string, _quote: string, path: string) => `globalThis.__linkedImport(${JSON.stringify(absolute(path))})`)
    .replace(/(?<![\w$.])import\.meta\.url(?![\w$])/g, JSON.stringify(moduleUrl));
  return { source: relinked, imports };
}
