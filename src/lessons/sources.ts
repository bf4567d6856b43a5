/**
 * A lesson's source files for the page, loaded on demand through the bundler.
 * Same layout and the same baseline rule as files.ts, which reads them in Node.
 */
const files = import.meta.glob<string>(['/exercises/*/*.ts', '!/exercises/*/spec.ts', '/solutions/*/exercise.ts'], {
  query: '?raw',
  import: 'default',
});

async function read(path: string): Promise<string | undefined> {
  const load = files[path];
  return load ? load() : undefined;
}

export interface PageSources {
  baseline: string;
  reference: string;
}

/** The programs the learner's code is compared with. */
export async function loadComparisonSources(slug: string): Promise<PageSources> {
  const [starter, baseline, reference] = await Promise.all([
    read(`/exercises/${slug}/exercise.ts`),
    read(`/exercises/${slug}/baseline.ts`),
    read(`/solutions/${slug}/exercise.ts`),
  ]);
  if (starter === undefined || reference === undefined) throw new Error(`lesson ${slug} has no exercise or no solution`);
  return { baseline: baseline ?? starter, reference };
}
