import 'ses';
import type { ExerciseModule } from '../core/lesson.ts';
import { createRng } from '../core/rng.ts';
import { outsideWorkBegins } from '../core/clock.ts';
import { BoundaryError, LearnerSyntaxError } from './learner-errors.ts';
import { LINE_MARK } from './line-mark.ts';

export { BoundaryError };

/**
 * The trust boundary between learner code and everything that measures it.
 *
 * It uses SES (Hardened JavaScript, the `ses` package), a proven mechanism
 * rather than a home-made one: `lockdown()` freezes every built-in and
 * prototype the engine relies on, so code that patches `Array.prototype.sort`
 * or `performance.now` gets a TypeError instead of a changed environment.
 * Each side of a comparison (baseline, candidate, reference) is then
 * evaluated in a `Compartment` of its own, with its own global object that
 * holds only the globals below: no `process`, `self`, `postMessage`, `fetch`,
 * `import()` or `require` of real modules. What a lesson hands to learner
 * code on top (services, a clock, threads) arrives as arguments, frozen by the
 * spec (`sealed` in src/kit).
 *
 * The engine's own modules (the spec, tinybench, PGlite) are loaded before
 * lockdown and keep working after it; they stay in the start compartment,
 * which learner code cannot name.
 */

let lockedDown = false;

/** Freezes the shared built-ins. Idempotent; call it once the engine's own modules are loaded. */
export function lockdownOnce(): void {
  if (lockedDown) return;
  lockdown({
    // The engine reads stacks to point at the learner's line, and its console is its own.
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    consoleTaming: 'unsafe',
    // Libraries that assign over inherited built-in properties (obj.toString = …) keep working.
    overrideTaming: 'moderate',
    localeTaming: 'unsafe',
  });
  lockedDown = true;
}

export interface SandboxOptions {
  /** Names the code in stack traces; the transform keeps line numbers, so frames point at the editor's lines. */
  sourceUrl: string;
  /** Seeds the compartment's Math.random, so a run can be repeated exactly. */
  seed: number;
  /** Where the code's console output goes. */
  console: (level: 'log' | 'info' | 'warn' | 'error', args: unknown[]) => void;
  /** How far ahead of this machine's the code's `Date` runs: another server's clock, started at another time. */
  clockOffsetMs?: number;
  /** For a copy made to be profiled (line-marks.ts): what its line marks call. */
  lineMark?: (line: number) => void;
}

/**
 * Evaluates transpiled learner code in a fresh compartment and returns its
 * exports. Must run after `lockdownOnce()`.
 */
export function evaluateInSandbox(code: string, options: SandboxOptions): ExerciseModule {
  if (!lockedDown) throw new Error('evaluateInSandbox needs lockdownOnce() first');
  const globals = endowments(options);
  const compartment = new Compartment({ globals, __options__: true, name: options.sourceUrl });
  guardHostNames(compartment.globalThis);
  // Every global the code can use is also a parameter of the wrapper: a free
  // name in a compartment is looked up through its scope proxy, which costs
  // up to ten times the work in a hot loop (Math.imul in a hash, Array.isArray
  // in a scan); a parameter is an ordinary local variable.
  const names = localNames(compartment.globalThis);
  let body: unknown;
  try {
    // The code runs in an inner function, so its own top-level names
    // (`const escape`, `function fetch`) shadow the parameters instead of clashing with them.
    body = compartment.evaluate(
      `(function (exports, require, module, ${names.join(', ')}) { (function () {${code}\n})(); })\n//# sourceURL=${options.sourceUrl}`,
    );
  } catch (error) {
    throw rephrase(error);
  }
  const exports: Record<string, unknown> = {};
  const module = { exports };
  try {
    (body as (...args: unknown[]) => void)(exports, refuseImport, module, ...names.map((name) => compartment.globalThis[name]));
  } catch (error) {
    throw rephrase(error);
  }
  return harden({ ...(module.exports as Record<string, unknown>) });
}

/** The compartment's globals that can be bound as parameters: plain values under ordinary names. */
function localNames(global: Record<string, unknown>): string[] {
  const keep = (name: string) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || UNBOUND.has(name)) return false;
    const descriptor = Object.getOwnPropertyDescriptor(global, name);
    return descriptor !== undefined && 'value' in descriptor;
  };
  return Object.getOwnPropertyNames(global).filter(keep);
}

/** Names left to the compartment itself: its own evaluators, and values that are not variables. */
const UNBOUND = new Set(['eval', 'Function', 'globalThis', 'undefined', 'NaN', 'Infinity', 'exports', 'require', 'module', 'arguments']);

function refuseImport(name: string): never {
  throw new BoundaryError(
    `it imports ${JSON.stringify(name)}, but your file may only \`import type\` from './types': everything it needs is passed to its functions`,
  );
}

/**
 * Names of the host and Node APIs a program might reach for: the result
 * channel, the worker, the process. None exists in the compartment; reading
 * one ends the run with a verdict of its own, so an attempt is never silent
 * (`self?.postMessage?.(…)` included).
 */
const HOST_NAMES = [
  'self', 'window', 'global', 'parent', 'top', 'frames', 'document', 'navigator', 'location',
  'postMessage', 'onmessage', 'close', 'importScripts', 'Worker', 'SharedWorker', 'MessageChannel', 'BroadcastChannel',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'indexedDB', 'caches', 'localStorage', 'sessionStorage',
  'process', 'Buffer', '__dirname', '__filename', 'Deno', 'Bun',
] as const;

function guardHostNames(global: Record<string, unknown>): void {
  for (const name of HOST_NAMES) {
    Object.defineProperty(global, name, {
      get() {
        throw new BoundaryError(
          `it reached for \`${name}\`, which learner code does not have here: it gets only what the lesson passes to its functions`,
        );
      },
      configurable: false,
      enumerable: false,
    });
  }
}

/** SES refuses some sources outright; say why in the learner's terms. */
function rephrase(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/SES_IMPORT_REJECTED|import expression/i.test(message)) {
    return new BoundaryError(
      'it uses import(), which is not available here: lessons hand your functions everything they need (note that even the text "import(" in a comment or string counts)',
    );
  }
  if (/SES_EVAL_REJECTED|direct eval/i.test(message)) {
    return new BoundaryError('it uses eval(), which is not available here: write the code itself instead');
  }
  if (/SES_HTML_COMMENT_REJECTED|html comment/i.test(message)) {
    return new LearnerSyntaxError('HTML-like comments (<!-- or -->) are not allowed in a module: remove them', undefined);
  }
  return error;
}

/** The globals learner code gets: enough for ordinary code, nothing that measures or reports. */
function endowments(options: SandboxOptions): Record<string, unknown> {
  const rng = createRng(options.seed);
  const log = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => options.console(level, args);
  const math: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(Math)) math[key] = (Math as unknown as Record<string | symbol, unknown>)[key];
  math.random = () => rng.next();
  return harden({
    console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('log') },
    Math: math,
    Date: options.clockOffsetMs ? shiftedDate(options.clockOffsetMs) : Date,
    performance: { now: () => performance.now() },
    structuredClone: (value: unknown) => structuredClone(value),
    TextEncoder,
    TextDecoder,
    URL,
    ...timers(),
    queueMicrotask: (fn: unknown) => queueMicrotask(callable(fn) as () => void),
    ...(options.lineMark ? { [LINE_MARK]: options.lineMark } : {}),
  });
}

/** A `Date` whose "now" is `offsetMs` later than this machine's; dates given to it are left as they are. */
function shiftedDate(offsetMs: number): DateConstructor {
  class ShiftedDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(Date.now() + offsetMs);
      else super(...(args as [string]));
    }
    static override now(): number {
      return Date.now() + offsetMs;
    }
  }
  // Called without new, Date gives the time as text.
  return new Proxy(ShiftedDate, { apply: () => new Date(Date.now() + offsetMs).toString() }) as unknown as DateConstructor;
}

/**
 * setTimeout and setInterval whose handles are plain numbers, as in a
 * browser. Node's own handle (a Timeout) is a host object nothing freezes,
 * shared by every compartment: handed out, it would let two copies of a
 * module share state, or a callback run without the `charged` wrapper.
 */
function timers() {
  const handles = new Map<number, ReturnType<typeof setTimeout>>();
  let last = 0;
  const start = (set: typeof setTimeout | typeof setInterval, once: boolean) => (fn: unknown, ms?: number, ...args: unknown[]): number => {
    const id = ++last;
    const callback = charged(callable(fn));
    handles.set(
      id,
      set(
        (...a: unknown[]) => {
          if (once) handles.delete(id);
          callback(...a);
        },
        ms,
        ...args,
      ),
    );
    return id;
  };
  const stop = (clear: typeof clearTimeout) => (id: unknown): void => {
    const handle = handles.get(Number(id));
    if (handle === undefined) return;
    handles.delete(Number(id));
    clear(handle);
  };
  return {
    setTimeout: start(setTimeout, true),
    clearTimeout: stop(clearTimeout),
    setInterval: start(setInterval, false),
    clearInterval: stop(clearInterval),
  };
}

/** A timer's callback, whose work (and its promises') a virtual clock charges in full (see outsideWorkBegins). */
function charged(fn: (...args: unknown[]) => void): (...args: unknown[]) => void {
  return (...args) => {
    outsideWorkBegins();
    fn(...args);
  };
}

/** Timers take functions only: a string would be evaluated outside the compartment. */
function callable(fn: unknown): (...args: unknown[]) => void {
  if (typeof fn !== 'function') throw new BoundaryError('it passed a string of code to a timer, which would run outside its sandbox: pass a function');
  return fn as (...args: unknown[]) => void;
}
