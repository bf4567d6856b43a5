/**
 * npm run figures                       measure every lesson with the verify command and
 *                                       write src/content/figures.json
 * npm run figures -- --lesson <slug>    measure one lesson and update its entry only
 *
 * The facilitator view shows these figures beside each reference solution:
 * the reference's and the starter's speedup and counters, when and on what
 * machine they were measured. Commit the file after running this; re-run it
 * when a lesson changes. Virtual-time lessons give the same figures on every
 * machine; wall-time lessons (05) depend on the machine, which is why the
 * file says which one.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, availableParallelism, cpus, platform, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LessonSpec } from '../src/core/lesson.ts';
import { projectRoot } from '../src/lessons/files.ts';
import type { FiguresFile, Machine, MeasuredRow } from '../src/instructor/figures.ts';
import { main as verify, type VerifyRow } from './verify.ts';

export const FIGURES_FILE = 'src/content/figures.json';

export function machine(): Machine {
  return {
    node: process.version,
    os: `${platform()} ${arch()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
  };
}

function toMeasured(row: VerifyRow): MeasuredRow {
  return { verdict: row.verdict, ok: row.ok, speedup: row.speedup, counters: row.counters, message: row.message };
}

export async function main(argv: string[]): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'figures-'));
  const json = path.join(dir, 'verify.json');
  let code: number;
  let rows: VerifyRow[];
  try {
    code = await verify([...argv, '--json', json]);
    if (code === 2) return code;
    ({ rows } = JSON.parse(await readFile(json, 'utf8')) as { rows: VerifyRow[] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (rows.some((r) => r.expected === undefined)) {
    console.error('figures: --candidate is not supported here; it measures the reference solutions and the starters');
    return 2;
  }

  const file = path.join(projectRoot, FIGURES_FILE);
  let figures: FiguresFile = { about: '', lessons: {} };
  try {
    figures = JSON.parse(await readFile(file, 'utf8')) as FiguresFile;
  } catch {
    // First run: start empty.
  }
  figures.about =
    'Written by `npm run figures` from `npm run verify -- --json`: per lesson, the reference solution and the starter, measured against the baseline on the machine named. Do not edit by hand.';

  const measuredAt = new Date().toISOString();
  const here = machine();
  for (const slug of [...new Set(rows.map((r) => r.slug))]) {
    const spec = (await import(pathToFileURL(path.join(projectRoot, 'exercises', slug, 'spec.ts')).href)) as { default: LessonSpec };
    const reference = rows.find((r) => r.slug === slug && r.candidate === 'reference');
    const starter = rows.find((r) => r.slug === slug && r.candidate === 'starter');
    figures.lessons[slug] = {
      measuredAt,
      machine: here,
      timing: spec.default.timing,
      target: spec.default.target,
      counters: spec.default.counterSpecs.map((c) => ({ key: c.key, label: c.label, unit: c.unit, max: c.max, min: c.min })),
      metric: spec.default.metric ? { key: spec.default.metric.key, label: spec.default.metric.label } : undefined,
      reference: reference ? toMeasured(reference) : undefined,
      starter: starter ? toMeasured(starter) : undefined,
    };
  }
  figures.lessons = Object.fromEntries(Object.entries(figures.lessons).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures: wrote ${FIGURES_FILE} (${rows.length} measurements${code === 0 ? '' : ', some not as expected: see above'})`);
  return code;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
