import { getCollection, type CollectionEntry } from 'astro:content';
import type { FiguresFile, LessonFigures } from './figures.ts';
import { getCourse, getWorkshop, type CourseLesson } from '../lessons/catalog.ts';
import { buildAgenda, type AgendaItem, type AgendaLesson, type LessonTiming, type Workshop } from './workshop.ts';

/**
 * What the instructor pages need at build time: the workshop, its lessons
 * with their presenter notes and timings, the agenda, and the figures
 * measured by `npm run figures`.
 */

/** Timing for a lesson that has prose but no presenter notes yet: the learner's estimate as the time box. */
const WRITTEN_DEFAULT = (minutes: number): LessonTiming => ({ intro: 5, exercise: minutes, debrief: 5 });
/** Timing for a lesson not written yet, so the day can still be planned. */
const COMING_DEFAULT: LessonTiming = { intro: 5, exercise: 30, debrief: 5 };

export interface FacilitatorLesson extends AgendaLesson {
  order: number;
  course: CourseLesson;
  notes?: CollectionEntry<'presenter'>;
  figures?: LessonFigures;
}

export interface FacilitatorCourse {
  workshop: Workshop;
  lessons: FacilitatorLesson[];
  agenda: AgendaItem[];
}

const figuresFiles = import.meta.glob<FiguresFile>('/src/content/figures.json', { eager: true, import: 'default' });
export const figures: FiguresFile | undefined = figuresFiles['/src/content/figures.json'];

export async function getPresenterNotes(): Promise<CollectionEntry<'presenter'>[]> {
  const [notes, outline] = await Promise.all([getCollection('presenter'), getCollection('outline')]);
  for (const note of notes) {
    if (!outline.some((o) => o.id === note.id)) {
      throw new Error(`src/content/presenter/${note.id}.md: there is no lesson "${note.id}" in src/content/outline.json`);
    }
  }
  return notes;
}

export async function getFacilitatorCourse(workshopName?: string): Promise<FacilitatorCourse> {
  const [workshop, course, notes] = await Promise.all([getWorkshop(workshopName ?? process.env.WORKSHOP), getCourse(workshopName), getPresenterNotes()]);
  const lessons = course.map((lesson): FacilitatorLesson => {
    const note = notes.find((n) => n.id === lesson.slug);
    const timing = note
      ? { intro: note.data.intro, exercise: note.data.exercise, debrief: note.data.debrief }
      : lesson.entry
        ? WRITTEN_DEFAULT(lesson.entry.data.minutes)
        : COMING_DEFAULT;
    return {
      slug: lesson.slug,
      title: lesson.title,
      order: lesson.order,
      written: lesson.entry !== undefined,
      timing,
      estimated: note === undefined,
      course: lesson,
      notes: note,
      figures: figures?.lessons[lesson.slug],
    };
  });
  return { workshop, lessons, agenda: buildAgenda(workshop, lessons) };
}
