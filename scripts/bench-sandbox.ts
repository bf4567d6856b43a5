/**
 * npm run bench:sandbox
 *
 * A benchmark, not a test: what the trust boundary (SES lockdown and a
 * compartment per side) costs. Prints the time of lockdown() itself, of
 * evaluating each lesson's reference solution in a fresh compartment, and a
 * hot loop (Math, Array, JSON, Map in a tight loop) run in a compartment
 * against the same loop outside one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/lessons/files.ts';
import { evaluateInSandbox, lockdownOnce } from '../src/runner/sandbox.ts';
import { transpile } from '../src/runner/transform.ts';

const HOT = `
export function hot(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += Math.imul(i, 3) % 7 + (Array.isArray(total) ? 1 : 0) + JSON.stringify(i).length + new Map([[i, i]]).size;
  }
  return total;
}`;

function plainHot(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += (Math.imul(i, 3) % 7) + (Array.isArray(total) ? 1 : 0) + JSON.stringify(i).length + new Map([[i, i]]).size;
  }
  return total;
}

function best(fn: () => void, runs = 5): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

const t0 = performance.now();
lockdownOnce();
console.log(`lockdown(): ${(performance.now() - t0).toFixed(1)} ms (once per run)`);

const options = { sourceUrl: 'bench.ts', seed: 1, console: () => {} };
const slugs = (await readdir(path.join(projectRoot, 'solutions'))).sort();
for (const slug of slugs) {
  const code = transpile(await readFile(path.join(projectRoot, 'solutions', slug, 'exercise.ts'), 'utf8'));
  console.log(`${slug.padEnd(20)} compartment + evaluate: ${best(() => evaluateInSandbox(code, options)).toFixed(2)} ms`);
}

const sandboxed = evaluateInSandbox(transpile(HOT), options) as { hot: (n: number) => number };
const n = 300_000;
sandboxed.hot(n);
plainHot(n);
const inside = best(() => sandboxed.hot(n));
const outside = best(() => plainHot(n));
console.log(`hot loop of ${n}: ${inside.toFixed(1)} ms in a compartment, ${outside.toFixed(1)} ms outside (ratio ${(inside / outside).toFixed(2)})`);
