import type { Profiler } from '../core/measure/profile.ts';
import type { Environment } from '../core/result.ts';
import type { LessonSpec } from '../core/lesson.ts';
import type { SamplerThread } from './line-sampler.ts';
import type { ConsoleLevel, WorkerMessage } from './protocol.ts';
import type { ThreadPort } from './threads.ts';

/** What a runtime gives a session (the browser's worker, Node's, a WebContainer's), shared by the lesson and playground sessions. */
export interface SessionHost {
  env: Environment;
  loadSpec(slug: string): Promise<LessonSpec<any, any>>;
  post(message: WorkerMessage): void;
  /** Logical cores, and how to start one pool thread, for lessons that use real threads. */
  cores: number;
  spawnThread(): ThreadPort;
  /** A CPU profiler, where the runtime has one (Node's inspector). */
  profiler?: Profiler;
  /** Starts a thread for the line sampler (line-sampler.ts), for profile runs. */
  startSampler?(): SamplerThread;
}

const MAX_CONSOLE_LINES = 200;

/** Sends the learner's console output to the host, with a cap so a loop cannot flood the page. */
export function consoleSink(host: SessionHost): (level: ConsoleLevel, args: unknown[]) => void {
  let lines = 0;
  return (level, args) => {
    lines += 1;
    if (lines > MAX_CONSOLE_LINES) return;
    const text = lines === MAX_CONSOLE_LINES ? `… more output hidden (over ${MAX_CONSOLE_LINES} lines)` : args.map(show).join(' ');
    host.post({ type: 'console', level, text });
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
