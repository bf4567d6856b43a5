import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/core/result.ts';
import { listBoundaryFixtures, listFixtures, meetsExpectation, type Fixture } from '../src/lessons/fixtures.ts';
import { readLessonSources } from '../src/lessons/files.ts';
import type { RunRequest } from '../src/runner/protocol.ts';

/**
 * Every lesson ships candidates that test its grader (fixtures/<slug>/):
 * wrong answers, counter dodges, cheats, and honest-but-unusual solutions.
 * Each says in its header what verdict it must get; here each is graded in
 * Node, as the verify command grades a learner's file.
 */
const fixtures = await listFixtures();
/** The boundary attacks run in front of a virtual lesson's reference and a real-time one's. */
const attacks = [...(await listBoundaryFixtures('03-concurrency')), ...(await listBoundaryFixtures('05-data-structures'))];

const FIXTURE_SEED = 20261129;
const RUN_SCRIPT = new URL('./run-request.ts', import.meta.url).pathname;
/** Tries of a run whose process a crash ended (not a run that failed: that is its verdict). */
const TRIES = 3;

/**
 * One run in a process of its own, as `verify` runs it. Grading a hundred
 * and more candidates in one process, each in a thread with PGlite, now and
 * then crashes V8 itself (SIGSEGV, or its "jit_page" check; nodejs/node#64500):
 * apart, such a crash ends one run's process, and the run is tried again.
 */
async function runApart(request: RunRequest): Promise<RunResult> {
  for (let attempt = 1; ; attempt++) {
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--no-memory-protection-keys', RUN_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, out, err }));
      child.stdin.end(JSON.stringify(request));
    });
    if (ended.code === 0) return JSON.parse(ended.out) as RunResult;
    if (!ended.signal || attempt >= TRIES) throw new Error(`the run's process ended with ${ended.signal ?? `code ${ended.code}`}: ${ended.err.slice(-2000)}`);
  }
}

async function grade(fixture: Fixture) {
  const sources = await readLessonSources(fixture.slug);
  const result = await runApart({
    slug: fixture.slug,
    // One seed, so CI grades every fixture on the same inputs each time.
    seed: fixture.freshSeed ? undefined : FIXTURE_SEED,
    sources: { baseline: sources.baseline, reference: sources.reference, candidate: fixture.source },
  });
  expect(meetsExpectation(result, fixture.expect), `${fixture.file} tries: ${fixture.tries}`).toBeNull();
  if (fixture.message) expect(result.message).toMatch(fixture.message);
  return result;
}

describe('fixtures', () => {
  it('every lesson has adversarial and honest fixtures', () => {
    const bySlug = Map.groupBy(fixtures, (f) => f.slug);
    for (const [slug, list] of bySlug) {
      expect(list.filter((f) => f.expect !== 'pass').length, `${slug}: adversarial fixtures`).toBeGreaterThanOrEqual(2);
    }
  });

  for (const fixture of fixtures) {
    it(`${fixture.slug}/${fixture.file}: ${fixture.expect}`, () => grade(fixture));
  }
});

describe('the trust boundary, in Node', () => {
  for (const fixture of attacks) {
    it(`${fixture.file} before the ${fixture.slug} reference is refused`, async () => {
      const result = await grade(fixture);
      expect(result.message).toMatch(/changed the measuring environment/);
    });
  }
});
