import { lessons } from './support.ts';

/** Every page of the built site, for the tests that go through all of them. */
export const lessonPages = lessons.map((slug) => `/lessons/${slug}/`);
export const solutionPages = lessons.map((slug) => `/instructor/solutions/${slug}/`);
export const otherPages = ['/', '/playground/', '/instructor/', '/instructor/guide/'];
export const allPages = [...otherPages, ...lessonPages, ...solutionPages];
