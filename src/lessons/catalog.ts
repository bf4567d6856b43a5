import { getCollection, type CollectionEntry } from 'astro:content';
import { resolveWorkshop, selectWorkshopFile, type Workshop } from '../instructor/workshop.ts';
import { assertSourcesSection } from './sources-section.ts';

/**
 * The course as the site shows it: the lessons of the workshop configuration
 * (workshop.config.json, or workshops/<name>.json with WORKSHOP=<name>), in
 * its order, with their prose where it has been written. Checks at build time
 * that a lesson's prose, exercise and solution come together, and that the
 * configuration names only lessons of the outline, and that every lesson's
 * prose ends with its Sources (sources-section.ts); every message names the
 * file at fault.
 */
export interface CourseLesson {
  slug: string;
  title: string;
  /** Place in this workshop, from 1. */
  order: number;
  entry?: CollectionEntry<'lessons'>;
}

const exerciseFiles = import.meta.glob('/exercises/*/{exercise,spec,types}.ts');
const solutionFiles = import.meta.glob('/solutions/*/exercise.ts');
const workshopFiles = import.meta.glob<unknown>(['/workshop.config.json', '/workshops/*.json'], { eager: true, import: 'default' });

/** The workshop this build is for: `WORKSHOP=<name>` picks workshops/<name>.json, otherwise workshop.config.json. */
export async function getWorkshop(name: string | undefined = process.env.WORKSHOP): Promise<Workshop> {
  const files = Object.fromEntries(Object.entries(workshopFiles).map(([file, data]) => [file.slice(1), data]));
  const selected = selectWorkshopFile(name, files);
  const outline = await getCollection('outline');
  const slugs = [...outline].sort((a, b) => a.data.order - b.data.order).map((o) => o.id);
  return resolveWorkshop(selected.file, selected.name, files[selected.file], slugs);
}

export async function getCourse(workshopName?: string): Promise<CourseLesson[]> {
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
    assertSourcesSection(file, lesson.body ?? '');
  }
  const workshop = await getWorkshop(workshopName ?? process.env.WORKSHOP);
  return workshop.lessons.map((slug, i) => {
    const o = outline.find((item) => item.id === slug)!;
    return { slug, title: o.data.title, order: i + 1, entry: lessons.find((l) => l.id === slug) };
  });
}
