/**
 * npm run bench                                        every example in examples/playground/
 * npm run bench -- <file.ts>                           one playground file, timed as the page times it
 * npm run bench -- <file.ts> --expect '<a> faster than <b> by 2x'
 *                                                      fail when the run does not show it; also
 *                                                      '<a> faster than <b>' and '<a> as fast as <b>';
 *                                                      give --expect again for more than one
 * npm run bench -- ... --json <path>                   also write the results as JSON
 * npm run bench -- ... --seed <n>                      repeat a run's inputs
 *
 * A playground file is what the page's "Download as file" saves (the format
 * is in src/playground/file.ts). It runs in a fresh worker thread with the
 * page's core, sandbox and watchdog, so a comparison made in the browser can
 * guard a repository's CI.
 *
 * Exit codes: 0 done, 1 the snippets disagree (nothing was timed), 2 usage
 * error, 3 the code failed (a syntax error, a throw, a timeout, a reach past
 * the sandbox), 4 an --expect was not met. Over several files, the highest.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Failure, RunResult } from '../src/core/result.ts';
import { formatNumber } from '../src/core/verdict.ts';
import { flagValue, parseSeed, projectRoot, UsageError } from '../src/lessons/files.ts';
import { checkExpectation, EXPECT_FORMS, ExpectationError, parseExpectation, type ExpectationCheck } from '../src/playground/expect.ts';
import { parsePlayground, PlaygroundFormatError, type PlaygroundFile } from '../src/playground/file.ts';
import { describeComparison, figureName, formatBound, formatDuration, formatFigure, type PlaygroundReport } from '../src/playground/report.ts';
import { runInNode } from '../src/runner/node/runtime.ts';
import { startPlayground } from '../src/playground/start.ts';

export const EXIT = { done: 0, disagree: 1, usage: 2, failed: 3, unmet: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXAMPLES_DIR = path.join(projectRoot, 'examples', 'playground');

const USAGE = `usage: npm run bench [-- <file.ts> [--expect '<a> faster than <b> [by <n>x]' | '<a> as fast as <b>']...] [--json <path>] [--seed <n>]`;

export interface Args {
  file?: string;
  json?: string;
  seed?: number;
  expect: string[];
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { expect: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => flagValue(argv, ++i, flag);
    switch (flag) {
      case '--json':
        args.json = value();
        break;
      case '--seed':
        args.seed = parseSeed(value());
        break;
      case '--expect': {
        const v = argv[++i];
        if (v === undefined || v.trim() === '') throw new UsageError(`--expect needs a value: ${EXPECT_FORMS}, in quotes`);
        args.expect.push(v);
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (args.file !== undefined) {
          throw new UsageError(`one file at a time: got ${args.file} and ${flag} (without a file, npm run bench runs every example)`);
        }
        args.file = flag;
    }
  }
  if (args.expect.length > 0 && args.file === undefined) throw new UsageError('--expect needs a file: it names that file\'s snippets');
  return args;
}

/** What one file's run came to, as --json writes it. */
export interface BenchEntry {
  file: string;
  exitCode: ExitCode;
  report?: PlaygroundReport;
  failure?: { kind: Failure['kind'] | 'usage'; message: string; part?: string; line?: number; fileLine?: number };
  expectations?: { text: string; met: boolean; measured: ExpectationCheck['measured'] }[];
  /** From starting the worker to the result, in ms. */
  wallMs?: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`bench: ${error.message}`);
    console.error(USAGE);
    return EXIT.usage;
  }
  const files = args.file !== undefined ? [args.file] : await listExamples();
  const started = performance.now();
  const entries: BenchEntry[] = [];
  for (const [index, file] of files.entries()) {
    if (index > 0) console.log('');
    entries.push(await benchFile(file, args));
  }
  const worst = Math.max(...entries.map((e) => e.exitCode)) as ExitCode;
  if (args.json) {
    await mkdir(path.dirname(path.resolve(args.json)), { recursive: true });
    await writeFile(args.json, JSON.stringify(args.file !== undefined ? entries[0] : { runs: entries }, null, 2));
  }
  if (args.file === undefined) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const bad = entries.filter((e) => e.exitCode !== EXIT.done);
    console.log('');
    console.log(
      bad.length === 0
        ? `all ${entries.length} examples ran in ${seconds} s`
        : `${bad.length} of ${entries.length} examples did not run cleanly (${bad.map((e) => `${e.file}: exit ${e.exitCode}`).join(', ')}); ${seconds} s`,
    );
  }
  return worst;
}

async function listExamples(): Promise<string[]> {
  const names = (await readdir(EXAMPLES_DIR)).filter((n) => n.endsWith('.ts')).sort();
  return names.map((n) => path.relative(process.cwd(), path.join(EXAMPLES_DIR, n)));
}

async function benchFile(file: string, args: Args): Promise<BenchEntry> {
  let text: string;
  let playground: PlaygroundFile;
  let expectations: ReturnType<typeof parseExpectation>[];
  try {
    text = await readText(file);
    try {
      playground = parsePlayground(text);
    } catch (error) {
      if (error instanceof PlaygroundFormatError) throw new UsageError(`${file} is not a playground file we can read: ${error.message}`);
      throw error;
    }
    const names = playground.snippets.map((s) => s.name);
    expectations = args.expect.map((e) => {
      try {
        return parseExpectation(e, names, playground.options.baseline);
      } catch (error) {
        if (error instanceof ExpectationError) throw new UsageError(error.message);
        throw error;
      }
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}`);
    return { file, exitCode: EXIT.usage, failure: { kind: 'usage', message: error.message } };
  }

  console.log(`${playground.options.title || path.basename(file)}  (${file})`);
  const t0 = performance.now();
  // A playground of a lesson runs as one lesson run per snippet; the page does the same (src/playground/start.ts).
  const env = { runtime: 'node' as const, version: `Node ${process.version}`, crossOriginIsolated: false, timerTickMs: 0 };
  const result = await startPlayground(playground, runInNode, {}, { env, seed: args.seed }).result;
  const wallMs = performance.now() - t0;
  const report = result.playground;
  if (!report) return failed(file, text, result, wallMs);

  printReport(report, wallMs);
  const checks = expectations.map((e) => checkExpectation(e, report));
  if (checks.length > 0) console.log('');
  for (const check of checks) console.log(`  expect ${check.sentence}`);
  const unmet = checks.filter((c) => !c.met).length;
  if (unmet > 0) console.log(`  ${unmet} of ${checks.length} expectations not met`);
  return {
    file,
    exitCode: checks.every((c) => c.met) ? EXIT.done : EXIT.unmet,
    report,
    ...(checks.length > 0 ? { expectations: checks.map((c) => ({ text: c.expectation.text, met: c.met, measured: c.measured })) } : {}),
    wallMs,
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder; give one .ts playground file' : `${(error as Error).message}`;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
}

function failed(file: string, text: string, result: RunResult, wallMs: number): BenchEntry {
  const { kind = 'error', part, line } = result.failure ?? {};
  const fileLine = part !== undefined && line !== undefined ? lineInFile(text, part, line) : undefined;
  console.log(`  ${result.message}`);
  // The page's words for the switch are its checkbox's; a file has an option.
  if (kind === 'incorrect') console.log(`  (in a file, "Compare answers" off is "compare": false on the /// @options line)`);
  if (fileLine !== undefined) console.log(`  at ${file}:${fileLine} (line ${line} of ${part === 'setup' ? 'the setup' : `snippet "${part}"`})`);
  else if (part !== undefined) console.log(`  in ${part === 'setup' ? 'the setup' : `snippet "${part}"`} of ${file}`);
  const exitCode = kind === 'incorrect' ? EXIT.disagree : EXIT.failed;
  console.log(`  ${exitCode === EXIT.disagree ? 'the snippets disagree' : 'the run failed'} after ${seconds(wallMs)}`);
  return {
    file,
    exitCode,
    failure: { kind, message: result.message, ...(part !== undefined ? { part } : {}), ...(line !== undefined ? { line } : {}), ...(fileLine !== undefined ? { fileLine } : {}) },
    wallMs,
  };
}

/**
 * A line of a part (as the run reports it) as a line of the file, so an
 * editor can jump to it. A part starts on its first line after its marker
 * that is not empty, as parsePlayground reads it.
 */
export function lineInFile(text: string, part: string, line: number): number | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const marker = lines.findIndex((l) => (part === 'setup' ? /^\/\/\/ @setup\b/.test(l) : /^\/\/\/ @snippet\b ?(.*)$/.exec(l)?.[1]?.trim() === part));
  if (marker === -1) return undefined;
  let first = marker + 1;
  while (lines[first] === '') first++;
  return first + line;
}

function printReport(report: PlaygroundReport, wallMs: number): void {
  const answers = report.compared ? 'answers compared before timing' : 'answers not compared';
  const awaited = report.awaited ? '; each call was timed until its promise settled' : '';
  const inputs = report.lesson ? `inputs, checks and timing of lesson ${report.lesson.slug}` : `size ${formatNumber(report.size)}`;
  console.log(`  ${inputs}; ${answers}${awaited}`);
  console.log('');
  const confidence = `${formatNumber(report.confidence * 100)}%`;
  const rows = report.snippets.map((s) => [
    s.name,
    `${formatFigure(report, s.time.median)} [${formatFigure(report, s.time.low)}, ${formatFigure(report, s.time.high)}]`,
    s.speedup ? `${formatBound(s.speedup.median)} [${formatBound(s.speedup.low)}, ${formatBound(s.speedup.high)}]` : 'baseline',
  ]);
  printTable(['snippet', `${figureName(report)} [95% interval]`, `speedup over \`${report.baseline}\` [${confidence} interval]`], rows);
  console.log('');
  for (const s of report.snippets) if (s.speedup) console.log(`  \`${s.name}\`: ${describeComparison(s, report.baseline)}`);
  printGrowth(report);
  const env = report.env;
  console.log('');
  console.log(`  ${env.runtime} (${env.version}), timer tick ${formatNumber(env.timerTickMs * 1000)} µs, cross-origin isolated: ${env.crossOriginIsolated ? 'yes' : 'no'}`);
  console.log(`  each speedup's interval is at ${confidence} confidence, widened ×${Math.exp(report.margin).toFixed(2)} each side for variation between processes`);
  console.log(`  seed ${report.seed} (--seed ${report.seed} repeats this run's inputs); verdict in ${seconds(wallMs)}`);
}

/** Time per call at each size of the sweep, and how it grows, when the file asks for a sweep. */
function printGrowth(report: PlaygroundReport): void {
  const swept = report.snippets.filter((s) => s.growth && s.growth.length > 0);
  if (swept.length === 0) return;
  const sizes = swept[0]!.growth!.map((g) => g.size);
  console.log('');
  const rows = swept.map((s) => [
    s.name,
    ...sizes.map((size) => {
      const point = s.growth!.find((g) => g.size === size);
      return point ? formatDuration(point.ms) : '–';
    }),
    s.fit ? `${s.fit.name} (slope ${s.fit.exponent.toFixed(2)})` : '–',
  ]);
  printTable(['time per call at size', ...sizes.map((n) => formatNumber(n)), 'growth'], rows, { alignRight: sizes.map((_, i) => i + 1) });
}

/** Columns padded to their widest cell; numbers (`alignRight`) line up on the right, and the last column is not padded. */
function printTable(header: string[], rows: string[][], options: { alignRight?: number[] } = {}): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const pad = (cell: string, c: number) => {
    if (options.alignRight?.includes(c)) return cell.padStart(widths[c]!);
    return c === header.length - 1 ? cell : cell.padEnd(widths[c]!);
  };
  for (const cells of [header, ...rows]) console.log(`  ${cells.map(pad).join('   ')}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
