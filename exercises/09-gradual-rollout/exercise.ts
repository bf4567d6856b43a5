import type { Release } from './types';

/**
 * Part (a): does user `userId` get the new version of `flag` when it is
 * rolled out to `percentage` percent of users (0 to 100)?
 *
 * The lesson routes every request through this function. As written, a flag
 * is a switch: off for everyone below 100 percent, on for everyone at 100.
 * Make `percentage` mean what it says: at 10, about one user in ten.
 *
 * Three things must hold. A user keeps their answer: the same arguments give
 * the same answer on every call, on every server, with nothing stored. Raising
 * the percentage never takes the new version away from anyone who had it.
 * And two flags at 10 percent should not pick the same unlucky users.
 * What could you compute from `flag` and `userId` alone that puts each user
 * at a fixed place between 0 and 99? User ids are any text, "zoë" and
 * "李伟" included; services in other languages must place a user where you
 * do, so work on the id's UTF-8 bytes (`new TextEncoder().encode(text)`).
 */
export function isEnabled(flag: string, userId: string, percentage: number): boolean {
  return percentage >= 100;
}

/**
 * Part (b): rolls out the new version behind `release.flag`.
 *
 * As written, it switches everyone to the new version at once and hopes.
 * When the new version is broken, every user meets the bug until someone
 * notices. Roll out in steps instead (1, 5, 10, 25, 50, then 100 percent),
 * read the metrics report after each minute, and roll back (percentage 0)
 * when the new version fails clearly more often than the old one.
 *
 * Two questions before you write it. How many users see the new version
 * while you wait for the first report? And how many requests must the new
 * version have served before a handful of errors means something: a few
 * errors in a few dozen requests happen to a perfectly healthy version too.
 */
export async function rollout(release: Release): Promise<void> {
  release.setPercentage(100);
}
