import type { Interval } from '../core/stats.ts';
import { formatRatio } from '../core/verdict.ts';
import { formatBound, type PlaygroundReport } from './report.ts';

/**
 * What `npm run bench -- <file> --expect '…'` asks of a run, so a CI job can
 * fail when a comparison stops holding:
 *
 *   <a> faster than <b>           the whole interval of a's speedup over b is above 1
 *   <a> faster than <b> by 2x     … at or above 2
 *   <a> as fast as <b>            the interval holds 1 ("no measurable difference")
 *
 * These are the table's own words: an expectation is met exactly when the
 * table would say it. Snippet names may hold spaces and dots (`Set.has`,
 * `await in a loop`), so the text is split at the keywords, and where a name
 * itself holds one, the split that names two snippets of the file wins.
 */

export interface Expectation {
  /** As the user wrote it, for messages. */
  text: string;
  a: string;
  b: string;
  relation: 'faster' | 'same';
  /** The least speedup `faster … by <N>x` asks for. */
  by?: number;
}

export interface ExpectationCheck {
  expectation: Expectation;
  met: boolean;
  /** a's speedup over b: the baseline's interval as measured, or its reciprocal when `a` is the baseline. */
  measured: Interval;
  /** One sentence on what was asked and what was measured. */
  sentence: string;
}

/** An expectation that cannot be read, or that names what the file does not have. */
export class ExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationError';
  }
}

export const EXPECT_FORMS = `'<a> faster than <b>', '<a> faster than <b> by 2x' or '<a> as fast as <b>'`;

const FASTER = ' faster than ';
const SAME = ' as fast as ';
const BY = ' by ';
const FACTOR = /^(\d+(?:\.\d+)?)\s*x?$/i;

interface Reading {
  a: string;
  b: string;
  relation: Expectation['relation'];
  /** The text after " by ", unread. */
  factor?: string;
}

/** Reads `--expect` text against the file's snippets and its baseline; throws ExpectationError saying what to change. */
export function parseExpectation(text: string, snippets: readonly string[], baseline: string): Expectation {
  const trimmed = text.trim();
  const readings = readingsOf(trimmed);
  if (readings.length === 0) throw new ExpectationError(`cannot read --expect '${text}': write it as ${EXPECT_FORMS}`);
  const known = (name: string) => snippets.includes(name);
  const reading = readings.find((r) => known(r.a) && known(r.b)) ?? readings[0]!;
  for (const name of [reading.a, reading.b]) {
    if (!known(name)) {
      const hint = !name.includes(BY)
        ? ''
        : reading.relation === 'same'
          ? `; "as fast as" takes no factor (a factor goes with "faster than": '<a> faster than <b> by 2x')`
          : `; a factor goes at the end, as a number with an x: 'by 2x'`;
      throw new ExpectationError(`--expect '${text}': there is no snippet named "${name}"; the snippets are ${snippets.map((s) => `"${s}"`).join(', ')}${hint}`);
    }
  }
  if (reading.a === reading.b) throw new ExpectationError(`--expect '${text}' compares "${reading.a}" with itself: name two different snippets`);
  if (reading.a !== baseline && reading.b !== baseline) {
    throw new ExpectationError(
      `--expect '${text}': every snippet is measured against the baseline "${baseline}", so an expectation names the baseline on one side (for example '${reading.a} faster than ${baseline}')`,
    );
  }
  const expectation: Expectation = { text: trimmed, a: reading.a, b: reading.b, relation: reading.relation };
  if (reading.factor === undefined) return expectation;
  const factor = FACTOR.exec(reading.factor.trim());
  const by = factor ? Number(factor[1]) : NaN;
  if (!(by >= 1)) {
    throw new ExpectationError(
      `--expect '${text}': the factor after "by" is a number of at least 1 with an x, like 'by 2x' or 'by 1.5x' (for "slower", swap the two snippets)`,
    );
  }
  return { ...expectation, by };
}

/** Every way the keywords split the text, first occurrences first. */
function readingsOf(text: string): Reading[] {
  const readings: Reading[] = [];
  const unquote = (name: string) => name.trim().replace(/^(["'`])(.*)\1$/, '$2').trim();
  for (const at of occurrences(text, SAME)) {
    readings.push({ a: unquote(text.slice(0, at)), b: unquote(text.slice(at + SAME.length)), relation: 'same' });
  }
  for (const at of occurrences(text, FASTER)) {
    const a = unquote(text.slice(0, at));
    const rest = text.slice(at + FASTER.length);
    // A factor is the usual reading when the text has " by ", so those splits come first (last " by " first).
    for (const by of occurrences(rest, BY).reverse()) {
      readings.push({ a, b: unquote(rest.slice(0, by)), relation: 'faster', factor: rest.slice(by + BY.length) });
    }
    readings.push({ a, b: unquote(rest), relation: 'faster' });
  }
  return readings.filter((r) => r.a !== '' && r.b !== '');
}

function occurrences(text: string, word: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) found.push(at);
  return found;
}

/** Whether a run's report bears the expectation out, by the same rule as the table's words. */
export function checkExpectation(expectation: Expectation, report: PlaygroundReport): ExpectationCheck {
  const measured = speedupOf(expectation.a, expectation.b, report);
  const { low, high, median } = measured;
  const met = expectation.relation === 'same' ? low <= 1 && high >= 1 : expectation.by === undefined ? low > 1 : low >= expectation.by;
  const interval = `interval from ${formatBound(low)} to ${formatBound(high)}`;
  const found = `\`${expectation.a}\` measured ${formatBound(median)} than \`${expectation.b}\` (${interval})`;
  const why = met ? '' : `: ${shortfall(expectation, measured)}`;
  return { expectation, met, measured, sentence: `${met ? 'met' : 'NOT met'}: '${expectation.text}': ${found}${why}` };
}

function shortfall(expectation: Expectation, { low, high }: Interval): string {
  if (expectation.relation === 'same') return low > 1 ? 'the whole interval is faster' : 'the whole interval is slower';
  const least = expectation.by ?? 1;
  const asked = expectation.by === undefined ? 'faster' : `${formatRatio(least)} faster`;
  if (high < least) return `the whole interval is below ${asked}`;
  return `the interval reaches below ${asked}, so this run does not show it`;
}

/** a's speedup over b, where one of them is the baseline every speedup in the report is over. */
function speedupOf(a: string, b: string, report: PlaygroundReport): Interval {
  const figures = (name: string) => {
    const found = report.snippets.find((s) => s.name === name);
    if (!found) throw new ExpectationError(`there is no snippet named "${name}" in this report`);
    return found;
  };
  if (b === report.baseline) {
    const s = figures(a).speedup;
    if (!s) throw new ExpectationError(`"${a}" has no speedup over the baseline in this report`);
    return s;
  }
  if (a === report.baseline) {
    const s = figures(b).speedup;
    if (!s) throw new ExpectationError(`"${b}" has no speedup over the baseline in this report`);
    return { median: 1 / s.median, low: 1 / s.high, high: 1 / s.low };
  }
  throw new ExpectationError(`an expectation names the baseline "${report.baseline}" on one side`);
}
