/**
 * What the learner keeps on this device: their code per lesson and which
 * lessons they passed. localStorage writes are synchronous, so an edit saved
 * is on disk even if the tab crashes a moment later.
 */
const PREFIX = 'perf-workshop:v1';

export interface LessonProgress {
  passed: boolean;
  /** Best speedup over the baseline seen in a passing run. */
  bestSpeedup?: number;
  /** ISO time of the last run. */
  lastRun: string;
}

export type ProgressMap = Record<string, LessonProgress>;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createLearnerStore(store: KeyValueStore) {
  const codeKey = (slug: string) => `${PREFIX}:code:${slug}`;
  const progressKey = `${PREFIX}:progress`;

  function readProgress(): ProgressMap {
    try {
      const parsed: unknown = JSON.parse(store.getItem(progressKey) ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as ProgressMap) : {};
    } catch {
      return {};
    }
  }

  return {
    loadCode: (slug: string): string | null => store.getItem(codeKey(slug)),
    saveCode(slug: string, code: string): boolean {
      try {
        store.setItem(codeKey(slug), code);
        return true;
      } catch {
        // Quota exceeded or storage disabled: the editor still holds the code.
        return false;
      }
    },
    forgetCode: (slug: string) => store.removeItem(codeKey(slug)),
    progress: readProgress,
    /** Records a run; a lesson once passed stays passed. */
    recordRun(slug: string, passed: boolean, speedup: number | undefined): LessonProgress {
      const all = readProgress();
      const before = all[slug];
      const next: LessonProgress = {
        passed: passed || (before?.passed ?? false),
        bestSpeedup:
          passed && speedup !== undefined ? Math.max(speedup, before?.bestSpeedup ?? 0) : before?.bestSpeedup,
        lastRun: new Date().toISOString(),
      };
      all[slug] = next;
      try {
        store.setItem(progressKey, JSON.stringify(all));
      } catch {
        // Progress is a convenience; losing it must not break a run.
      }
      return next;
    },
  };
}

export type LearnerStore = ReturnType<typeof createLearnerStore>;
