import { z } from 'zod';

/**
 * A workshop configuration: which lessons a room gets, in what order, and the
 * day's shape (start time, breaks). The default is `workshop.config.json` at
 * the repository root; `WORKSHOP=<name>` at build time picks
 * `workshops/<name>.json` instead, e.g. `WORKSHOP=half-day npm run build`.
 *
 * Pure functions (no Astro, no file system), so the rules are unit-tested;
 * src/lessons/catalog.ts feeds them the files and the outline.
 */

export const DEFAULT_WORKSHOP_FILE = 'workshop.config.json';
export const WORKSHOPS_DIR = 'workshops';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like "09:30"');

export const workshopSchema = z.strictObject({
  /** Shown on the facilitator view and in the guide. */
  title: z.string().min(1),
  description: z.string().optional(),
  /** When the room starts, for the agenda's clock times. */
  start: clock.default('09:00'),
  /** Minutes of welcome and setup before the first lesson. */
  welcomeMinutes: z.number().int().min(0).max(120).default(15),
  /** Lesson slugs from src/content/outline.json, in the order the room takes them. */
  lessons: z.array(z.string()).min(1, 'must list at least one lesson'),
  breaks: z
    .array(
      z.strictObject({
        /** The slug of the lesson the break follows. */
        after: z.string(),
        minutes: z.number().int().positive().max(180),
        label: z.string().min(1).default('Break'),
      }),
    )
    .default([]),
});

export type WorkshopInput = z.input<typeof workshopSchema>;
export type Workshop = z.output<typeof workshopSchema> & {
  /** The file it came from, relative to the repository root, for messages. */
  file: string;
  /** `default`, or the name after WORKSHOP=. */
  name: string;
};

export class WorkshopConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkshopConfigError';
  }
}

/**
 * Which file a build uses. `files` maps repository-relative paths (without a
 * leading slash) to their parsed JSON.
 */
export function selectWorkshopFile(selected: string | undefined, files: Record<string, unknown>): { file: string; name: string } {
  const name = selected?.trim();
  if (!name || name === 'default') {
    if (!(DEFAULT_WORKSHOP_FILE in files)) throw new WorkshopConfigError(`${DEFAULT_WORKSHOP_FILE} is missing: it lists the lessons the site shows`);
    return { file: DEFAULT_WORKSHOP_FILE, name: 'default' };
  }
  const file = name.endsWith('.json') ? name.replace(/^\.?\//, '') : `${WORKSHOPS_DIR}/${name}.json`;
  if (!(file in files)) {
    const known = Object.keys(files)
      .filter((f) => f.startsWith(`${WORKSHOPS_DIR}/`))
      .map((f) => f.slice(WORKSHOPS_DIR.length + 1).replace(/\.json$/, ''));
    throw new WorkshopConfigError(
      `WORKSHOP=${name}: there is no ${file}${known.length ? `; the workshops are: ${known.join(', ')}` : ''} (leave WORKSHOP unset for ${DEFAULT_WORKSHOP_FILE})`,
    );
  }
  return { file, name };
}

/** Checks a configuration against the course outline; every message names the file and what is wrong. */
export function resolveWorkshop(file: string, name: string, data: unknown, outlineSlugs: readonly string[]): Workshop {
  const parsed = workshopSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw new WorkshopConfigError(`${file}: ${where}${issue.message}`);
  }
  const config = parsed.data;
  const known = new Set(outlineSlugs);
  const seen = new Set<string>();
  for (const slug of config.lessons) {
    if (!known.has(slug)) {
      throw new WorkshopConfigError(
        `${file}: unknown lesson "${slug}". The lessons in src/content/outline.json are: ${outlineSlugs.join(', ')}`,
      );
    }
    if (seen.has(slug)) throw new WorkshopConfigError(`${file}: lesson "${slug}" is listed twice`);
    seen.add(slug);
  }
  for (const pause of config.breaks) {
    if (!seen.has(pause.after)) {
      throw new WorkshopConfigError(`${file}: a break is placed after "${pause.after}", which is not one of this workshop's lessons`);
    }
  }
  return { ...config, file, name };
}

// --- The agenda ----------------------------------------------------------------

/** How a lesson's slot is spent in the room, in minutes. */
export interface LessonTiming {
  /** Presenting before the exercise. */
  intro: number;
  /** The exercise, time-boxed: the facilitator's timer counts this down. */
  exercise: number;
  /** Discussing the results after it. */
  debrief: number;
}

export interface AgendaLesson {
  slug: string;
  title: string;
  /** The lesson has prose, exercise and solution; otherwise it is shown as coming. */
  written: boolean;
  timing: LessonTiming;
  /** True when the timing is a guess (no presenter notes yet). */
  estimated: boolean;
}

export type AgendaItem =
  | { kind: 'welcome'; label: string; start: number; minutes: number }
  | { kind: 'lesson'; number: number; lesson: AgendaLesson; start: number; minutes: number }
  | { kind: 'break'; label: string; start: number; minutes: number }
  | { kind: 'end'; label: string; start: number; minutes: 0 };

/** Minutes after midnight, from "09:30". */
export function parseClock(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
}

/** "13:05" from minutes after midnight (wrapping past midnight). */
export function formatClock(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "1 h 35 min", "50 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The day, item by item, with start times in minutes after midnight. */
export function buildAgenda(workshop: Pick<Workshop, 'start' | 'welcomeMinutes' | 'breaks'>, lessons: readonly AgendaLesson[]): AgendaItem[] {
  const items: AgendaItem[] = [];
  let t = parseClock(workshop.start);
  if (workshop.welcomeMinutes > 0) {
    items.push({ kind: 'welcome', label: 'Welcome, setup, how a lesson works', start: t, minutes: workshop.welcomeMinutes });
    t += workshop.welcomeMinutes;
  }
  lessons.forEach((lesson, i) => {
    const minutes = lesson.timing.intro + lesson.timing.exercise + lesson.timing.debrief;
    items.push({ kind: 'lesson', number: i + 1, lesson, start: t, minutes });
    t += minutes;
    for (const pause of workshop.breaks.filter((b) => b.after === lesson.slug)) {
      items.push({ kind: 'break', label: pause.label, start: t, minutes: pause.minutes });
      t += pause.minutes;
    }
  });
  items.push({ kind: 'end', label: 'End', start: t, minutes: 0 });
  return items;
}

/** Total length of the day, from the first item to the end. */
export function agendaLength(items: readonly AgendaItem[]): number {
  if (items.length === 0) return 0;
  return items[items.length - 1]!.start - items[0]!.start;
}
