import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor, main, type VerifyRow } from './verify.ts';

// 03-concurrency runs on the virtual clock, so grading it takes well under a second.
const LESSON = '03-concurrency';

let dir: string;
let output: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'verify-'));
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

async function candidateFile(name: string, source: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, source);
  return file;
}

describe('verify command', () => {
  it('grades the reference solution as a pass (exit 0) and writes the JSON fields', async () => {
    const json = path.join(dir, 'out', 'results.json');
    const code = await main(['--lesson', LESSON, '--candidate', `solutions/${LESSON}/exercise.ts`, '--json', json]);
    expect(code).toBe(0);
    const { rows } = JSON.parse(await readFile(json, 'utf8')) as { rows: VerifyRow[] };
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ slug: LESSON, verdict: 'pass', correct: true });
    expect(row.speedup!.low).toBeGreaterThanOrEqual(row.target);
    expect(row.speedup!.median).toBeGreaterThanOrEqual(row.speedup!.low);
    expect(Object.keys(row.counters).length).toBeGreaterThan(0);
    expect(row.message).toMatch(/passed/);
  });

  it('writes each side’s timeline with --trace, as Trace Event JSON, and keeps it out of --json', async () => {
    const trace = path.join(dir, 'out', 'trace.json');
    const json = path.join(dir, 'rows.json');
    const code = await main(['--lesson', LESSON, '--candidate', `solutions/${LESSON}/exercise.ts`, '--trace', trace, '--json', json]);
    expect(code).toBe(0);
    const { traceEvents } = JSON.parse(await readFile(trace, 'utf8')) as { traceEvents: { name: string; ph: string; args?: { name?: string } }[] };
    const processes = traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.name);
    expect(processes).toEqual(['03-concurrency exercise.ts: baseline', '03-concurrency exercise.ts: candidate', '03-concurrency exercise.ts: reference']);
    expect(traceEvents.filter((e) => e.ph === 'X').length).toBeGreaterThan(3 * 50);
    expect(output.join('\n')).toMatch(/wrote 3 timelines to /);
    expect(await readFile(json, 'utf8')).not.toMatch(/traceEvents|"spans"/);
  });

  it('writes a CPU profile per side with --profile, in which the learner’s functions carry their file’s name', async () => {
    // A lesson whose code works on the CPU for milliseconds a call: 03's learner code runs in slices too short to be sampled for sure.
    const LESSON = '05-data-structures';
    const dir2 = path.join(dir, 'profiles');
    const code = await main(['--lesson', LESSON, '--candidate', `solutions/${LESSON}/exercise.ts`, '--profile', dir2]);
    expect(code).toBe(0);
    type Profile = { nodes: { callFrame: { functionName: string; url: string } }[]; samples: number[]; startTime: number; endTime: number };
    const read = async (side: string) => JSON.parse(await readFile(path.join(dir2, `${LESSON}-exercise-${side}.cpuprofile`), 'utf8')) as Profile;
    const [baseline, candidate, reference] = await Promise.all(['baseline', 'candidate', 'reference'].map(read));
    for (const profile of [baseline!, candidate!, reference!]) {
      expect(profile.samples.length).toBeGreaterThan(0);
      expect(profile.endTime).toBeGreaterThan(profile.startTime);
    }
    const functionsOf = (profile: Profile, file: string) => profile.nodes.filter((n) => n.callFrame.url.endsWith(file)).map((n) => n.callFrame.functionName);
    // The sampler may miss a function this quick; it does not miss the learner's code as a whole.
    expect(functionsOf(candidate!, 'your-code.ts').length).toBeGreaterThan(0);
    // Each side's profile holds only its own calls.
    expect(functionsOf(candidate!, 'baseline.ts')).toEqual([]);
    expect(functionsOf(baseline!, 'your-code.ts')).toEqual([]);
  });

  it('reports how it measured: --verbose prints it, --json carries it, --seed changes the inputs', async () => {
    const json = path.join(dir, 'seeded.json');
    const code = await main(['--lesson', LESSON, '--candidate', `solutions/${LESSON}/exercise.ts`, '--seed', '7', '--verbose', '--json', json]);
    expect(code).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(/timer tick/);
    expect(text).toMatch(/spread over the rounds' workloads/);
    expect(text).toMatch(/candidate +[\d.]+ ms \(simulated\) per call, K 1, \d+ rounds/);
    const { rows } = JSON.parse(await readFile(json, 'utf8')) as { rows: VerifyRow[] };
    const m = rows[0]!.measurement;
    expect(m).toMatchObject({ seed: 7, clock: 'virtual', protocol: { spread: 'workloads', margin: 0 } });
    expect(m.sides.map((s) => s.side).sort()).toEqual(['baseline', 'candidate', 'reference']);
    expect(m.sides.every((s) => s.k >= 1 && s.rounds >= 1 && s.samples >= s.rounds)).toBe(true);
    expect(await main(['--lesson', LESSON, '--seed', 'x'])).toBe(2);
  });

  it('grades the starter as a fail (exit 1)', async () => {
    expect(await main(['--lesson', LESSON, '--candidate', `exercises/${LESSON}/exercise.ts`])).toBe(1);
    expect(output.join('\n')).toMatch(/fail/);
  });

  it('reports a syntax error with its line (exit 1)', async () => {
    const file = await candidateFile('broken.ts', 'export async function loadProductPage(id) {\n  return {\n}\nexport const x = ;\n');
    expect(await main(['--lesson', LESSON, '--candidate', file])).toBe(1);
    expect(output.join('\n')).toMatch(/syntax error on line \d+/);
  });

  it('reports a missing export by name (exit 1)', async () => {
    const file = await candidateFile('empty.ts', 'export const nothing = 1;\n');
    expect(await main(['--lesson', LESSON, '--candidate', file])).toBe(1);
    expect(output.join('\n')).toMatch(/must export a function named `loadProductPage`/);
  });

  it('stops a candidate that never finishes (exit 1)', async () => {
    const file = await candidateFile('loop.ts', 'export async function loadProductPage() { while (true) {} }\nexport async function lookupAll() { return []; }\n');
    expect(await main(['--lesson', LESSON, '--candidate', file])).toBe(1);
    expect(output.join('\n')).toMatch(/stopped after \d+ s/);
  }, 60_000);

  it('exits 2 on usage errors, with a clear message', async () => {
    expect(await main(['--lesson', 'no-such-lesson'])).toBe(2);
    expect(output.join('\n')).toMatch(/unknown lesson "no-such-lesson"; the lessons are: .*03-concurrency/);
    expect(await main(['--lesson', LESSON, '--candidate', path.join(dir, 'missing.ts')])).toBe(2);
    expect(output.join('\n')).toMatch(/cannot read the candidate file/);
    expect(await main(['--candidate', 'x.ts'])).toBe(2);
    expect(await main(['--frobnicate'])).toBe(2);
  });

  it('maps verdicts to exit codes: pass 0, fail and error 1, inconclusive 3', () => {
    expect(exitCodeFor('pass')).toBe(0);
    expect(exitCodeFor('fail')).toBe(1);
    expect(exitCodeFor('error')).toBe(1);
    expect(exitCodeFor('inconclusive')).toBe(3);
  });
});
