/**
 * npm run verify                                   every lesson: the reference passes, the starter does not
 * npm run verify -- --lesson <slug>                the same for one lesson
 * npm run verify -- --lesson <slug> --candidate <file>   grade one learner file as the page would
 * npm run verify -- ... --json <path>              also write the results as JSON
 * npm run verify -- ... --seed <n>                 repeat a run's inputs: a learner's file gets new ones each time, the lesson's own programs always the same
 * npm run verify -- ... --verbose                  also print how each side was measured
 * npm run verify -- ... --trace <path>             also write each side's timeline (lessons that draw one) as
 *                                                   Trace Event JSON, for chrome://tracing or ui.perfetto.dev
 * npm run verify -- ... --profile <dir>            also write a CPU profile per side (<slug>-<candidate>-<side>.cpuprofile),
 *                                                   for Chrome DevTools or speedscope
 *
 * Exit codes: 0 all as expected (or the candidate passed), 1 a lesson or the
 * candidate failed or errored, 2 usage error, 3 the candidate was inconclusive.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatNumber, formatRatio } from '../src/core/verdict.ts';
import type { RunResult } from '../src/core/result.ts';
import { toTraceEvents } from '../src/core/trace-events.ts';
import type { Trace } from '../src/core/trace.ts';
import { flagValue, listLessons, parseSeed, readLessonSources, UsageError } from '../src/lessons/files.ts';
import { runInNode } from '../src/runner/node/runtime.ts';

interface Args {
  lesson?: string;
  candidate?: string;
  json?: string;
  trace?: string;
  profile?: string;
  rounds?: number;
  seed?: number;
  verbose: boolean;
  quiet: boolean;
}

export interface VerifyRow {
  slug: string;
  /** What was graded: the reference solution, the starter, or a learner's file. */
  candidate: 'reference' | 'starter' | string;
  expected?: 'pass' | 'not pass';
  verdict: RunResult['verdict'];
  correct: boolean | null;
  speedup: { median: number; low: number; high: number } | null;
  target: number;
  counters: Record<string, number>;
  message: string;
  /** Whether this row is what verify wanted. */
  ok: boolean;
  seconds: number;
  /** How it was measured (MEASUREMENT.md, "What to report"). */
  measurement: Measurement;
  /** Each side's traced call, for --trace; not written to --json. */
  traces: { side: string; trace: Trace }[];
  /** Each side's CPU profile, for --profile; not written to --json. */
  profiles: RunResult['profiles'];
}

export interface Measurement {
  runtime: string;
  /** virtual: simulated milliseconds, exact for their workload; wall: real time. */
  clock: RunResult['timing'];
  timerTickMs: number;
  crossOriginIsolated: boolean;
  seed: number | null;
  /** Looks at the interval, its confidence, and what its width means. */
  protocol: RunResult['protocol'] | null;
  sides: { side: string; msPerCall: number | null; k: number; rounds: number; samples: number }[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quiet: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => flagValue(argv, ++i, flag);
    switch (flag) {
      case '--lesson':
        args.lesson = value();
        break;
      case '--candidate':
        args.candidate = value();
        break;
      case '--json':
        args.json = value();
        break;
      case '--trace':
        args.trace = value();
        break;
      case '--profile':
        args.profile = value();
        break;
      case '--rounds': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 2) throw new UsageError('--rounds takes a whole number of at least 2');
        args.rounds = n;
        break;
      }
      case '--seed':
        args.seed = parseSeed(value());
        break;
      case '--verbose':
        args.verbose = true;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (args.candidate && !args.lesson) throw new UsageError('--candidate needs --lesson <slug> to say which lesson it answers');
  return args;
}

/** The seed of the starter and reference rows when none is given. */
const LESSON_ROWS_SEED = 20261129;

const USAGE = `usage: npm run verify [-- --lesson <slug> [--candidate <file>]] [--json <path>] [--trace <path>] [--profile <dir>] [--rounds <n>] [--seed <n>] [--verbose]`;

async function grade(slug: string, label: VerifyRow['candidate'], candidate: string, expected: VerifyRow['expected'], args: Args): Promise<VerifyRow> {
  const sources = await readLessonSources(slug);
  const t0 = performance.now();
  const { result } = runInNode({
    slug,
    rounds: args.rounds,
    // The lesson's own rows are the same every time, so CI is repeatable; a learner's
    // file gets inputs of its own each run, as on the page, unless --seed repeats them.
    seed: args.seed ?? (label === 'reference' || label === 'starter' ? LESSON_ROWS_SEED : undefined),
    // The reference row proves the reference right on every input, which the page then relies on.
    strictOracle: label === 'reference',
    profile: args.profile !== undefined,
    sources: { baseline: sources.baseline, reference: sources.reference, candidate },
  });
  const r = await result;
  // MEASUREMENT.md: an inconclusive timing never fails CI; a wrong answer, a missed counter or a clear miss does.
  const ok =
    expected === 'pass'
      ? r.verdict === 'pass' || r.verdict === 'inconclusive'
      : expected === 'not pass'
        ? r.verdict === 'fail' || r.verdict === 'inconclusive'
        : r.verdict === 'pass';
  return {
    slug,
    candidate: label,
    expected,
    verdict: r.verdict,
    correct: r.correct,
    speedup: r.speedup,
    target: r.target,
    counters: r.sides.find((s) => s.side === 'candidate')?.counters ?? {},
    message: r.message,
    ok,
    seconds: (performance.now() - t0) / 1000,
    measurement: measurementOf(r),
    traces: r.sides.flatMap((s) => (s.trace ? [{ side: s.side, trace: s.trace }] : [])),
    profiles: r.profiles,
  };
}

function measurementOf(r: RunResult): Measurement {
  return {
    runtime: `${r.env.runtime} (${r.env.version})`,
    clock: r.timing,
    timerTickMs: r.env.timerTickMs,
    crossOriginIsolated: r.env.crossOriginIsolated,
    seed: r.seed ?? null,
    protocol: r.protocol ?? null,
    sides: r.sides.map((s) => ({
      side: s.side,
      msPerCall: Number.isFinite(s.time.median) ? s.time.median : null,
      k: s.k,
      rounds: s.rounds,
      samples: s.samples,
    })),
  };
}

function printMeasurement(m: Measurement): void {
  const p = m.protocol;
  const interval = p
    ? `${p.looks} look${p.looks === 1 ? '' : 's'} at ${(p.confidence * 100).toFixed(1)}% confidence, margin ×${Math.exp(p.margin).toFixed(2)} each side; the interval is the ${p.spread === 'workloads' ? 'spread over the rounds\' workloads (times are exact)' : 'uncertainty of the measurement'}`
    : 'not timed';
  console.log(`     ${m.runtime}, timer tick ${(m.timerTickMs * 1000).toFixed(1)} µs, cross-origin isolated: ${m.crossOriginIsolated ? 'yes' : 'no'}${m.seed === null ? '' : `, seed ${m.seed}`}`);
  console.log(`     ${interval}`);
  for (const s of m.sides) {
    const unit = m.clock === 'virtual' ? 'ms (simulated)' : 'ms';
    console.log(`     ${s.side.padEnd(10)} ${s.msPerCall === null ? '-' : `${formatNumber(s.msPerCall)} ${unit} per call`}, K ${s.k}, ${s.rounds} rounds, ${s.samples} samples`);
  }
}

/** One .cpuprofile per side of every row that was profiled (a run that failed before the end has none). */
async function writeProfiles(dir: string, rows: VerifyRow[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  let written = 0;
  for (const row of rows) {
    const name = path.basename(String(row.candidate)).replace(/\.ts$/, '');
    for (const [side, profile] of Object.entries(row.profiles ?? {})) {
      await writeFile(path.join(dir, `${row.slug}-${name}-${side}.cpuprofile`), JSON.stringify(profile));
      written += 1;
    }
  }
  console.log(written > 0 ? `wrote ${written} CPU profiles to ${dir} (open them in Chrome DevTools' Performance panel or speedscope.app)` : `no CPU profiles to write: no run got as far as timing`);
}

/** Exit code for grading one learner file. */
export function exitCodeFor(verdict: RunResult['verdict']): number {
  return verdict === 'pass' ? 0 : verdict === 'inconclusive' ? 3 : 1;
}

function printRow(row: VerifyRow, verbose = false): void {
  const speed = row.speedup ? `${formatRatio(row.speedup.median)} [${formatRatio(row.speedup.low)}, ${formatRatio(row.speedup.high)}]` : '-';
  const mark = !row.ok ? 'FAIL' : row.verdict === 'inconclusive' ? 'warn' : 'ok  ';
  console.log(
    `${mark} ${row.slug.padEnd(20)} ${String(row.candidate).padEnd(10)} ${row.verdict.padEnd(12)} ${speed.padEnd(24)} target ${formatRatio(row.target).padEnd(6)} ${row.seconds.toFixed(1)}s`,
  );
  if (!row.ok || row.verdict !== 'pass' || row.expected === undefined) console.log(`     ${row.message}`);
  if (row.expected === undefined && row.measurement.seed !== null) console.log(`     seed ${row.measurement.seed} (--seed ${row.measurement.seed} repeats this run's inputs)`);
  if (verbose) printMeasurement(row.measurement);
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`verify: ${error.message}`);
      console.error(USAGE);
      return 2;
    }
    throw error;
  }
  const rows: VerifyRow[] = [];
  const started = performance.now();
  try {
    const lessons = await listLessons();
    if (args.lesson && !lessons.includes(args.lesson)) {
      throw new UsageError(`unknown lesson "${args.lesson}"; the lessons are: ${lessons.join(', ')}`);
    }
    if (args.candidate) {
      let source: string;
      try {
        source = await readFile(args.candidate, 'utf8');
      } catch {
        throw new UsageError(`cannot read the candidate file ${args.candidate}`);
      }
      const row = await grade(args.lesson!, path.basename(args.candidate), source, undefined, args);
      rows.push(row);
      printRow(row, args.verbose);
    } else {
      console.log('     lesson               candidate  verdict      speedup [95% interval]   target');
      for (const slug of args.lesson ? [args.lesson] : lessons) {
        const sources = await readLessonSources(slug);
        for (const [label, source, expected] of [
          ['reference', sources.reference, 'pass'],
          ['starter', sources.starter, 'not pass'],
        ] as const) {
          const row = await grade(slug, label, source, expected, args);
          rows.push(row);
          printRow(row, args.verbose);
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`verify: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (args.json) {
    await mkdir(path.dirname(path.resolve(args.json)), { recursive: true });
    await writeFile(args.json, JSON.stringify({ rows: rows.map(({ traces, profiles, ...row }) => row) }, null, 2));
  }
  if (args.trace) {
    const calls = rows.flatMap((row) => row.traces.map(({ side, trace }) => ({ name: `${row.slug} ${row.candidate}: ${side}`, trace })));
    await mkdir(path.dirname(path.resolve(args.trace)), { recursive: true });
    await writeFile(args.trace, JSON.stringify(toTraceEvents(calls)));
    console.log(calls.length > 0 ? `wrote ${calls.length} timelines to ${args.trace}` : `no timelines to write to ${args.trace}: this lesson draws none`);
  }
  if (args.profile) await writeProfiles(args.profile, rows);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (args.candidate) return exitCodeFor(rows[0]!.verdict);
  const bad = rows.filter((r) => !r.ok);
  console.log(bad.length === 0 ? `all ${rows.length} checks as expected in ${seconds}s` : `${bad.length} of ${rows.length} checks not as expected (${seconds}s)`);
  return bad.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
