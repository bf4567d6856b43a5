import { defineCollection } from 'astro:content';
import { glob, file } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Lesson prose. The file name is the lesson's slug (`03-concurrency.mdx`) and
 * must match a folder in `exercises/` and in `solutions/` and an entry in
 * `outline.json`, which gives its title and place. A missing or
 * malformed field fails the build and names the file; so does a body that
 * does not end with a Sources section (src/lessons/sources-section.ts).
 */
const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/lessons' }),
  schema: z.object({
    /** One sentence for the home page: the symptom this lesson cures. */
    summary: z.string().min(10),
    /** Revealed one at a time, from a nudge to nearly the answer. */
    hints: z.array(z.string().min(5)).min(2).max(4),
    /** Rough time for the exercise, for learners and instructors. */
    minutes: z.number().int().positive().default(45),
    /**
     * An optional guess before the first run (src/ui/predict.ts): of the
     * speedup, or of the candidate's value of `counter`, named by `unit`.
     */
    predict: z.object({ question: z.string().min(10), counter: z.string().optional(), unit: z.string().min(1) }).optional(),
  }),
});

/** The whole course outline, so lessons not written yet can be shown as coming. */
const outline = defineCollection({
  loader: file('./src/content/outline.json'),
  schema: z.object({
    title: z.string(),
    order: z.number().int().positive(),
  }),
});

/**
 * Presenter notes, one file beside each lesson's prose:
 * `src/content/presenter/<slug>.md`. The facilitator view and the
 * instructor's guide show them; learners never need them. The body is free
 * Markdown for anything the lists below do not hold.
 */
const presenter = defineCollection({
  loader: glob({ pattern: '*.md', base: './src/content/presenter' }),
  schema: z.object({
    /** Minutes of presenting before the exercise. */
    intro: z.number().int().min(0).max(60),
    /** The exercise's time box in the room: the facilitator's timer counts it down. */
    exercise: z.number().int().positive().max(180),
    /** Minutes of discussion after it. */
    debrief: z.number().int().min(0).max(60),
    /** What to say before the exercise starts, point by point. */
    sayBefore: z.array(z.string().min(10)).min(1),
    /** Mistakes learners commonly make, and what the verdict then says. */
    mistakes: z.array(z.string().min(10)).min(1),
    /** Questions for the debrief. */
    askAfter: z.array(z.string().min(10)).default([]),
  }),
});

export const collections = { lessons, outline, presenter };
