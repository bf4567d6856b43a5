import type { LessonResult, ResultsFile } from './results-format.ts';

/**
 * The room as the facilitator view sees it: one entry per learner, from the
 * results files and codes dropped in. Pure data, no DOM.
 */
export interface RoomLearner {
  /** The learner's name, normalised: the same person exporting twice replaces their earlier results. */
  key: string;
  /** Where it came from: a file name, or "pasted code 3". */
  source: string;
  results: ResultsFile;
}

export const learnerKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Adds results to the room; returns the new room and what the instructor should know about duplicates. */
export function addToRoom(
  room: readonly RoomLearner[],
  incoming: readonly { source: string; results: ResultsFile }[],
): { learners: RoomLearner[]; notices: string[] } {
  const byKey = new Map(room.map((l) => [l.key, l]));
  const notices: string[] = [];
  for (const { source, results } of incoming) {
    const key = learnerKey(results.learner);
    const existing = byKey.get(key);
    if (existing) {
      if (existing.results.integrity === results.integrity) {
        notices.push(`${source}: the results of ${results.learner} were already loaded`);
        continue;
      }
      if (existing.results.exportedAt > results.exportedAt) {
        notices.push(`${source}: older than the results of ${existing.results.learner} already loaded, which are kept`);
        continue;
      }
      notices.push(`${source}: replaced the earlier results of ${existing.results.learner}`);
    }
    byKey.set(key, { key, source, results });
  }
  const learners = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { learners, notices };
}

export interface LessonStats {
  slug: string;
  /** Learners whose results mention the lesson (they ran it at least once). */
  tried: number;
  passed: number;
  /** Best speedups of the learners who passed, ascending. */
  speedups: number[];
  median: number | null;
  min: number | null;
  max: number | null;
  /** The median of the learners' guesses before running, where any guessed, in the unit most of them guessed in. */
  prediction: { median: number; unit: string; count: number } | null;
}

const medianOf = (sorted: readonly number[]): number | null => {
  const n = sorted.length;
  return n === 0 ? null : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
};

/** Guesses in one unit only: a lesson's question may have changed between exports. */
function predictionStats(entries: readonly LessonResult[]): LessonStats['prediction'] {
  const guesses = entries.flatMap((e) => (e.prediction ? [e.prediction] : []));
  if (guesses.length === 0) return null;
  const units = [...new Set(guesses.map((g) => g.unit))];
  const unit = units.sort((a, b) => guesses.filter((g) => g.unit === b).length - guesses.filter((g) => g.unit === a).length)[0]!;
  const values = guesses.filter((g) => g.unit === unit).map((g) => g.value).sort((a, b) => a - b);
  return { median: medianOf(values)!, unit, count: values.length };
}

export function lessonStats(learners: readonly RoomLearner[], slugs: readonly string[]): LessonStats[] {
  return slugs.map((slug) => {
    const entries = learners.map((l) => l.results.lessons[slug]).filter((e) => e !== undefined);
    const passed = entries.filter((e) => e.passed);
    const speedups = passed
      .map((e) => e.bestSpeedup)
      .filter((s): s is number => s !== null)
      .sort((a, b) => a - b);
    return {
      slug,
      tried: entries.length,
      passed: passed.length,
      speedups,
      median: medianOf(speedups),
      min: speedups[0] ?? null,
      max: speedups.at(-1) ?? null,
      prediction: predictionStats(entries),
    };
  });
}

/** The browsers (and runtimes) that measured a learner's passing runs, for the table. */
export function browsersOf(results: ResultsFile): string[] {
  const names = new Set<string>();
  for (const lesson of Object.values(results.lessons)) {
    if (lesson.browser) names.add(lesson.runtime && lesson.runtime !== 'worker' ? `${lesson.browser} (${lesson.runtime})` : lesson.browser);
  }
  return [...names].sort();
}

/** Lessons in the results that this workshop does not have (another workshop's build, or a renamed lesson). */
export function unknownLessons(learners: readonly RoomLearner[], slugs: readonly string[]): string[] {
  const known = new Set(slugs);
  const extra = new Set<string>();
  for (const l of learners) for (const slug of Object.keys(l.results.lessons)) if (!known.has(slug)) extra.add(slug);
  return [...extra].sort();
}
