import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A lesson's files on disk, for Node (the verify command, the build checks).
 * The page gets the same files through the bundler (see sources.ts); both
 * follow the same layout:
 *   exercises/<slug>/exercise.ts   the starter (and the baseline, unless baseline.ts exists)
 *   exercises/<slug>/baseline.ts   optional: a baseline that differs from the starter
 *   exercises/<slug>/types.ts      types the exercise imports
 *   exercises/<slug>/spec.ts       workload, check, counters, target
 *   solutions/<slug>/exercise.ts   the reference solution
 */

export class UsageError extends Error {}

/** A `--seed` value: a whole number, or a usage error. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--seed takes a whole number');
  return n;
}

/** The value after a command-line flag (`--json out.json`), or a usage error naming the flag. */
export function flagValue(argv: readonly string[], at: number, flag: string): string {
  const value = argv[at];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return value;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

/** Whether a file or folder is there. */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Slugs of every lesson that has an exercise, in course order. */
export async function listLessons(root = projectRoot): Promise<string[]> {
  const dir = path.join(root, 'exercises');
  const entries = await readdir(dir, { withFileTypes: true });
  const slugs: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await exists(path.join(dir, entry.name, 'spec.ts')))) slugs.push(entry.name);
  }
  return slugs.sort();
}

export interface LessonSources {
  starter: string;
  baseline: string;
  reference: string;
  types: string;
}

/** The path of a lesson's baseline: its baseline.ts when it has one, else its starter. */
export async function baselineFile(slug: string, root = projectRoot): Promise<string> {
  const exercise = path.join(root, 'exercises', slug);
  const own = path.join(exercise, 'baseline.ts');
  return (await exists(own)) ? own : path.join(exercise, 'exercise.ts');
}

export async function readLessonSources(slug: string, root = projectRoot): Promise<LessonSources> {
  const exercise = path.join(root, 'exercises', slug);
  const read = async (file: string) => {
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new UsageError(`lesson ${slug} is missing ${path.relative(root, file)}`);
    }
  };
  return {
    starter: await read(path.join(exercise, 'exercise.ts')),
    baseline: await read(await baselineFile(slug, root)),
    reference: await read(path.join(root, 'solutions', slug, 'exercise.ts')),
    types: await read(path.join(exercise, 'types.ts')),
  };
}
