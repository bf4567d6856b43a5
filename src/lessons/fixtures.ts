import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../core/result.ts';
import { projectRoot } from './files.ts';

/**
 * Fixtures are candidate files a lesson ships to test its grader:
 * `fixtures/<slug>/<name>.ts`, each opening with a doc comment that says
 * what it tries and what verdict it must get:
 *
 *   Tries: a cache that never expires its entries.
 *   Expect: incorrect
 *   Message: expire|ttl            (optional regular expression)
 *   Seed: fresh                    (optional: graded on inputs of its own, as
 *                                   a learner's run is, not the fixtures' seed)
 *
 * Honest-but-unusual solutions that must pass are named `honest-*.ts`.
 *
 * `fixtures/_boundary/` holds attacks on the trust boundary that work the
 * same in any lesson: each is a snippet that is put in front of a lesson's
 * reference solution, so only the attack stands between it and a pass.
 */

/** `shape`: the exercise's functions gave back something other than what the lesson asks for (a Promise for an object…). */
export const EXPECTATIONS = ['pass', 'incorrect', 'counter', 'slow', 'boundary', 'error', 'shape', 'not-pass'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

export interface Fixture {
  slug: string;
  file: string;
  source: string;
  tries: string;
  expect: Expectation;
  message?: RegExp;
  /** Graded on a fresh seed, as on the page: for fixtures that try to know the inputs ahead. */
  freshSeed?: boolean;
}

export class FixtureHeaderError extends Error {}

/** Reads the Tries/Expect/Message header of a fixture's source. */
export function parseFixtureHeader(source: string, where: string): Pick<Fixture, 'tries' | 'expect' | 'message' | 'freshSeed'> {
  const comment = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)?.[1];
  if (!comment) throw new FixtureHeaderError(`${where} must open with a /** … */ comment saying Tries: and Expect:`);
  const lines = comment.split('\n').map((line) => line.replace(/^\s*\*?\s*/, ''));
  const field = (name: string): string | undefined => {
    const start = lines.findIndex((line) => line.startsWith(`${name}:`));
    if (start === -1) return undefined;
    const rest = [lines[start]!.slice(name.length + 1)];
    for (let i = start + 1; i < lines.length && lines[i]!.trim() !== '' && !/^[A-Z][a-z]+:/.test(lines[i]!); i++) rest.push(lines[i]!);
    return rest.join(' ').replace(/\s+/g, ' ').trim();
  };
  const tries = field('Tries');
  const expect = field('Expect');
  const message = field('Message');
  if (!tries) throw new FixtureHeaderError(`${where}: the header has no "Tries:" line`);
  if (!expect || !(EXPECTATIONS as readonly string[]).includes(expect)) {
    throw new FixtureHeaderError(`${where}: "Expect:" must be one of ${EXPECTATIONS.join(', ')}, not ${JSON.stringify(expect)}`);
  }
  const seed = field('Seed');
  if (seed !== undefined && seed !== 'fresh') throw new FixtureHeaderError(`${where}: "Seed:" can only be "fresh", not ${JSON.stringify(seed)}`);
  return { tries, expect: expect as Expectation, message: message ? new RegExp(message, 'i') : undefined, ...(seed ? { freshSeed: true } : {}) };
}

export async function listFixtures(root = projectRoot): Promise<Fixture[]> {
  const dir = path.join(root, 'fixtures');
  const fixtures: Fixture[] = [];
  for (const slug of (await readdir(dir)).sort()) {
    if (slug.startsWith('_')) continue;
    for (const file of (await readdir(path.join(dir, slug))).filter((f) => f.endsWith('.ts')).sort()) {
      const source = await readFile(path.join(dir, slug, file), 'utf8');
      fixtures.push({ slug, file, source, ...parseFixtureHeader(source, `fixtures/${slug}/${file}`) });
    }
  }
  return fixtures;
}

/** The boundary attacks, each in front of `slug`'s reference solution. */
export async function listBoundaryFixtures(slug: string, root = projectRoot): Promise<Fixture[]> {
  const dir = path.join(root, 'fixtures', '_boundary');
  const reference = await readFile(path.join(root, 'solutions', slug, 'exercise.ts'), 'utf8');
  const fixtures: Fixture[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()) {
    const attack = await readFile(path.join(dir, file), 'utf8');
    fixtures.push({ slug, file, source: `${attack}\n${reference}`, ...parseFixtureHeader(attack, `fixtures/_boundary/${file}`) });
  }
  return fixtures;
}

/**
 * Whether a result is what the fixture expects, and if not, why not. An
 * honest solution must pass outright: inconclusive is not good enough.
 */
export function meetsExpectation(result: RunResult, expect: Expectation): string | null {
  const kind = result.failure?.kind;
  const got = `${result.verdict}${kind ? ` (${kind})` : ''}: ${result.message}`;
  const ok = (() => {
    switch (expect) {
      case 'pass':
        return result.verdict === 'pass';
      case 'incorrect':
        return result.verdict === 'fail' && kind === 'incorrect';
      case 'counter':
        return result.verdict === 'fail' && kind === 'counter';
      case 'slow':
        return result.verdict !== 'pass' && result.correct === true && kind === 'slow';
      case 'boundary':
        return result.verdict === 'fail' && kind === 'boundary';
      case 'error':
        return kind === 'error';
      case 'shape':
        return kind === 'shape';
      case 'not-pass':
        return result.verdict !== 'pass';
    }
  })();
  return ok ? null : `expected ${expect}, got ${got}`;
}
