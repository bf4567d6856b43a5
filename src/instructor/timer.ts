/**
 * The facilitator's countdown for the current exercise, as plain data: it is
 * computed from timestamps rather than counted in ticks, so a busy laptop, a
 * background tab or a reload never makes it drift. The page keeps it in
 * localStorage, so reloading the facilitator view keeps the clock running.
 */
export interface TimerState {
  /** The time box, in ms. */
  durationMs: number;
  /** Time already run before the current start, in ms. */
  elapsedMs: number;
  /** When the clock was last started (epoch ms), or null while paused. */
  startedAt: number | null;
  /** What is being timed, e.g. "03-concurrency · exercise". */
  label: string;
}

export function createTimer(durationMs: number, label = ''): TimerState {
  return { durationMs: Math.max(0, durationMs), elapsedMs: 0, startedAt: null, label };
}

export const isRunning = (t: TimerState): boolean => t.startedAt !== null;

export function elapsed(t: TimerState, now: number): number {
  return t.elapsedMs + (t.startedAt === null ? 0 : Math.max(0, now - t.startedAt));
}

/** Milliseconds left; negative once the time box is over (the clock keeps counting, in overtime). */
export function remaining(t: TimerState, now: number): number {
  return t.durationMs - elapsed(t, now);
}

export function start(t: TimerState, now: number): TimerState {
  return t.startedAt === null ? { ...t, startedAt: now } : t;
}

export function pause(t: TimerState, now: number): TimerState {
  return t.startedAt === null ? t : { ...t, elapsedMs: elapsed(t, now), startedAt: null };
}

export function toggle(t: TimerState, now: number): TimerState {
  return isRunning(t) ? pause(t, now) : start(t, now);
}

/** Back to the full time box, paused. */
export function reset(t: TimerState, durationMs = t.durationMs, label = t.label): TimerState {
  return createTimer(durationMs, label);
}

/** Adds (or with a negative delta, removes) time from the box, never below zero. */
export function adjust(t: TimerState, deltaMs: number): TimerState {
  return { ...t, durationMs: Math.max(0, t.durationMs + deltaMs) };
}

/** "25:00", "4:05", "-1:30" (overtime). Whole seconds, rounded towards the start so 0:00 shows for a full second. */
export function formatRemaining(ms: number): string {
  const over = ms < 0;
  const seconds = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return over && seconds > 0 ? `-${text}` : text;
}

/** Reads a stored timer, or undefined if it is missing or not one. */
export function parseTimer(text: string | null): TimerState | undefined {
  if (!text) return undefined;
  try {
    const t = JSON.parse(text) as Partial<TimerState>;
    const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (!finite(t.durationMs) || !finite(t.elapsedMs) || !(t.startedAt === null || finite(t.startedAt)) || typeof t.label !== 'string') return undefined;
    return { durationMs: t.durationMs, elapsedMs: t.elapsedMs, startedAt: t.startedAt, label: t.label };
  } catch {
    return undefined;
  }
}
