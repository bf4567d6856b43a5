import { getCollection, type CollectionEntry } from 'astro:content';

/**
 * The course as the site shows it: every lesson of the outline, in order,
 * with its prose where it has been written. Checks at build time that a
 * lesson's prose, exercise and solution come together, and names the file
 * that is missing.
 */
export interface CourseLesson {
  slug: string;
  title: string;
  order: number;
  entry?: CollectionEntry<'lessons'>;
}

const exerciseFiles = import.meta.glob('/exercises/*/{exercise,spec,types}.ts');
const solutionFiles = import.meta.glob('/solutions/*/exercise.ts');

export async function getCourse(): Promise<CourseLesson[]> {
  const outline = await getCollection('outline');
  const lessons = await getCollection('lessons');
  for (const lesson of lessons) {
    const file = `src/content/lessons/${lesson.id}.mdx`;
    if (!outline.some((o) => o.id === lesson.id)) {
      throw new Error(`${file}: there is no lesson "${lesson.id}" in src/content/outline.json`);
    }
    for (const name of ['exercise', 'spec', 'types']) {
      if (!exerciseFiles[`/exercises/${lesson.id}/${name}.ts`]) throw new Error(`${file}: exercises/${lesson.id}/${name}.ts is missing`);
    }
    if (!solutionFiles[`/solutions/${lesson.id}/exercise.ts`]) throw new Error(`${file}: solutions/${lesson.id}/exercise.ts is missing`);
  }
  return outline
    .map((o) => ({ slug: o.id, title: o.data.title, order: o.data.order, entry: lessons.find((l) => l.id === o.id) }))
    .sort((a, b) => a.order - b.order);
}
