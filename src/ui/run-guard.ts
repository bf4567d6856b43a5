/**
 * Remembers, across a crash of the page, that a run was under way. A run that
 * ends (or a page left normally) clears the mark; a page that died mid-run
 * cannot, so the next load finds it and says so, and the learner decides
 * what to run next. Nothing is ever re-run on its own.
 */
export interface RunGuard {
  /** The last run on this lesson never ended: the page stopped during it. Reading it clears it. */
  takeInterrupted(): boolean;
  begin(): void;
  end(): void;
}

export function createRunGuard(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, slug: string): RunGuard {
  const key = `perf-workshop:v1:running:${slug}`;
  const quietly = (action: () => void) => {
    try {
      action();
    } catch {
      // Storage full or disabled: the notice is a courtesy, the run goes on without it.
    }
  };
  return {
    takeInterrupted() {
      let found = false;
      quietly(() => {
        found = storage.getItem(key) !== null;
        storage.removeItem(key);
      });
      return found;
    },
    begin: () => quietly(() => storage.setItem(key, new Date().toISOString())),
    end: () => quietly(() => storage.removeItem(key)),
  };
}

export const INTERRUPTED_NOTICE =
  'The last run stopped the page; your code is kept. Nothing was run again: does something grow without end, or a loop never end? Change it, then press Run.';

/** What the status says once a run has been quiet for a while. */
export function quietNotice(quietMs: number): string {
  return `No progress for ${Math.floor(quietMs / 1000)} s. If a loop never ends or a promise never settles, press Stop.`;
}
