import type { Release, VersionStats } from './types';

/** Writes text as UTF-8, the bytes every language's SDK hashes. */
const utf8 = new TextEncoder();
/** Reused for every key, so hashing allocates nothing; a UTF-16 unit takes at most 3 bytes. */
let scratch = new Uint8Array(256);

/**
 * A user's place in line for `flag`, from 0 to 99: the 32-bit FNV-1a hash of
 * the UTF-8 bytes of "flag:userId", modulo 100. The same pair always gives
 * the same number, on any server, with nothing stored; each byte is mixed in
 * with a multiply, so similar ids land far apart and different flags give
 * unrelated numbers. FNV-1a is defined over bytes: hashing UTF-8, as SDKs in
 * other languages do, puts "zoë" in the same bucket everywhere (hashing
 * `charCodeAt`, UTF-16 code units, would not, for any id beyond ASCII).
 */
function bucket(flag: string, userId: string): number {
  const key = `${flag}:${userId}`;
  if (key.length * 3 > scratch.length) scratch = new Uint8Array(key.length * 3);
  const { written } = utf8.encodeInto(key, scratch);
  let hash = 0x811c9dc5;
  for (let i = 0; i < written; i++) {
    hash ^= scratch[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}

/**
 * Part (a): a user gets the new version when their bucket is below the
 * percentage. Raising the percentage only adds buckets, so nobody who had the
 * new version loses it, and about `percentage` percent of users are in.
 */
export function isEnabled(flag: string, userId: string, percentage: number): boolean {
  return bucket(flag, userId) < percentage;
}

/** The steps of the ramp, in percent of users. */
const STEPS = [1, 5, 10, 25, 50, 100];
/** Requests the new version must serve at a step before the step is judged. */
const MIN_REQUESTS = 100;
/** How much higher the new version's error rate may be before it is rolled back (0.05: 5 percentage points). */
const MARGIN = 0.05;

function errorRate(stats: VersionStats): number {
  return stats.requests === 0 ? 0 : stats.errors / stats.requests;
}

/**
 * Part (b): ramps 1, 5, 10, 25, 50, 100 percent. At each step it reads
 * reports until the new version has served enough requests to judge, then
 * compares its error rate with the old version's over the same minutes: more
 * than MARGIN worse, and everyone goes back to the old version.
 */
export async function rollout(release: Release): Promise<void> {
  for (const percentage of STEPS) {
    release.setPercentage(percentage);
    if (percentage === 100) return;
    const seen = { old: { requests: 0, errors: 0 }, new: { requests: 0, errors: 0 } };
    while (seen.new.requests < MIN_REQUESTS) {
      const report = await release.observe();
      for (const version of ['old', 'new'] as const) {
        seen[version].requests += report[version].requests;
        seen[version].errors += report[version].errors;
      }
    }
    if (errorRate(seen.new) > errorRate(seen.old) + MARGIN) {
      release.setPercentage(0);
      return;
    }
  }
}
