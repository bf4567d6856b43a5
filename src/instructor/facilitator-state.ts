import type { ChartLesson } from './room-chart.ts';
import type { LessonTiming } from './workshop.ts';

/** What the facilitator view's parts share: the page's data and this browser's storage. */

export interface FacilitatorLessonData extends ChartLesson {
  written: boolean;
  timing: LessonTiming;
}
export interface FacilitatorData {
  title: string;
  lessons: FacilitatorLessonData[];
}

const KEY = 'perf-workshop:v1:instructor';
export const MAX_FILE_BYTES = 256 * 1024;

export function load(key: string): string | null {
  try {
    return localStorage.getItem(`${KEY}:${key}`);
  } catch {
    return null;
  }
}
export function save(key: string, value: string): void {
  try {
    localStorage.setItem(`${KEY}:${key}`, value);
  } catch {
    // Storage full or disabled: the page still works, it just forgets on reload.
  }
}
