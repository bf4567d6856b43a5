import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Environment, RunResult } from '../core/result.ts';
import { CONSOLE_FLOOD_LINES, CRASH_MESSAGE, memoryMessage, runInWorker, type ContextExit, type WorkerPort } from './controller.ts';
import type { WorkerMessage } from './protocol.ts';

/** A context that does only what each test tells it to. */
function fakeWorker() {
  let onMessage: (message: WorkerMessage) => void = () => {};
  let onExit: (exit: ContextExit) => void = () => {};
  const port: WorkerPort & { terminated: boolean } = {
    terminated: false,
    post: () => {},
    onMessage: (listener) => (onMessage = listener),
    onError: () => {},
    onExit: (listener) => (onExit = listener),
    terminate: () => (port.terminated = true),
  };
  return { port, send: (message: WorkerMessage) => onMessage(message), exit: (exit: ContextExit) => onExit(exit) };
}

const env: Environment = { runtime: 'node', version: 'test', crossOriginIsolated: false, timerTickMs: 0 };

function start() {
  const worker = fakeWorker();
  const quiet: (number | undefined)[] = [];
  const handle = runInWorker(() => worker.port, { slug: 'x', sources: { baseline: '', candidate: '' } }, { onQuiet: (ms) => quiet.push(ms) }, { env });
  let settled: RunResult | undefined;
  void handle.result.then((r) => (settled = r));
  return { worker, handle, quiet, settled: () => settled };
}

describe('runInWorker', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('ends at once when the learner code closes its context', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.send({ type: 'exiting' });
    const result = await handle.result;
    expect(result.message).toMatch(/^your code ended the runner before the result/);
    expect(worker.port.terminated).toBe(true);
  });

  it('ends at once when the context exits, and names the code', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.exit({ reason: 'exited', code: 3 });
    expect((await handle.result).message).toMatch(/ended the runner with code 3/);
  });

  it('says how much memory the code used when the context ran out of it', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.exit({ reason: 'out-of-memory', limitMb: 256 });
    const result = await handle.result;
    expect(result.message).toBe(memoryMessage(256));
    expect(result.message).toBe('your code used more than 256 MB of memory; does something grow without end?');
  });

  it('blames memory, and keeps the code, when the context\'s process died with no word', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.exit({ reason: 'crashed' });
    const result = await handle.result;
    expect(result.verdict).toBe('error');
    expect(result.message).toBe(CRASH_MESSAGE);
    expect(result.message).toMatch(/more memory than the browser allows.*your code is kept.*grow without end/);
    expect(worker.port.terminated).toBe(true);
  });

  it('ends a console flood with its own message', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    for (let i = 0; i < CONSOLE_FLOOD_LINES; i++) worker.send({ type: 'console', level: 'log', text: 'x' });
    expect((await handle.result).message).toMatch(/printed 200 lines or more/);
  });

  it('says a held thread is quiet at 3 s and stops it at 6 s, long before a 90 s lesson budget', async () => {
    const { worker, handle, quiet, settled } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.send({ type: 'alive' });
    worker.send({ type: 'progress', progress: { phase: 'checking', input: 1, of: 3 } });
    await vi.advanceTimersByTimeAsync(3_100);
    expect(quiet.at(-1)).toBeGreaterThanOrEqual(3_000);
    expect(settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3_000);
    const result = await handle.result;
    expect(result.verdict).toBe('fail');
    expect(result.message).toMatch(/^stopped after 6 s in which your code never paused/);
    expect(quiet.at(-1)).toBeUndefined();
  });

  it('stops a thread that beats but never moves on, and names the timer that may be growing something', async () => {
    const { worker, handle } = start();
    worker.send({ type: 'started', budgetMs: 90_000 });
    worker.send({ type: 'progress', progress: { phase: 'checking', input: 1, of: 3 } });
    for (let t = 0; t < 8_000; t += 250) {
      worker.send({ type: 'alive' });
      await vi.advanceTimersByTimeAsync(250);
    }
    const result = await handle.result;
    expect(result.verdict).toBe('fail');
    expect(result.message).toMatch(/^stopped after 7 s without progress: does a promise never settle, or does a timer keep running .*grow something without end/);
  });

  it('keeps a run that beats and moves on alive far past every limit', async () => {
    const { worker, settled } = start();
    worker.send({ type: 'started', budgetMs: 8_000 });
    for (let t = 0; t < 60_000; t += 1_000) {
      worker.send({ type: 'alive' });
      worker.send({ type: 'progress', progress: { phase: 'measuring', round: 1, of: 10 } });
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(settled()).toBeUndefined();
  });
});
