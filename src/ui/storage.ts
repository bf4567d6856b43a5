import type { Environment } from '../core/result.ts';
import { summarizeUserAgent } from '../instructor/user-agent.ts';

/**
 * What the learner keeps on this device: their code per lesson and which
 * lessons they passed. localStorage writes are synchronous, so an edit saved
 * is on disk even if the tab crashes a moment later.
 */
const PREFIX = 'perf-workshop:v1';

/** The passing run that set a lesson's best speedup: what the learner exports for the room (src/instructor/). */
export interface BestRun {
  /** The candidate's counters in that run. */
  counters: Record<string, number>;
  runtime: Environment['runtime'];
  /** A short summary of the browser ("Chrome 156 on Linux"), or the Node version. */
  browser: string;
  /** ISO time of that run. */
  at: string;
}

export interface LessonProgress {
  passed: boolean;
  /** Best speedup over the baseline seen in a passing run. */
  bestSpeedup?: number;
  /** The run that set bestSpeedup (absent in progress recorded before it was kept). */
  best?: BestRun;
  /** ISO time of the last run. */
  lastRun: string;
}

export type ProgressMap = Record<string, LessonProgress>;

/** A version of the learner's code kept for "Restore my code": before a Reset, and at each Run. */
export interface CodeVersion {
  code: string;
  /** ISO time it was kept. */
  at: string;
  why: 'reset' | 'run';
}

/** How many versions a lesson keeps; the oldest goes first. */
export const HISTORY_LENGTH = 20;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createLearnerStore(store: KeyValueStore) {
  const codeKey = (slug: string) => `${PREFIX}:code:${slug}`;
  const progressKey = `${PREFIX}:progress`;
  const historyKey = (slug: string) => `${PREFIX}:history:${slug}`;

  function readHistory(slug: string): CodeVersion[] {
    try {
      const parsed: unknown = JSON.parse(store.getItem(historyKey(slug)) ?? '[]');
      return Array.isArray(parsed) ? (parsed as CodeVersion[]).filter((v) => typeof v?.code === 'string') : [];
    } catch {
      return [];
    }
  }

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
    /** The kept versions of a lesson's code, newest first. */
    history: (slug: string): CodeVersion[] => readHistory(slug),
    /**
     * Keeps a version, newest first, at most HISTORY_LENGTH of them. The same
     * code twice in a row is kept once (its time updated), so running an
     * unchanged file does not push older versions out.
     */
    keepVersion(slug: string, code: string, why: CodeVersion['why']): CodeVersion[] {
      const now = new Date().toISOString();
      const rest = readHistory(slug).filter((v) => v.code !== code);
      const next = [{ code, at: now, why }, ...rest].slice(0, HISTORY_LENGTH);
      // Storage full: drop the oldest versions until it fits, rather than lose the newest.
      for (let keep = next.length; keep > 0; keep--) {
        try {
          store.setItem(historyKey(slug), JSON.stringify(next.slice(0, keep)));
          return next.slice(0, keep);
        } catch {
          // try with fewer
        }
      }
      return rest;
    },
    progress: readProgress,
    /**
     * Records a run; a lesson once passed stays passed. With `run`, a passing
     * run that sets (or ties) the best speedup also keeps its counters and
     * where it was measured.
     */
    recordRun(
      slug: string,
      passed: boolean,
      speedup: number | undefined,
      /** `userAgent`: the browser the page runs in, which a WebContainer's env does not name. */
      run?: { counters: Record<string, number>; env: Pick<Environment, 'runtime' | 'version'>; userAgent?: string },
    ): LessonProgress {
      const all = readProgress();
      const before = all[slug];
      const now = new Date().toISOString();
      const isBest = passed && (speedup === undefined ? before?.bestSpeedup === undefined : speedup >= (before?.bestSpeedup ?? 0));
      const next: LessonProgress = {
        passed: passed || (before?.passed ?? false),
        bestSpeedup:
          passed && speedup !== undefined ? Math.max(speedup, before?.bestSpeedup ?? 0) : before?.bestSpeedup,
        best:
          isBest && run
            ? { counters: { ...run.counters }, runtime: run.env.runtime, browser: summarizeUserAgent(run.userAgent ?? run.env.version), at: now }
            : before?.best,
        lastRun: now,
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
