import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../core/result.ts';
import { listLessons, projectRoot, readLessonSources } from '../../lessons/files.ts';
import { runInNode } from '../node/runtime.ts';
import type { Files } from './container.ts';
import { buildContainerBundle } from './bundle.ts';
import { createNodeContainer } from './node-container.ts';
import { createContainerRuntime } from './runtime.ts';

/**
 * The contract suite: the container runtime, driven through a Node-backed
 * container, must reach the same verdicts as the worker runtime on every
 * lesson's reference solution and starter.
 */
let bundle: Files;
let containersMade = 0;
const terminal: string[] = [];

const runtime = createContainerRuntime({
  getContainer: async () => {
    containersMade += 1;
    return createNodeContainer();
  },
  bundle: async () => bundle,
  onTerminal: (chunk) => terminal.push(chunk),
});

beforeAll(async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'bundle-'));
  const names = await buildContainerBundle(projectRoot, out);
  bundle = {};
  for (const name of names) bundle[name] = await readFile(path.join(out, name));
  expect(names).toContain('runner.mjs');
}, 120_000);

const run = (slug: string, candidate: string, baseline: string, reference: string): Promise<RunResult> =>
  runtime.run({ slug, sources: { baseline, reference, candidate }, rounds: 4 }, {}).result;

describe('container runtime contract', async () => {
  const lessons = await listLessons();

  for (const slug of lessons) {
    it(`${slug}: same verdicts as the worker runtime, for the reference and the starter`, async () => {
      const s = await readLessonSources(slug);
      for (const candidate of [s.reference, s.starter]) {
        const inContainer = await run(slug, candidate, s.baseline, s.reference);
        const inWorker = await runInNode({ slug, rounds: 4, sources: { baseline: s.baseline, reference: s.reference, candidate } }).result;
        expect(inContainer.verdict, inContainer.message).toBe(inWorker.verdict);
        expect(inContainer.correct).toBe(inWorker.correct);
        expect(inContainer.gates.map((g) => g.ok)).toEqual(inWorker.gates.map((g) => g.ok));
      }
    }, 180_000);
  }

  it('maps an error to the learner\'s line', async () => {
    const s = await readLessonSources(lessons[0]!);
    const candidate = `${s.starter}\nconsole.log('hello from the container');\nthrow new Error('top-level boom');\n`;
    const result = await run(lessons[0]!, candidate, s.baseline, s.reference);
    expect(result.verdict).toBe('error');
    expect(result.failure?.line).toBe(candidate.split('\n').length - 1);
    expect(result.message).toMatch(/top-level boom/);
  });

  it('stops an endless loop by tearing the container down, and the next run gets a new one', async () => {
    const s = await readLessonSources(lessons[0]!);
    const before = containersMade;
    const loop = s.starter.replace(/(export (async )?function \w+\([^)]*\)[^{]*\{)/, '$1\n  while (true) {}');
    const stopped = await run(lessons[0]!, loop, s.baseline, s.reference);
    expect(stopped.message).toMatch(/stopped after \d+ s/);
    const next = await run(lessons[0]!, s.reference, s.baseline, s.reference);
    expect(next.verdict).toBe('pass');
    expect(containersMade).toBe(before + 1);
  }, 60_000);
});
