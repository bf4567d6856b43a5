import { BLOCKED_LANE, recorderOf } from './trace.ts';

/**
 * Clocks that simulated services use to spend time.
 *
 * Lessons about waiting (I/O, concurrency, batching…) run their services on a
 * virtual clock: `sleep(ms)` costs no real time, and the clock jumps to the
 * next timer whenever the program has nothing else to do. That makes their
 * timings exact, identical on every machine, and fast to measure. Lessons about
 * CPU work use the wall clock and are timed for real.
 */
export interface Clock {
  /** Milliseconds since the clock started. */
  now(): number;
  /** Waits without holding the thread, like awaiting a network reply. */
  sleep(ms: number): Promise<void>;
  /** Holds the thread for `ms`, like `readFileSync` or `pbkdf2Sync`: nothing else runs meanwhile. `what` names it on a timeline. */
  busy(ms: number, what?: string): void;
}

/** Real time with nothing scheduled, virtual or real, after which a run is stuck. */
const DEADLOCK_AFTER_MS = 3000;

/**
 * Real milliseconds a turn of the event loop may take for free. Synchronous
 * work beyond it (a busy loop computing what a service would have answered)
 * is charged to virtual time, as it would cost real time in production. The
 * allowance covers the engine's own bookkeeping and a machine's jitter, so
 * honest programs keep exact, repeatable times. Where only wall time can be
 * read (browsers), a busy machine or a slow phone stretches every turn, so
 * the allowance is larger there.
 */
export function turnAllowanceMs(): number {
  return workTimer.countsWaiting ? 20 : 5;
}

interface Timer {
  at: number;
  order: number;
  resolve: () => void;
}

/** Thrown when the exercise waits on something that can never happen. */
export class DeadlockError extends Error {
  constructor() {
    super(
      'your code is waiting for something that never happens (a promise that never resolves?)',
    );
    this.name = 'DeadlockError';
  }
}

/**
 * Yields one macrotask, so every pending microtask (promise callback) runs
 * first. MessageChannel is used because nested setTimeout(0) is clamped to
 * about 4 ms in browsers; it exists in workers and in Node alike. One channel
 * serves every yield: making a channel per yield costs more than the yield.
 */
let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];
type NodePort = MessagePort & { ref?: () => void; unref?: () => void };
function nextMacrotask(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      waiting.shift()?.();
      // In Node an open port keeps the process alive: hold it only while someone waits.
      if (waiting.length === 0) (channel!.port1 as NodePort).unref?.();
    };
  }
  (channel.port1 as NodePort).ref?.();
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel!.port2.postMessage(null);
  });
}

/**
 * The time a program's own work costs: this thread's CPU time where the
 * runtime tells it (Node), so that another process taking the core does not
 * count; wall time otherwise (browsers), where waiting must then be
 * subtracted by the caller.
 */
type NodeProcess = { threadCpuUsage?: () => { user: number; system: number } };
const threadCpu = (globalThis as { process?: NodeProcess }).process?.threadCpuUsage;
export const workTimer: { now(): number; countsWaiting: boolean } = threadCpu
  ? {
      now: () => {
        const { user, system } = threadCpu();
        return (user + system) / 1000;
      },
      countsWaiting: false,
    }
  : { now: () => performance.now(), countsWaiting: true };

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The virtual clock whose `run` is under way on this thread, if any. */
let running: VirtualClock | undefined;

/**
 * Marks the start of work the clock did not schedule: a callback of a real
 * timer the learner's code set, and what its promises run after it. From
 * here to the end of the turn, work is charged in full, with no allowance.
 * Without it, work cut into slices, one per timer, would each fit in a
 * turn's allowance and cost no simulated time. Nothing happens where no
 * virtual run is under way (lessons timed for real).
 */
export function outsideWorkBegins(): void {
  running?.chargeInFullFromNow();
}

/** A turn of the event loop while `run` runs: when its work began (on the work timer and the wall), and what of it is charged. */
interface Turn {
  started: number;
  startedWall: number;
  charged: number;
}

function newTurn(): Turn {
  return { started: workTimer.now(), startedWall: performance.now(), charged: 0 };
}

export class VirtualClock implements Clock {
  private current = 0;
  /** Virtual ms added for real CPU work beyond the per-turn allowance (see turnAllowanceMs). */
  chargedMs = 0;
  private readonly timers = new TimerHeap();
  private issued = 0;
  /** The turn of the event loop now running. */
  private turn: Turn | null = null;
  /** When work the clock did not schedule began in this turn (see outsideWorkBegins). */
  private outsideSince: number | undefined;

  now(): number {
    this.chargeWork();
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    // Work done earlier in this turn delays what is started after it: 50 ms
    // of computing, then a request, and the request leaves 50 ms late.
    this.chargeWork();
    return new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), order: this.issued++, resolve });
    });
  }

  busy(ms: number, what = 'a blocking call'): void {
    this.hold(Math.max(0, ms), what);
  }

  /** Moves the clock on by time the event loop was held, and records it where the call is traced. */
  private hold(ms: number, label: string): void {
    recorderOf(this)?.add({ lane: BLOCKED_LANE, label, start: this.current, end: this.current + ms, kind: 'blocked' });
    this.current += ms;
  }

  /**
   * Charges this turn's real work beyond the allowance that is not charged
   * yet. Called whenever the time is read or a timer set, and at the end of
   * every turn. `waitedMs` is real waiting the work timer counted and must
   * not be charged (wall-time work timers only).
   */
  private chargeWork(waitedMs = 0): void {
    const turn = this.turn;
    if (turn === null) return;
    // A thread's CPU time never runs ahead of the wall clock: while the wall
    // time since the turn began is within what is allowed and charged,
    // nothing can be due, and the CPU clock (a system call) is not read.
    if (!workTimer.countsWaiting && this.outsideSince === undefined && performance.now() - turn.startedWall <= turnAllowanceMs() + turn.charged) return;
    const now = workTimer.now();
    const allowed = now - turn.started - (workTimer.countsWaiting ? waitedMs : 0) - turnAllowanceMs();
    const spent = this.outsideSince === undefined ? allowed : Math.max(allowed, now - this.outsideSince);
    const due = Math.round((spent - turn.charged) * 10) / 10;
    if (due > 0) {
      this.hold(due, 'CPU work');
      this.chargedMs += due;
      turn.charged += due;
    }
  }

  /** See outsideWorkBegins. */
  chargeInFullFromNow(): void {
    if (this.turn && this.outsideSince === undefined) this.outsideSince = workTimer.now();
  }

  /**
   * Runs `fn` to completion on virtual time and returns its result together
   * with the virtual milliseconds it took.
   */
  async run<T>(fn: () => T | Promise<T>): Promise<{ value: T; elapsed: number }> {
    const start = this.current;
    let settled = false;
    let value: T | undefined;
    let error: unknown;
    let failed = false;
    Promise.resolve()
      .then(fn)
      .then(
        (v) => {
          value = v;
          settled = true;
        },
        (e: unknown) => {
          error = e;
          failed = true;
          settled = true;
        },
      );
    let idleChecks = 0;
    let idleSince = 0;
    // The work done since the last turn ended (the program's synchronous code)
    // costs real time; charge what exceeds the allowance.
    const chargeTurn = (waitedMs: number) => {
      this.chargeWork(waitedMs);
      this.turn = newTurn();
      this.outsideSince = undefined;
    };
    this.turn = newTurn();
    const outer = running;
    running = this;
    try {
      for (;;) {
        await nextMacrotask();
        chargeTurn(0);
        if (settled) break;
        const next = this.popDue();
        if (next) {
          idleChecks = 0;
          continue;
        }
        // Nothing is scheduled on the virtual clock. The code may still be
        // waiting on something real: a setTimeout(0) that batches a tick, or a
        // thread doing work. Give real time a chance before calling it a deadlock.
        if (idleChecks === 0) idleSince = performance.now();
        idleChecks += 1;
        if (performance.now() - idleSince > DEADLOCK_AFTER_MS) throw new DeadlockError();
        const delay = idleChecks < 5 ? 0 : 5;
        await realDelay(delay);
        // A browser clamps nested timers to about 4 ms: that wait is the engine's, not the program's.
        chargeTurn(Math.max(delay, 4));
      }
    } finally {
      this.turn = null;
      running = outer;
    }
    if (failed) throw error;
    return { value: value as T, elapsed: this.current - start };
  }

  /** Advances to the earliest timer and fires every timer due at that instant. */
  private popDue(): boolean {
    const first = this.timers.peek();
    if (!first) return false;
    this.current = Math.max(this.current, first.at);
    while (this.timers.peek() && this.timers.peek()!.at <= this.current) this.timers.pop()!.resolve();
    return true;
  }
}

/** A binary min-heap of timers, by due time and then by the order they were set. */
class TimerHeap {
  private items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(timer: Timer): void {
    const items = this.items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

/** Real time, for lessons whose cost is CPU work. */
export class WallClock implements Clock {
  private readonly origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  sleep(ms: number): Promise<void> {
    return realDelay(ms);
  }

  busy(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Deliberately holding the thread: this is what a blocking call does.
    }
  }
}
