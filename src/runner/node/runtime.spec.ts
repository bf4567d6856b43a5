import { describe, expect, it } from 'vitest';
import { badCode } from '../../../e2e/bad-code.ts';
import { readLessonSources } from '../../lessons/files.ts';
import { memoryMessage } from '../controller.ts';
import { MEMORY_LIMIT_MB, runInNode } from './runtime.ts';

/** Bad code in the verify command's worker thread: each ends at once, with its own message. */
async function runBad(slug: string, candidate: string) {
  const { baseline } = await readLessonSources(slug);
  return runInNode({ slug, sources: { baseline, candidate } }).result;
}

describe('the Node runtime stops bad code', () => {
  it('a memory bomb, by the worker resource limits, with the memory message', async () => {
    const result = await runBad('05-data-structures', badCode('05-data-structures', 'memory-bomb')!);
    expect(result.verdict).toBe('error');
    expect(result.message).toBe(memoryMessage(MEMORY_LIMIT_MB));
  }, 60_000);

  it('an early process.exit(0): refused at once, never a wait for the watchdog', async () => {
    const code = badCode('03-concurrency', 'throw')!.replace("throw new Error('boom');", 'process.exit(0);');
    const result = await runBad('03-concurrency', code);
    expect(result.message).toMatch(/`process`/);
    expect(result.message).not.toMatch(/stopped after/);
  }, 60_000);

  it('a console flood', async () => {
    const code = badCode('03-concurrency', 'throw')!.replace("throw new Error('boom');", "for (let i = 0; i < 1e6; i++) console.log('line', i);");
    const result = await runBad('03-concurrency', code);
    expect(result.verdict).toBe('error');
    expect(result.message).toMatch(/printed 200 lines or more/);
  }, 60_000);

  it('a loop that never ends, by the heartbeat, before the lesson budget', async () => {
    const result = await runBad('05-data-structures', badCode('05-data-structures', 'loop')!);
    expect(result.message).toMatch(/stopped after 6 s in which your code never paused/);
    expect(result.verdict).toBe('fail');
  }, 120_000);
});

describe('runs one after another in the Node runtime', () => {
  // A thread still being torn down while the next one compiles PGlite can crash the process (see runInNode).
  it('give their result only once their thread has ended: nothing of a run is left running', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort').length;
    const before = ports();
    const { baseline, reference } = await readLessonSources('06-database');
    const result = await runInNode({ slug: '06-database', sources: { baseline, reference, candidate: reference! } }).result;
    expect(result.verdict).toBe('pass');
    expect(ports()).toBe(before);
  }, 60_000);
});
