import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import { distinctInts } from '../../src/core/rng.ts';
import { createMeter, percentile, sealed, show as quote, shuffled, type Meter } from '../../src/kit/index.ts';
import type {
  CheckoutResult,
  CheckoutServices,
  Confirmation,
  Customer,
  Now,
  Order,
  OrderLine,
  Product,
  StepName,
  StepStats,
  Timer,
} from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';

/**
 * 02-measure: (a) the learner writes `createTimer(now)`, whose `timed` and
 * `summary` report count, p50, p95, p99 and max per name; (b) they wrap the
 * five steps of a checkout endpoint, read the report, and fix the step that
 * dominates. The long validation and the e-mail formatting look expensive and
 * cost nothing; the price step asks the catalog for one product per line, one
 * round trip after another, and takes most of every request.
 *
 * Part (a) is checked on hidden samples: `call` times fake steps of seeded
 * durations on a clock of its own (no simulated time passes), and `check`
 * compares the learner's summary with the nearest-rank truth. Part (b) is
 * checked three ways: the endpoint's results must equal the baseline's; the
 * learner's report (the summary of the timer `call` passes to `checkout`)
 * must name the step that truly took longest; and every figure in it must
 * match the time the step's service calls really took. The truth comes from
 * the services themselves: each step talks to its own service, pure code
 * costs no simulated time, so a step's time on an order is the time its
 * service had a request from that order in flight. The per-step means feed
 * the waterfall chart; the price step's mean is the hard gate.
 *
 * Time is virtual and every latency is drawn in `prepare`, tied to an order
 * and a sku, so figures are exact and do not depend on the order in which
 * the learner's code makes its calls.
 *
 * The rules the lesson states, and what enforces each (every call, so every
 * checked input, has all the cases below):
 * - timed returns what fn returns, and throws what fn throws: a tenth of the
 *   hidden steps throw, sync or async (check).
 * - A step that throws is timed too (check: its count and figures).
 * - When fn returns a promise, the time runs until it settles: half the
 *   hidden steps are async (check, with a message for the unawaited case).
 * - Time is read with the `now` given, from timed's own start: fake gaps
 *   separate the hidden steps (check).
 * - Calls may overlap: one set of hidden steps is timed while they overlap
 *   and end in another order than they started (timeOverlapping, check).
 * - Each createTimer starts empty: a new timer's summary() is empty, and the
 *   sample and checkout timers are kept apart (check).
 * - Percentiles are nearest rank, rank ceil(p × n / 100): counts where the
 *   usual mistakes part ways (20, 37, 100, 1000), a single sample, repeated
 *   durations, and p99.9 of 1000 samples, where (p / 100) × n is off by one
 *   in floating point (check, with the rank the learner's value sits at).
 * - The report wraps each of the five steps whole, under its name: every
 *   figure matches what the step's services really took, give or take the
 *   real CPU time the engine charged to the clock (check).
 * - The report names the true bottleneck (check).
 * - The results are the baseline's, rejections and their reasons included:
 *   every call has a one-line order, and two rejected ones, one of them with
 *   no lines, too many lines or a repeated sku (check).
 * - A rejected order reserves nothing and charges nothing; an accepted one is
 *   charged once, after its stock is reserved (check, from the services'
 *   own counts; the provider refuses a charge without a reservation).
 * - Every call is awaited before checkout returns (check).
 * - The price step costs at most 40 ms per priced order (counter `priceMs`,
 *   from the services' own spans).
 */

const STEPS: readonly StepName[] = ['validate', 'price', 'reserve', 'charge', 'confirm'];

/** Orders checked out per call, one after another like separate shoppers: 2 are rejected, 1 has one line. */
const ORDERS = 8;
/** Lines per order. */
const LINES: readonly [number, number] = [12, 20];
/** The shop's rule: an order has at most this many lines (validate enforces it). */
const MAX_ORDER_LINES = 25;

const LATENCY = {
  customer: [8, 14],
  product: [15, 25],
  products: [20, 30],
  reserve: [25, 40],
  charge: [50, 80],
  save: [10, 15],
} as const;

/** Mean price-step time per order that passes: one or two round trips, not one per line. */
const PRICE_MS_MAX = 40;

/**
 * Hidden samples for part (a): a name, how many durations, and their range
 * (ms). The counts make the common percentile definitions disagree: where
 * XX% of the count is a whole number (p50 of 20, 100 and 1000; p95 of 20, 100
 * and 1000; p99 of 100 and 1000), nearest-rank and "index floor(XX% × count)"
 * part ways; 37 and 1 test the rounding up and the single sample; at 1000,
 * p99.9 is where (p / 100) × n goes wrong in floating point. Values are
 * distinct, so neighbouring ranks always differ, except in the set marked
 * `repeats`, whose durations repeat (a Set of durations loses them).
 */
const SAMPLE_SETS: readonly { name: string; count: number; range: readonly [number, number]; repeats?: true; concurrent?: true }[] = [
  { name: 'search', count: 100, range: [18, 900] },
  { name: 'login', count: 20, range: [30, 400] },
  { name: 'cart', count: 37, range: [6, 260] },
  { name: 'export', count: 1, range: [800, 5000] },
  { name: 'feed', count: 1000, range: [20, 20000] },
  { name: 'health', count: 12, range: [2, 6], repeats: true },
  // Timed while they overlap, as a server's requests are: each call needs its own start time.
  { name: 'upload', count: 24, range: [40, 3000], concurrent: true },
];
/** Share of hidden steps that throw (half of them synchronously, half by rejecting). */
const THROW_SHARE = 0.1;

const COUNTRIES = ['GB', 'FR', 'DE', 'NL', 'PT', 'PL'] as const;
type Country = (typeof COUNTRIES)[number];
const BRANDS = ['Field & Co', 'Northway', 'Little Farm', 'Brightside', 'Oakhill', 'Greenhouse'];
const ITEMS = [
  'oat milk 1 l', 'sourdough loaf', 'free-range eggs ×6', 'basmati rice 1 kg', 'cherry tomatoes',
  'Greek yoghurt', 'coffee beans 250 g', 'olive oil 500 ml', 'dark chocolate', 'porridge oats',
  'cheddar 400 g', 'bananas ×5', 'spaghetti 500 g', 'houmous', 'frozen peas', 'apple juice 1 l',
  'peanut butter', 'green tea ×40', 'chickpeas 400 g', 'baby spinach',
];
/** Product lines: brand × range × item gives every sku its own name. */
const RANGES = ['', 'organic ', 'value ', 'finest '];
const FIRST = ['Ada', 'Bilal', 'Chen', 'Dana', 'Emeka', 'Farah', 'Giulia', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Lena', 'Mateo', 'Nadia'];
const LAST = ['Okafor', 'Novak', 'Tanaka', 'Garcia', 'Smith', 'Haddad', 'Rossi', 'Kowalski', 'Nguyen', 'Silva', 'Meyer', 'Patel'];
/** The warehouse that packs orders for each country. */
const WAREHOUSE: Record<string, string> = { GB: 'Leeds', FR: 'Lyon', DE: 'Bremen', NL: 'Bremen', PT: 'Porto', PL: 'Gdansk' };
const COUPONS = ['SAVE10', 'SAVE15', 'WEEK05', 'VEGG20'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUWXYZ';

/** The catalog and the customer base are the same ids on every seed; their data is not. */
const SKU_RANGE: readonly [number, number] = [1000, 1399];
const CUSTOMER_RANGE: readonly [number, number] = [100, 199];

interface Sample {
  name: string;
  ms: number;
  /** Fake pause before the call, so `timed` must measure from its own start. */
  gap: number;
  async: boolean;
  /** The step fails: fn throws (or rejects with) an error carrying `token`. */
  throws: boolean;
  token: number;
  /** Timed while other calls of its set are running; `gap` is then the pause after the previous call's start. */
  concurrent: boolean;
}

interface OrderLatency {
  customer: number;
  products: number;
  product: Map<string, number>;
  reserve: number;
  charge: number;
  save: number;
}

interface Span {
  step: StepName;
  start: number;
  end: number;
}

interface Work {
  clock: Clock & { chargedMs?: number };
  orders: Order[];
  services: CheckoutServices;
  samples: Sample[];
  sampleTruth: Record<string, StepStats>;
  latency: Map<string, OrderLatency>;
  /** Orders planted with a problem: validation rejects them. */
  planted: Set<string>;
  /** The order `call` is checking out now; service calls are attributed to it. */
  current: string;
  /** Every service call, per order. */
  spans: Map<string, Span[]>;
  /** Service-side counts: catalog calls, charges, calls in flight. */
  meter: Meter;
  /** Orders the warehouse was asked to reserve stock for. */
  reservedFor: Set<string>;
  /** Set when the timer failed on the hidden samples and no order was checked out: no limit applies. */
  checkoutSkipped: boolean;
}

interface Output {
  samples: { reported: unknown; truth: Record<string, StepStats>; returned: string | null };
  results: unknown[];
  /**
   * `slackMs`: real CPU time the engine charged to the virtual clock during
   * the checkout, which a whole-step wrap sees and the services' spans do not.
   */
  report: { reported: unknown; truth: Record<string, StepStats>; slackMs: number };
  /** Orders that returned while one of their calls was still in flight. */
  dangling: string | null;
  charges: number;
  /** Rejected orders for which stock was reserved. */
  reservedRejected: string[];
}

type CreateTimer = (now: Now) => Timer;
type Checkout = (order: Order, services: CheckoutServices, timer: Timer) => Promise<CheckoutResult>;

// --- Small helpers ----------------------------------------------------------


function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function postcodeFor(rng: Rng, country: Country): string {
  const letter = () => LETTERS[rng.int(0, LETTERS.length - 1)]!;
  switch (country) {
    case 'GB':
      return `${rng.pick(['LS', 'M', 'B', 'EH', 'BS', 'N', 'CF'])}${rng.int(1, 20)} ${rng.int(1, 9)}${letter()}${letter()}`;
    case 'FR':
    case 'DE':
      return pad(rng.int(10000, 99999), 5);
    case 'NL':
      return `${rng.int(1000, 9999)} ${letter()}${letter()}`;
    case 'PT':
      return `${rng.int(1000, 9999)}-${pad(rng.int(0, 999), 3)}`;
    case 'PL':
      return `${pad(rng.int(0, 99), 2)}-${pad(rng.int(0, 999), 3)}`;
  }
}

const BAD_POSTCODE: Record<Country, string> = { GB: 'LS1', FR: '7500', DE: '1011', NL: '1012AB', PT: '1000123', PL: '00950' };

/** The figures of a list of durations: nearest rank, rank ceil(p × n / 100) (the kit's percentile). */
function statsOf(values: readonly number[]): StepStats {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    p999: percentile(values, 99.9),
    max: percentile(values, 100),
  };
}

/** Total length of the union of intervals: time during which at least one was in flight. */
function unionMs(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const s of sorted) {
    if (s.start > end) {
      if (end > start) total += end - start;
      start = s.start;
      end = s.end;
    } else {
      end = Math.max(end, s.end);
    }
  }
  if (end > start) total += end - start;
  return total;
}

/** Per step: the time each order that reached it spent in it. */
function stepTimes(work: Work): Record<StepName, number[]> {
  const times = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<StepName, number[]>;
  for (const order of work.orders) {
    const spans = work.spans.get(order.id) ?? [];
    for (const step of STEPS) {
      const mine = spans.filter((s) => s.step === step);
      if (mine.length > 0) times[step].push(unionMs(mine));
    }
  }
  return times;
}

/** The learner's summary as a plain record (a Map is accepted too). */
function snapshot(summary: unknown): unknown {
  if (summary instanceof Map) return Object.fromEntries(summary);
  if (summary === null || typeof summary !== 'object') return summary;
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(summary)) {
    out[name] =
      entry !== null && typeof entry === 'object'
        ? Object.fromEntries(FIELDS.map((k) => [k, (entry as Record<string, unknown>)[k]]))
        : entry;
  }
  return out;
}

/** A duration for a message: at most 3 decimals, or 3 significant digits below 1 ms. */
function ms(value: unknown): string {
  if (typeof value !== 'number') return show(value);
  if (Number.isInteger(value)) return String(value);
  return String(Math.abs(value) >= 1 ? Number(value.toFixed(3)) : Number(value.toPrecision(3)));
}

/** A short rendering of a value for a check message (lists by their length). */
function show(value: unknown): string {
  return quote(value, { lists: 'count' });
}

/**
 * The first place where `actual` differs from `expected`, as "<where>: you
 * returned X, the baseline Y". Only the baseline's fields are compared.
 */
function firstDifference(expected: unknown, actual: unknown, owner: string, path = ''): string | null {
  const where = path === '' ? owner : `${owner}'s ${path}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: you returned ${show(actual)}, the baseline a list`;
    if (actual.length !== expected.length) {
      return `${where}: you returned ${actual.length} items, the baseline ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      // Name a line by its sku too, so a line matched to the wrong product shows.
      const sku = (expected[i] as { sku?: unknown } | null)?.sku;
      const at = typeof sku === 'string' ? `${path}[${i}] (${sku})` : `${path}[${i}]`;
      const d = firstDifference(expected[i], actual[i], owner, at);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where}: you returned ${show(actual)}, the baseline an object`;
    }
    const a = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      const d = firstDifference(value, a[key], owner, path === '' ? key : `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof expected === 'string' && typeof actual === 'string' && expected.includes('\n')) {
    // Multi-line text (the e-mail): name the first line that differs.
    const want = expected.split('\n');
    const got = actual.split('\n');
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i] !== got[i]) {
        return `${where}, line ${i + 1}: you returned ${show(got[i])}, the baseline ${show(want[i])}`;
      }
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${where}: you returned ${show(actual)}, the baseline ${show(expected)}`;
}

const FIELDS = ['count', 'p50', 'p95', 'p99', 'p999', 'max'] as const;
type Field = (typeof FIELDS)[number];
/** The percentile a field reports, and how a message names it. */
const PERCENT: Partial<Record<Field, number>> = { p50: 50, p95: 95, p99: 99, p999: 99.9 };
const FIELD_NAME: Record<Field, string> = { count: 'count', p50: 'p50', p95: 'p95', p99: 'p99', p999: 'p99.9', max: 'max' };

/**
 * Why a reported percentile might be off, when it matches a common mistake:
 * a default (text) sort, the rank computed as (p / 100) × n in floating
 * point, an index one rank too high, or one too low. It says what the value
 * is, never how to compute the right one.
 */
function percentileHint(values: readonly number[], p: number, reported: number): string {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  const asText = [...values].sort();
  const rule = `nearest rank is rank ceil(${p} × ${n} / 100) = ${rank}`;
  if (asText[rank - 1] === reported && sorted[rank - 1] !== reported) {
    return ' (that is what a sort without a compare function gives: it compares numbers as text, so 100 comes before 20)';
  }
  const floating = Math.max(1, Math.ceil((p / 100) * n));
  if (floating !== rank && sorted[floating - 1] === reported) {
    return ` (that is the value at rank ${floating}: in floating point ${p} / 100 × ${n} is ${(p / 100) * n}, just over ${rank}, so its ceiling is ${floating}; ${rule})`;
  }
  if (rank < n && sorted[rank] === reported) {
    return ` (that is the value at rank ${rank + 1}; ${rule}, and an array index is the rank minus 1)`;
  }
  if (rank > 1 && sorted[rank - 2] === reported) {
    return ` (that is the value at rank ${rank - 1}; ${rule}: it rounds up)`;
  }
  if (!Number.isInteger(reported)) {
    return ' (nearest rank never interpolates between two durations: it reports one that was observed)';
  }
  return ` (${rule}, ranks counting from 1 in the durations sorted from smallest to largest)`;
}

function entriesOf(reported: unknown): Record<string, unknown> | null {
  return reported !== null && typeof reported === 'object' && !Array.isArray(reported)
    ? (reported as Record<string, unknown>)
    : null;
}

function times(n: number): string {
  return `${n} time${n === 1 ? '' : 's'}`;
}

/** Part (a): the learner's summary of the hidden samples against the nearest-rank truth. */
function checkSamples(out: Output['samples'], samples: readonly Sample[]): string | null {
  if (out.returned !== null) return out.returned;
  const reported = entriesOf(out.reported);
  if (reported === null) return `the hidden samples' summary() returned ${show(out.reported)}, not an object with one entry per name`;
  const names = Object.keys(out.truth);
  if (Object.keys(reported).length === 0) {
    return `the hidden samples' summary() is empty, but ${names.length} names were timed (${names.join(', ')}): timed(name, fn) must record how long each call took under its name`;
  }
  for (const name of names) {
    const want = out.truth[name]!;
    const entry = entriesOf(reported[name]);
    if (entry === null) {
      return `the hidden samples' summary() has no entry for "${name}", which was timed ${times(want.count)}`;
    }
    const mine = samples.filter((s) => s.name === name);
    const values = mine.map((s) => s.ms);
    const thrown = mine.filter((s) => s.throws).length;
    // What a timed that does not wait for fn's promise records: 0 for the async half.
    const unawaited = statsOf(mine.map((s) => (s.async ? 0 : s.ms)));
    for (const field of FIELDS) {
      const got = entry[field];
      const expected = want[field];
      const label = FIELD_NAME[field];
      if (typeof got !== 'number' || Number.isNaN(got)) {
        return `the hidden samples' summary().${name}.${field} should be a number of milliseconds (the ${field === 'p999' ? '99.9th percentile' : label}); you reported ${show(got)}`;
      }
      if (Math.abs(got - expected) <= 1e-9) continue;
      const base = `the hidden samples' summary().${name}.${field}: you reported ${ms(got)}, but`;
      const named = field === 'max' ? 'slowest' : `nearest-rank ${label}`;
      if (field !== 'count' && got === unawaited[field] && unawaited[field] !== expected) {
        return `${base} the ${named} of those ${values.length} durations is ${expected} (about half of the hidden steps return a promise, and their time runs until it settles)`;
      }
      if (field === 'count') {
        if (got < expected && thrown > 0 && got >= expected - thrown) {
          return `${base} "${name}" was timed ${times(expected)}, and ${thrown} of those calls threw: a step that throws is timed too`;
        }
        if (got < expected && new Set(values).size === got) {
          return `${base} "${name}" was timed ${times(expected)}; some of its durations are equal, and each call counts`;
        }
        const hint = got > expected ? ' (a timer made by createTimer() starts with no durations, and another timer\'s never reach it)' : '';
        return `${base} "${name}" was timed ${times(expected)}${hint}`;
      }
      if (mine[0]?.concurrent) {
        return `${base} the ${named} of those ${values.length} durations is ${expected}. These calls were timed while they overlapped, as a server's requests do: does each call's time run from its own start to its own end?`;
      }
      if (got < 1) {
        return `${base} the ${named} of those ${values.length} durations is ${expected} (the hidden steps' time passes only on the now() the timer was given, before fn starts and after it settles)`;
      }
      if (field === 'max') return `${base} the slowest of those ${values.length} durations is ${expected}`;
      return `${base} the nearest-rank ${label} of those ${values.length} durations is ${expected}${percentileHint(values, PERCENT[field]!, got)}`;
    }
  }
  const extra = Object.keys(reported).find((name) => !(name in out.truth));
  if (extra !== undefined) {
    return `the hidden samples' summary() has an entry for "${extra}", a name that was never timed on this timer (each createTimer() starts empty)`;
  }
  return null;
}

/** The step with the highest p50 in a report (ties: the earlier step). */
function slowestOf(report: Record<string, unknown>): StepName | null {
  let best: StepName | null = null;
  let bestP50 = -Infinity;
  for (const step of STEPS) {
    const p50 = entriesOf(report[step])?.p50;
    if (typeof p50 === 'number' && p50 > bestP50) {
      best = step;
      bestP50 = p50;
    }
  }
  return best;
}

const WRAP_ADVICE = 'each timed(...) should wrap exactly one whole step, its service calls included';

/** Part (b): the learner's report of the checkout steps against the services' truth. */
function checkReport(out: Output['report']): string | null {
  const reported = entriesOf(out.reported);
  if (reported === null || Object.keys(reported).length === 0) {
    return `your checkout report (timer.summary() after the orders) is empty: wrap each of checkout's five steps in timer.timed, as in timer.timed('validate', () => validateOrder(order, services)), and likewise 'price', 'reserve', 'charge' and 'confirm'`;
  }
  const missing = STEPS.find((step) => entriesOf(reported[step]) === null);
  if (missing !== undefined) {
    const has = Object.keys(reported).map((n) => `"${n}"`).join(', ');
    return `your checkout report has no step named "${missing}" (it has ${has}): wrap each of the five steps in timer.timed with the names validate, price, reserve, charge and confirm`;
  }
  // Names of your own are fine; the hidden samples' names can only arrive from another timer.
  const stray = SAMPLE_SETS.map((set) => set.name).find((name) => name in reported);
  if (stray !== undefined) {
    return `your checkout report has an entry for "${stray}", a name timed only on the hidden samples' timer, never on the checkout's (each createTimer() starts empty)`;
  }
  const truth = out.truth as Record<StepName, StepStats>;
  const trueSlowest = slowestOf(truth)!;
  const saidSlowest = slowestOf(reported);
  if (saidSlowest !== trueSlowest) {
    const said = saidSlowest === null ? 'no step' : `${saidSlowest} (p50 ${ms(entriesOf(reported[saidSlowest])!.p50)} ms)`;
    return `your checkout report names ${said} as the slowest step, but the slowest is ${trueSlowest}: its calls took ${truth[trueSlowest].p50} ms on the median order. The report must find the real bottleneck: ${WRAP_ADVICE}`;
  }
  for (const step of STEPS) {
    const entry = entriesOf(reported[step])!;
    const want = truth[step];
    for (const field of FIELDS) {
      const got = entry[field];
      const expected = want[field];
      // A whole-step wrap also sees real CPU time the engine charged to the
      // clock (the services' spans do not): never less, at most that much more.
      const slack = field === 'count' ? 0 : out.slackMs;
      if (typeof got === 'number' && got >= expected - 1e-9 && got <= expected + slack + 1e-9) continue;
      if (field === 'count') {
        return `your checkout report's ${step}.count is ${show(got)}, but ${expected} of the orders reached the ${step} step (a rejected order stops after validate)`;
      }
      const what = field === 'max' ? 'on the slowest order' : `at the nearest-rank ${FIELD_NAME[field]} of the ${want.count} orders that reached it`;
      return `your checkout report's ${step}.${field} is ${ms(got)} ms, but the ${step} step's service calls took ${expected} ms ${what}: ${WRAP_ADVICE}`;
    }
  }
  return null;
}

/** Marks "timed did not throw" apart from any value a learner's timed could throw. */
const NOTHING: unique symbol = Symbol('nothing thrown');

/** What is wrong with what timed handed back for a hidden step, or null: fn's own value, or fn's own error. */
function handedBack(s: Sample, failure: SampleError | null, got: unknown, threw: unknown): string | null {
  const how = s.async ? 'an async fn that rejects' : 'a fn that throws';
  if (failure && threw !== failure) {
    return threw === NOTHING
      ? `timed('${s.name}', fn) returned ${show(got)} on the hidden samples, but fn failed (${how}): timed must fail with fn's own error`
      : `timed('${s.name}', fn) failed with ${describeError(threw)} on the hidden samples, but fn failed with ${describeError(failure)} (${how}): timed must fail with fn's own error`;
  }
  if (!failure && threw !== NOTHING) return `timed('${s.name}', fn) threw ${describeError(threw)} on the hidden samples, but fn returned ${s.token}`;
  if (!failure && got !== s.token) {
    return `timed('${s.name}', fn) returned ${show(got)} on the hidden samples, but fn returned ${s.token}: timed must hand back what fn returns (checkout needs each step's result)`;
  }
  return null;
}

/** Lets the timer's code after an await run (read the clock, record) before the fake clock moves on. */
async function settle(): Promise<void> {
  for (let k = 0; k < 20; k++) await null;
}

/**
 * Times `samples` while they overlap, as a server's requests do: each starts
 * `gap` after the one before and ends `ms` after its own start, so they end
 * in another order than they started. The fake clock jumps from one start or
 * end to the next. Returns what was wrong with what timed handed back, if
 * anything.
 */
async function timeOverlapping(timer: Timer, samples: readonly Sample[], setNow: (t: number) => void, from: number): Promise<string | null> {
  const starts: number[] = [];
  let at = from;
  for (const s of samples) starts.push((at += s.gap));
  const events = samples
    .flatMap((s, i) => [
      { at: starts[i]!, i, end: false },
      { at: starts[i]! + s.ms, i, end: true },
    ])
    .sort((a, b) => a.at - b.at || Number(b.end) - Number(a.end));
  const finish: (() => void)[] = [];
  const outcomes: Promise<string | null>[] = [];
  for (const event of events) {
    setNow(event.at);
    const s = samples[event.i]!;
    if (event.end) {
      finish[event.i]?.();
    } else {
      const failure = s.throws ? new SampleError(s.name, s.token) : null;
      const fn = () => new Promise<number>((resolve, reject) => (finish[event.i] = () => (failure ? reject(failure) : resolve(s.token))));
      outcomes.push(
        new Promise<unknown>((resolve) => resolve(timer.timed(s.name, fn))).then(
          (got) => handedBack(s, failure, got, NOTHING),
          (threw: unknown) => handedBack(s, failure, undefined, threw),
        ),
      );
    }
    await settle();
  }
  // A call whose fn was never called cannot end on its own.
  for (const end of finish) end?.();
  const wrong = (await Promise.all(outcomes)).find((w) => w !== null);
  return wrong ?? null;
}

/** The error a failing hidden step throws; timed must let this very object through. */
class SampleError extends ServiceError {
  constructor(name: string, token: number) {
    super(`hidden step "${name}" failed (${token})`);
    this.name = 'SampleError';
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${quote(error.message, { max: 50 })}` : show(error);
}

class NotFoundError extends ServiceError {
  constructor(what: string, id: string) {
    super(`the ${what} has no record with id ${JSON.stringify(id)}`);
    this.name = 'NotFoundError';
  }
}

class PaymentRefusedError extends ServiceError {
  constructor(reason: string) {
    super(`the payment provider refused the charge: ${reason}`);
    this.name = 'PaymentRefusedError';
  }
}

/** What createTimer returned, once it is known to be a timer: else the learner is told what it was, not the lesson's own TypeError. */
function timerFrom(made: unknown): Timer {
  const timer = made as Partial<Timer> | null;
  if (timer === null || typeof timer !== 'object' || typeof timer.timed !== 'function' || typeof timer.summary !== 'function') {
    throw new ExerciseShapeError(`createTimer must return an object with timed(name, fn) and summary() methods, but returned ${quote(made)}`);
  }
  return timer as Timer;
}

export default defineLesson<Work, Output>({
  slug: '02-measure',
  timing: 'virtual',
  exports: ['createTimer', 'checkout'],
  timeline: {
    caption:
      'Each bar is one request to a service during one call (a handful of checkouts, one after another), from the moment it was sent to its reply, on simulated time. Long bars are where the time goes; your timer should agree with what you see here.',
  },
  size: ORDERS,

  prepare({ seed, rng, clock, size }) {
    const tag = (seed >>> 0).toString(36);

    // --- Part (a): hidden samples, interleaved across names.
    const samples: Sample[] = [];
    const sampleTruth: Record<string, StepStats> = {};
    for (const set of SAMPLE_SETS) {
      // Log-uniform, as latencies are: many fast calls, a long tail. Distinct
      // values (except in the set meant to repeat), so every percentile
      // definition gives its own answer.
      const [lo, hi] = set.range;
      const seen = new Set<number>();
      const values: number[] = [];
      while (values.length < set.count) {
        const ms = Math.round(lo * Math.exp(rng.next() * Math.log(hi / lo)));
        if (seen.has(ms) && !set.repeats) continue;
        seen.add(ms);
        values.push(ms);
      }
      sampleTruth[set.name] = statsOf(values);
      for (const ms of values) {
        samples.push({
          name: set.name,
          ms,
          gap: rng.int(0, 50),
          async: set.concurrent === true || rng.next() < 0.5,
          throws: rng.next() < THROW_SHARE,
          token: rng.int(1, 1e9),
          concurrent: set.concurrent === true,
        });
      }
    }
    // The single sample never throws, so the hints about it stay about ranks.
    const shuffledSamples = shuffled(rng, samples);
    samples.length = 0;
    samples.push(...shuffledSamples);

    // --- Part (b): the shop's data. Ids come from fixed ranges, so the same
    // sku or customer comes back on later calls with other data: answers
    // remembered between calls go stale.
    const names = shuffled(
      rng,
      BRANDS.flatMap((brand) => RANGES.flatMap((range) => ITEMS.map((item) => `${brand} ${range}${item}`))),
    );
    const products = new Map<string, Product>();
    for (let n = SKU_RANGE[0]; n <= SKU_RANGE[1]; n++) {
      const sku = `SKU-${n}`;
      products.set(sku, { sku, name: names[n - SKU_RANGE[0]]!, priceCents: rng.int(10, 130) * 10 - 1 });
    }
    const customers = new Map<string, Customer>();
    for (let n = CUSTOMER_RANGE[0]; n <= CUSTOMER_RANGE[1]; n++) {
      const id = `C-${n}`;
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      customers.set(id, {
        id,
        name: `${first} ${last}`,
        email: `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase(),
        status: 'active',
        paymentToken: `tok_${rng.int(1e8, 1e9 - 1).toString(36)}`,
      });
    }

    const orderCount = Math.max(1, Math.round(size));
    const customerIds = distinctInts(rng, orderCount, CUSTOMER_RANGE[0], CUSTOMER_RANGE[1]).map((n) => `C-${n}`);
    const orderIds = distinctInts(rng, orderCount, 10000, 99999).map((n) => `O-${n}`);
    const orders: Order[] = orderIds.map((id, i) => {
      const country = rng.pick(COUNTRIES);
      const skus = distinctInts(rng, rng.int(LINES[0], LINES[1]), SKU_RANGE[0], SKU_RANGE[1]).map((n) => `SKU-${n}`);
      const order: Order = {
        id,
        customerId: customerIds[i]!,
        lines: skus.map((sku) => ({ sku, quantity: rng.int(1, 3) })),
        shipTo: { country, postcode: postcodeFor(rng, country) },
      };
      if (rng.next() < 0.35) order.coupon = rng.pick(COUPONS);
      return order;
    });

    // The edge cases, at seeded places: an order of one line (accepted), an
    // order whose lines are wrong as a whole (none, too many, a repeated
    // sku), and one with another problem validation must catch.
    const planted = new Set<string>();
    const [single, whole, other] = orderCount >= 4 ? distinctInts(rng, 3, 0, orderCount - 1) : [];
    if (single !== undefined) orders[single]!.lines.splice(1);
    if (whole !== undefined) {
      const order = orders[whole]!;
      planted.add(order.id);
      switch (rng.int(0, 2)) {
        case 0:
          order.lines = [];
          break;
        case 1: {
          const skus = distinctInts(rng, MAX_ORDER_LINES + 1, SKU_RANGE[0], SKU_RANGE[1]);
          order.lines = skus.map((n) => ({ sku: `SKU-${n}`, quantity: rng.int(1, 3) }));
          break;
        }
        default: {
          const copy = { ...rng.pick(order.lines) };
          order.lines.splice(rng.int(0, order.lines.length), 0, copy);
          break;
        }
      }
    }
    for (const index of other === undefined ? [] : [other]) {
      const order = orders[index]!;
      planted.add(order.id);
      switch (rng.int(0, 5)) {
        case 0:
          customers.get(order.customerId)!.status = 'suspended';
          break;
        case 1:
          rng.pick(order.lines).quantity = rng.pick([0, 12, 40]);
          break;
        case 2:
          order.shipTo = { country: rng.pick(['US', 'CH', 'NO']), postcode: pad(rng.int(1000, 9999), 4) };
          break;
        case 3:
          order.shipTo.postcode = BAD_POSTCODE[order.shipTo.country as Country];
          break;
        case 4:
          order.coupon = rng.pick(['save10', 'SAVE50', 'FREE-DELIVERY']);
          break;
        default:
          rng.pick(order.lines).sku = `SKU-${rng.int(100, 999)}X`;
          break;
      }
    }

    // --- Latencies: one per order and call, whatever order they are asked in.
    const draw = (range: readonly [number, number]) => rng.int(range[0], range[1]);
    const latency = new Map<string, OrderLatency>();
    for (const order of orders) {
      latency.set(order.id, {
        customer: draw(LATENCY.customer),
        products: draw(LATENCY.products),
        product: new Map(order.lines.map((line) => [line.sku, draw(LATENCY.product)])),
        reserve: draw(LATENCY.reserve),
        charge: draw(LATENCY.charge),
        save: draw(LATENCY.save),
      });
    }

    const service = (name: string, range: readonly [number, number]) =>
      new SimulatedService({ name, clock, rng, latency: range });
    const customerDb = service('customer database', LATENCY.customer);
    const catalog = service('catalog', LATENCY.product);
    const warehouse = service('warehouse', LATENCY.reserve);
    const payments = service('payment provider', LATENCY.charge);
    const ordersDb = service('orders database', LATENCY.save);

    const work: Work = {
      clock,
      orders,
      services: undefined as unknown as CheckoutServices,
      samples,
      sampleTruth,
      latency,
      planted,
      current: '',
      spans: new Map(orders.map((o) => [o.id, []])),
      meter: createMeter(['catalogCalls', 'charges', 'inFlight']),
      reservedFor: new Set(),
      checkoutSkipped: false,
    };
    const meter = work.meter;
    const reservedFor = new Set<string>();

    /** One request to `svc` on behalf of the current order, recorded as a span of `step`. */
    async function call<T>(step: StepName, svc: SimulatedService, pick: (l: OrderLatency) => number | undefined, produce: () => T): Promise<T> {
      const orderId = work.current;
      const l = latency.get(orderId);
      const start = clock.now();
      meter.add('inFlight');
      try {
        return await svc.request(produce, (l && pick(l)) ?? svc.nextLatency());
      } finally {
        meter.add('inFlight', -1);
        work.spans.get(orderId)?.push({ step, start, end: clock.now() });
      }
    }

    const productOf = (sku: string): Product => {
      const p = products.get(sku);
      if (p === undefined) throw new NotFoundError('catalog', sku);
      return { ...p };
    };
    const reservations = new Map<string, string>();
    let paymentSerial = 0;

    work.services = sealed<CheckoutServices>({
      getCustomer: (id) =>
        call('validate', customerDb, (l) => l.customer, () => {
          const c = customers.get(id);
          if (c === undefined) throw new NotFoundError('customer database', id);
          return { ...c };
        }),
      getProduct: (sku) => {
        meter.add('catalogCalls');
        return call('price', catalog, (l) => l.product.get(sku), () => productOf(sku));
      },
      getProducts: (skus) => {
        meter.add('catalogCalls');
        const wanted = [...skus];
        return call('price', catalog, (l) => l.products, () =>
          [...new Set(wanted)].sort().map(productOf),
        );
      },
      reserveStock: (orderId, lines: readonly OrderLine[]) => {
        const count = lines.length;
        reservedFor.add(String(orderId));
        return call('reserve', warehouse, (l) => l.reserve, () => {
          if (count === 0) throw new Error('the warehouse cannot reserve an order with no lines');
          const reservationId = `R-${orderId.slice(2)}-${tag}`;
          reservations.set(reservationId, orderId);
          const country = orders.find((o) => o.id === orderId)?.shipTo.country ?? '';
          return { reservationId, warehouse: WAREHOUSE[country] ?? 'Leeds' };
        });
      },
      charge: (request) => {
        meter.add('charges');
        const r = { ...request };
        // Checked when the request is sent, as a real provider validates it on arrival.
        const customer = customers.get(r.customerId);
        if (customer === undefined || customer.paymentToken !== r.paymentToken) {
          return Promise.reject(new PaymentRefusedError(`the payment token does not belong to customer ${r.customerId}`));
        }
        if (!reservations.has(r.reservationId)) {
          return Promise.reject(
            new PaymentRefusedError(`reservation ${JSON.stringify(r.reservationId)} is unknown (charge only once reserveStock has answered)`),
          );
        }
        if (!Number.isInteger(r.amountCents) || r.amountCents <= 0) {
          return Promise.reject(new PaymentRefusedError(`the amount ${r.amountCents} is not a positive number of cents`));
        }
        return call('charge', payments, (l) => l.charge, () => {
          paymentSerial += 1;
          return { paymentId: `pay_${tag}${pad(paymentSerial, 2)}`, amountCents: r.amountCents };
        });
      },
      saveOrder: (confirmation: Confirmation) => {
        const copy = structuredClone(confirmation);
        return call('confirm', ordersDb, (l) => l.save, () => {
          void copy;
        });
      },
    });
    work.reservedFor = reservedFor;
    return work;
  },

  async call(mod, work) {
    const createTimer = exported<CreateTimer>(mod, 'createTimer');
    const checkout = exported<Checkout>(mod, 'checkout');

    // Part (a): fake steps of known durations on a clock of their own, so no
    // simulated time passes. Half of them return a value, half a promise; a
    // tenth of them fail, by a throw or a rejection.
    let fakeNow = 0;
    const sampleTimer = timerFrom(createTimer(sealed(() => fakeNow)));
    const fresh = snapshot(sampleTimer.summary());
    let returned: string | null =
      fresh !== null && typeof fresh === 'object' && Object.keys(fresh).length > 0
        ? `a new timer's summary() is not empty: it already has ${Object.keys(fresh).map((n) => `"${n}"`).join(', ')} before anything was timed on it (each createTimer() starts empty)`
        : null;
    for (const s of work.samples) {
      if (s.concurrent) continue;
      fakeNow += s.gap;
      const failure = s.throws ? new SampleError(s.name, s.token) : null;
      const finish = (): number => {
        fakeNow += s.ms;
        if (failure) throw failure;
        return s.token;
      };
      const fn = s.async
        ? async () => {
            await null;
            return finish();
          }
        : finish;
      let got: unknown;
      let threw: unknown = NOTHING;
      try {
        got = await sampleTimer.timed(s.name, fn);
      } catch (error) {
        threw = error;
      }
      returned ??= handedBack(s, failure, got, threw);
    }
    returned ??= await timeOverlapping(
      sampleTimer,
      work.samples.filter((s) => s.concurrent),
      (t) => (fakeNow = t),
      fakeNow,
    );
    const sampleReport = snapshot(sampleTimer.summary());
    const chargedBefore = work.clock.chargedMs ?? 0;
    if (returned !== null) {
      // checkout cannot work with a timed that loses values; report that first.
      work.checkoutSkipped = true;
      return {
        samples: { reported: sampleReport, truth: work.sampleTruth, returned },
        results: [],
        report: { reported: {}, truth: {}, slackMs: 0 },
        dangling: null,
        charges: 0,
        reservedRejected: [],
      };
    }

    // Part (b): the shoppers' orders, one after another, with one timer.
    const timer = timerFrom(createTimer(sealed(() => work.clock.now())));
    const results: unknown[] = [];
    let dangling: string | null = null;
    for (const order of work.orders) {
      work.current = order.id;
      results.push(await checkout(structuredClone(order), work.services, timer));
      const inFlight = work.meter.get('inFlight');
      if (inFlight > 0 && dangling === null) {
        const calls = inFlight === 1 ? '1 of its service calls was' : `${inFlight} of its service calls were`;
        dangling = `checkout returned for order ${order.id} while ${calls} still in flight: the shopper would be told "confirmed" before the order is saved`;
      }
    }
    const report = snapshot(timer.summary());

    const times = stepTimes(work);
    const truth: Record<string, StepStats> = {};
    for (const step of STEPS) if (times[step].length > 0) truth[step] = statsOf(times[step]);

    return {
      samples: { reported: sampleReport, truth: work.sampleTruth, returned },
      results,
      report: { reported: report, truth, slackMs: (work.clock.chargedMs ?? 0) - chargedBefore },
      dangling,
      charges: work.meter.get('charges'),
      reservedRejected: [...work.planted].filter((id) => work.reservedFor.has(id)),
    };
  },

  counters(work) {
    const times = stepTimes(work);
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);
    const priced = Math.max(1, times.price.length);
    return {
      validateMs: mean(times.validate),
      priceMs: mean(times.price),
      reserveMs: mean(times.reserve),
      chargeMs: mean(times.charge),
      confirmMs: mean(times.confirm),
      catalogCalls: Math.round((work.meter.get('catalogCalls') / priced) * 10) / 10,
    };
  },

  check(expected, actual, work) {
    const samples = checkSamples(actual.samples, work.samples);
    if (samples !== null) return samples;

    if (actual.dangling !== null) return actual.dangling;
    const got = actual.results;
    for (let i = 0; i < expected.results.length; i++) {
      const want = expected.results[i] as CheckoutResult;
      const d = firstDifference(want, got[i], `order ${want.orderId}`);
      if (d !== null) return d;
    }
    if (actual.reservedRejected.length > 0) {
      return `your checkout reserved stock for order ${actual.reservedRejected[0]}, which validation rejects: a rejected order reserves nothing and charges nothing`;
    }
    if (actual.charges !== expected.charges) {
      return `your checkout charged cards ${actual.charges} times, the baseline ${expected.charges} times (once per accepted order)`;
    }

    return checkReport(actual.report);
  },

  counterSpecs: [
    { key: 'validateMs', label: 'validate step, mean per order', unit: 'ms', better: 'lower' },
    {
      key: 'priceMs',
      label: 'price step, mean per order',
      unit: 'ms',
      better: 'lower',
      max: PRICE_MS_MAX,
      advice:
        'Your report names it: the price step is still the bottleneck, however fast the rest is. It spends most of each order waiting on the catalog, one round trip after another.',
    },
    { key: 'reserveMs', label: 'reserve step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'chargeMs', label: 'charge step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'confirmMs', label: 'confirm step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'catalogCalls', label: 'catalog round trips per priced order', better: 'lower' },
  ],

  target: 1.3,

  limit(work) {
    const label = 'per order, the customer lookup, the pricing (one round trip) and the reservation at once, then the charge, then the save';
    if (work.checkoutSkipped) return { ms: 0, label };
    let ms = 0;
    for (const order of work.orders) {
      const l = work.latency.get(order.id)!;
      if (work.planted.has(order.id)) {
        ms += l.customer;
        continue;
      }
      const price = Math.min(l.products, Math.max(...l.product.values()));
      ms += Math.max(l.customer, price, l.reserve) + l.charge + l.save;
    }
    return { ms, label };
  },

  chart: {
    kind: 'steps',
    steps: STEPS.map((step) => ({ key: `${step}Ms`, label: step })),
  },
});
