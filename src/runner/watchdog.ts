/**
 * When to give up on a run, decided from what the context running it has said
 * and when. Pure (the caller passes the time), so every rule is unit-tested.
 *
 * Two signals tell a hang from slow work:
 * - progress: the measurement moved on (an input checked, a round timed);
 * - heartbeats: the context's thread is free to run its timers. Synchronous
 *   code that never returns (`while (true)`, or a loop filling memory) stops
 *   them at once; a promise that never settles does not, but stops progress.
 *
 * Before the first progress the lesson's own budget applies, and a held
 * thread is given longer (`firstBusyMs`): the first step makes the learner's
 * side, which for lesson 06 means building indexes in WebAssembly, and that
 * holds the thread for a while on a busy machine. (Starting the database
 * happens earlier, before the learner's code is in: see `warm` in lesson.ts.)
 * After it, the gaps between steps are short, so a held thread or a stalled
 * run is stopped soon, and said to be quiet sooner. How
 * long that first step took shows how slow this machine is today: no later
 * limit is shorter than it, so a loaded machine never has correct code
 * stopped, it only waits longer to stop bad code.
 */

export interface WatchdogLimits {
  /** Until the context says the learner's code is about to run. */
  bootMs: number;
  /** Quiet this long, the learner is told the run may be stuck and shown Stop. */
  noticeMs: number;
  /** No heartbeat this long (once one came): the thread is held by synchronous code. */
  busyMs: number;
  /** The same, during the first step. */
  firstBusyMs: number;
  /** No progress this long, once the first step was done. */
  idleMs: number;
  /** Whether the context sends heartbeats at all (a WebContainer process does not). */
  heartbeats: boolean;
}

/** How often a context says it is alive; well under every limit. */
export const HEARTBEAT_MS = 250;

export const defaultLimits: WatchdogLimits = { bootMs: 60_000, noticeMs: 3_000, busyMs: 6_000, firstBusyMs: 9_000, idleMs: 6_500, heartbeats: true };

export type WatchdogState =
  | { state: 'running' }
  /** Quiet for `quietMs`: worth telling the learner, not yet worth stopping. */
  | { state: 'quiet'; quietMs: number }
  | { state: 'stop'; reason: 'boot' | 'busy' | 'idle'; afterMs: number };

export interface Watchdog {
  /** The learner's code is about to run; `budgetMs` is the lesson's allowance for its first step. */
  started(budgetMs: number, now: number): void;
  progress(now: number): void;
  heartbeat(now: number): void;
  check(now: number): WatchdogState;
}

export function createWatchdog(limits: WatchdogLimits, now: number): Watchdog {
  let phase: 'booting' | 'first-step' | 'measuring' = 'booting';
  let budgetMs = limits.bootMs;
  let lastProgress = now;
  let lastHeartbeat: number | undefined;
  let busyMs = limits.busyMs;

  return {
    started(lessonBudgetMs, at) {
      phase = 'first-step';
      budgetMs = lessonBudgetMs;
      lastProgress = at;
      // Saying so took a free thread: from here a held thread is counted, heartbeat or not.
      if (limits.heartbeats) lastHeartbeat = at;
    },
    progress(at) {
      if (phase === 'first-step') {
        const firstStepMs = at - lastProgress;
        budgetMs = Math.min(budgetMs, Math.max(limits.idleMs, firstStepMs));
        busyMs = Math.min(budgetMs, Math.max(limits.busyMs, firstStepMs));
      }
      phase = 'measuring';
      lastProgress = at;
      // A step that ends is a sign of life too: where the measurement never
      // yields to the event loop (a wall-clock lesson), heartbeats may never
      // come, and the held-thread rule must still apply from here.
      if (limits.heartbeats) lastHeartbeat = at;
    },
    heartbeat(at) {
      lastHeartbeat = at;
    },
    check(at) {
      const sinceProgress = at - lastProgress;
      if (phase === 'booting') {
        return sinceProgress >= limits.bootMs ? { state: 'stop', reason: 'boot', afterMs: limits.bootMs } : { state: 'running' };
      }
      // A held thread is the more telling of the two, so it is named first.
      const sinceHeartbeat = lastHeartbeat === undefined || !limits.heartbeats ? 0 : at - Math.max(lastHeartbeat, lastProgress);
      if (phase === 'first-step') {
        if (sinceHeartbeat >= limits.firstBusyMs) return { state: 'stop', reason: 'busy', afterMs: limits.firstBusyMs };
        return sinceProgress >= budgetMs ? { state: 'stop', reason: 'idle', afterMs: budgetMs } : { state: 'running' };
      }
      if (sinceHeartbeat >= busyMs) return { state: 'stop', reason: 'busy', afterMs: busyMs };
      if (sinceProgress >= budgetMs) return { state: 'stop', reason: 'idle', afterMs: budgetMs };
      const quietMs = Math.max(sinceHeartbeat, sinceProgress);
      return quietMs >= limits.noticeMs ? { state: 'quiet', quietMs } : { state: 'running' };
    },
  };
}
