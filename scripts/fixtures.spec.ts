import { describe, expect, it } from 'vitest';
import { listBoundaryFixtures, listFixtures, meetsExpectation, type Fixture } from '../src/lessons/fixtures.ts';
import { readLessonSources } from '../src/lessons/files.ts';
import { runInNode } from '../src/runner/node/runtime.ts';

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

async function grade(fixture: Fixture) {
  const sources = await readLessonSources(fixture.slug);
  const result = await runInNode({
    slug: fixture.slug,
    // One seed, so CI grades every fixture on the same inputs each time.
    seed: fixture.freshSeed ? undefined : FIXTURE_SEED,
    sources: { baseline: sources.baseline, reference: sources.reference, candidate: fixture.source },
  }).result;
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
