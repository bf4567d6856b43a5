import { defineLesson, exported } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import { distinctInts } from '../../src/core/rng.ts';
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
 */

const STEPS: readonly StepName[] = ['validate', 'price', 'reserve', 'charge', 'confirm'];

/** Orders checked out per call, one after another like separate shoppers. */
const ORDERS = 6;
/** Lines per order. */
const LINES: readonly [number, number] = [10, 18];

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
 * XX% of the count is a whole number (p50 of 20, 100 and 200; p95 of 20, 100
 * and 200; p99 of 100 and 200), nearest-rank and "index floor(XX% × count)"
 * part ways; 37 and 1 test the rounding up and the single sample. Values are
 * distinct, so neighbouring ranks always differ.
 */
const SAMPLE_SETS: readonly { name: string; count: number; range: readonly [number, number] }[] = [
  { name: 'search', count: 100, range: [18, 900] },
  { name: 'login', count: 20, range: [30, 400] },
  { name: 'cart', count: 37, range: [6, 260] },
  { name: 'export', count: 1, range: [800, 5000] },
  { name: 'home', count: 200, range: [3, 700] },
];

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
  token: number;
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
  clock: Clock;
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
  catalogCalls: number;
  charges: number;
  inFlight: number;
}

interface Output {
  samples: { reported: unknown; truth: Record<string, StepStats>; returned: string | null };
  results: unknown[];
  report: { reported: unknown; truth: Record<string, StepStats> };
  /** Orders that returned while one of their calls was still in flight. */
  dangling: string | null;
  charges: number;
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

/** Nearest-rank percentile of ascending `sorted`: the value at rank ceil(p × n / 100). */
function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
}

function statsOf(values: readonly number[]): StepStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: sorted[sorted.length - 1]!,
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
        ? Object.fromEntries(['count', 'p50', 'p95', 'p99', 'max'].map((k) => [k, (entry as Record<string, unknown>)[k]]))
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

/** A short, readable rendering of a value for a check message. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
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

const FIELDS = ['count', 'p50', 'p95', 'p99', 'max'] as const;

/**
 * Why a reported percentile might be off, when it matches a common mistake:
 * a default (text) sort, an index one rank too high, or one too low.
 */
function percentileHint(values: readonly number[], p: number, reported: number): string {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  const asText = [...values].sort();
  if (asText[rank - 1] === reported && sorted[rank - 1] !== reported) {
    return ' (sort() without a compare function sorts numbers as text, so 100 comes before 20: sort with (a, b) => a - b)';
  }
  if (rank < n && sorted[rank] === reported) {
    return ` (that is the value at rank ${rank + 1}; nearest-rank takes rank ceil(${p} / 100 × ${n}) = ${rank}, and an array index is the rank minus 1)`;
  }
  if (rank > 1 && sorted[rank - 2] === reported) {
    return ` (that is the value at rank ${rank - 1}; nearest-rank rounds up: rank ceil(${p} / 100 × ${n}) = ${rank})`;
  }
  if (!Number.isInteger(reported)) {
    return ' (nearest-rank never interpolates between two durations: it reports one that was observed)';
  }
  return ` (nearest-rank: sort the durations from smallest to largest; p${p} is the one at rank ceil(${p} / 100 × count), ranks counting from 1)`;
}

function entriesOf(reported: unknown): Record<string, unknown> | null {
  return reported !== null && typeof reported === 'object' && !Array.isArray(reported)
    ? (reported as Record<string, unknown>)
    : null;
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
      return `the hidden samples' summary() has no entry for "${name}", which was timed ${want.count} time${want.count === 1 ? '' : 's'}`;
    }
    const mine = samples.filter((s) => s.name === name);
    const values = mine.map((s) => s.ms);
    // What a timed that does not wait for fn's promise records: 0 for the async half.
    const unawaited = statsOf(mine.map((s) => (s.async ? 0 : s.ms)));
    for (const field of FIELDS) {
      const got = entry[field];
      const expected = want[field];
      if (typeof got !== 'number' || Number.isNaN(got)) {
        return `the hidden samples' summary().${name}.${field} should be a number of milliseconds; you reported ${show(got)}`;
      }
      if (Math.abs(got - expected) <= 1e-9) continue;
      const base = `the hidden samples' summary().${name}.${field}: you reported ${ms(got)}, but`;
      const label = field === 'max' ? 'slowest' : `nearest-rank ${field}`;
      if (field !== 'count' && got === unawaited[field] && unawaited[field] !== expected) {
        return `${base} the ${label} of those ${values.length} durations is ${expected} (about half of the hidden steps return a promise: timed must await fn's result before it reads the clock again)`;
      }
      if (field === 'count') {
        const hint =
          got > expected
            ? ' (does each createTimer() start with no durations? keep them inside the timer, not at the top of the module)'
            : '';
        return `${base} "${name}" was timed ${expected} time${expected === 1 ? '' : 's'}${hint}`;
      }
      if (got < 1) {
        return `${base} the ${label} of those ${values.length} durations is ${expected} (does timed read the time with the now() it was given, before fn starts and after fn's promise settles?)`;
      }
      if (field === 'max') return `${base} the slowest of those ${values.length} durations is ${expected}`;
      const p = Number(field.slice(1));
      return `${base} the nearest-rank ${field} of those ${values.length} durations is ${expected}${percentileHint(values, p, got)}`;
    }
  }
  const extra = Object.keys(reported).find((name) => !(name in out.truth));
  if (extra !== undefined) {
    return `the hidden samples' summary() has an entry for "${extra}", a name that was never timed on this timer (does each createTimer() start empty?)`;
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
      if (typeof got === 'number' && Math.abs(got - expected) <= 1e-9) continue;
      if (field === 'count') {
        return `your checkout report's ${step}.count is ${show(got)}, but ${expected} of the orders reached the ${step} step (a rejected order stops after validate)`;
      }
      const what = field === 'max' ? 'on the slowest order' : `at the nearest-rank ${field} of the ${want.count} orders that reached it`;
      return `your checkout report's ${step}.${field} is ${ms(got)} ms, but the ${step} step's service calls took ${expected} ms ${what}: ${WRAP_ADVICE}`;
    }
  }
  return null;
}

class NotFoundError extends Error {
  constructor(what: string, id: string) {
    super(`the ${what} has no record with id ${JSON.stringify(id)}`);
    this.name = 'NotFoundError';
  }
}

class PaymentRefusedError extends Error {
  constructor(reason: string) {
    super(`the payment provider refused the charge: ${reason}`);
    this.name = 'PaymentRefusedError';
  }
}

export default defineLesson<Work, Output>({
  slug: '02-measure',
  timing: 'virtual',
  exports: ['createTimer', 'checkout'],
  size: ORDERS,

  prepare({ seed, rng, clock, size }) {
    const tag = (seed >>> 0).toString(36);

    // --- Part (a): hidden samples, interleaved across names.
    const samples: Sample[] = [];
    const sampleTruth: Record<string, StepStats> = {};
    for (const set of SAMPLE_SETS) {
      // Log-uniform, as latencies are: many fast calls, a long tail. Distinct
      // values, so every percentile definition gives its own answer.
      const [lo, hi] = set.range;
      const seen = new Set<number>();
      const values: number[] = [];
      while (values.length < set.count) {
        const ms = Math.round(lo * Math.exp(rng.next() * Math.log(hi / lo)));
        if (seen.has(ms)) continue;
        seen.add(ms);
        values.push(ms);
      }
      sampleTruth[set.name] = statsOf(values);
      for (const ms of values) {
        samples.push({ name: set.name, ms, gap: rng.int(0, 50), async: rng.next() < 0.5, token: rng.int(1, 1e9) });
      }
    }
    for (let i = samples.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [samples[i], samples[j]] = [samples[j]!, samples[i]!];
    }

    // --- Part (b): the shop's data. Ids come from fixed ranges, so the same
    // sku or customer comes back on later calls with other data: answers
    // remembered between calls go stale.
    const names = BRANDS.flatMap((brand) => RANGES.flatMap((range) => ITEMS.map((item) => `${brand} ${range}${item}`)));
    for (let i = names.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [names[i], names[j]] = [names[j]!, names[i]!];
    }
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

    // One or two orders get a problem that validation must catch.
    const planted = new Set<string>();
    const plantCount = orderCount >= 4 ? rng.int(1, 2) : 0;
    for (const index of distinctInts(rng, plantCount, 0, orderCount - 1)) {
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
      catalogCalls: 0,
      charges: 0,
      inFlight: 0,
    };

    /** One request to `svc` on behalf of the current order, recorded as a span of `step`. */
    async function call<T>(step: StepName, svc: SimulatedService, pick: (l: OrderLatency) => number | undefined, produce: () => T): Promise<T> {
      const orderId = work.current;
      const l = latency.get(orderId);
      const start = clock.now();
      work.inFlight += 1;
      try {
        return await svc.request(produce, (l && pick(l)) ?? svc.nextLatency());
      } finally {
        work.inFlight -= 1;
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

    work.services = {
      getCustomer: (id) =>
        call('validate', customerDb, (l) => l.customer, () => {
          const c = customers.get(id);
          if (c === undefined) throw new NotFoundError('customer database', id);
          return { ...c };
        }),
      getProduct: (sku) => {
        work.catalogCalls += 1;
        return call('price', catalog, (l) => l.product.get(sku), () => productOf(sku));
      },
      getProducts: (skus) => {
        work.catalogCalls += 1;
        const wanted = [...skus];
        return call('price', catalog, (l) => l.products, () =>
          [...new Set(wanted)].sort().map(productOf),
        );
      },
      reserveStock: (orderId, lines: readonly OrderLine[]) => {
        const count = lines.length;
        return call('reserve', warehouse, (l) => l.reserve, () => {
          if (count === 0) throw new Error('the warehouse cannot reserve an order with no lines');
          const reservationId = `R-${orderId.slice(2)}-${tag}`;
          reservations.set(reservationId, orderId);
          const country = orders.find((o) => o.id === orderId)?.shipTo.country ?? '';
          return { reservationId, warehouse: WAREHOUSE[country] ?? 'Leeds' };
        });
      },
      charge: (request) => {
        work.charges += 1;
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
    };
    return work;
  },

  async call(mod, work) {
    const createTimer = exported<CreateTimer>(mod, 'createTimer');
    const checkout = exported<Checkout>(mod, 'checkout');

    // Part (a): fake steps of known durations on a clock of their own, so no
    // simulated time passes. Half of them return a value, half a promise.
    let fakeNow = 0;
    const sampleTimer = createTimer(() => fakeNow);
    let returned: string | null = null;
    for (const s of work.samples) {
      fakeNow += s.gap;
      const fn = s.async
        ? async () => {
            await null;
            fakeNow += s.ms;
            return s.token;
          }
        : () => {
            fakeNow += s.ms;
            return s.token;
          };
      const got: unknown = await sampleTimer.timed(s.name, fn);
      if (got !== s.token && returned === null) {
        returned = `timed('${s.name}', fn) returned ${show(got)} on the hidden samples, but fn returned ${s.token}: timed must hand back what fn returns (checkout needs each step's result)`;
      }
    }
    const sampleReport = snapshot(sampleTimer.summary());
    if (returned !== null) {
      // checkout cannot work with a timed that loses values; report that first.
      return {
        samples: { reported: sampleReport, truth: work.sampleTruth, returned },
        results: [],
        report: { reported: {}, truth: {} },
        dangling: null,
        charges: 0,
      };
    }

    // Part (b): the shoppers' orders, one after another, with one timer.
    const timer = createTimer(() => work.clock.now());
    const results: unknown[] = [];
    let dangling: string | null = null;
    for (const order of work.orders) {
      work.current = order.id;
      results.push(await checkout(structuredClone(order), work.services, timer));
      if (work.inFlight > 0 && dangling === null) {
        const calls = work.inFlight === 1 ? '1 of its service calls was' : `${work.inFlight} of its service calls were`;
        dangling = `checkout returned for order ${order.id} while ${calls} still in flight: await every call before you return, or the shopper is told "confirmed" before the order is saved`;
      }
    }
    const report = snapshot(timer.summary());

    const times = stepTimes(work);
    const truth: Record<string, StepStats> = {};
    for (const step of STEPS) if (times[step].length > 0) truth[step] = statsOf(times[step]);

    return {
      samples: { reported: sampleReport, truth: work.sampleTruth, returned },
      results,
      report: { reported: report, truth },
      dangling,
      charges: work.charges,
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
      catalogCalls: Math.round((work.catalogCalls / priced) * 10) / 10,
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
        'Your report names it: the price step is still the bottleneck, however fast the rest is. Look at how it talks to the catalog: how many round trips per order, one after another? Get every product of an order in one round trip.',
    },
    { key: 'reserveMs', label: 'reserve step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'chargeMs', label: 'charge step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'confirmMs', label: 'confirm step, mean per order', unit: 'ms', better: 'lower' },
    { key: 'catalogCalls', label: 'catalog round trips per priced order', better: 'lower' },
  ],

  target: 1.3,

  limit(work) {
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
    return {
      ms,
      label: 'per order, the customer lookup, the pricing (one round trip) and the reservation at once, then the charge, then the save',
    };
  },

  chart: {
    kind: 'steps',
    steps: STEPS.map((step) => ({ key: `${step}Ms`, label: step })),
  },
});
