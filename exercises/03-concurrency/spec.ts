import { defineLesson, exported } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import { distinctInts } from '../../src/core/rng.ts';
import { createMeter, sealed, show, shuffled, type Meter } from '../../src/kit/index.ts';
import type {
  Inventory,
  PageServices,
  Profile,
  ProfileServices,
  ProductDetails,
  ProductPage,
  RelatedItem,
} from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';
import type { Side } from '../../src/core/result.ts';
import { SIDE_LABELS, SIDE_ORDER } from '../../src/core/side-labels.ts';
import { busyMs, type Trace } from '../../src/core/trace.ts';
import { formatNumber } from '../../src/core/verdict.ts';

/**
 * 03-concurrency: (a) a product page awaits three independent calls in turn;
 * (b) profile lookups run one at a time against an API that rejects more
 * than 5 requests in flight.
 *
 * The rules the lesson states, and what enforces each:
 * - The page is exactly the baseline's, fields in their places (check).
 * - A page takes as long as its slowest call: page time ÷ slowest ≤ 1.05
 *   (counter `pageOverBest`, from the clock).
 * - lookupAll returns the profiles in the order of `ids`, whatever order the
 *   replies arrive in: every latency is seeded per id and shuffled (check).
 * - It works on every list: empty, one id, fewer ids than the limit, one more
 *   than the limit, repeated ids, and the usual 30. Every call looks up all
 *   six lists, so every checked input has them all (check names the list).
 * - At most 5 requests in flight, rejected ones included (counter
 *   `peakInFlight`, counted by the API's side, never by the learner's code).
 * - Keep 5 going: lookup time ÷ the best with 5 in flight ≤ 1.5 (counter
 *   `lookupOverBest`; chunks of 5 pass, one at a time does not).
 * - The limits are true lower bounds: each id's latency is fixed, so no
 *   schedule beats max(slowest, sum of distinct ids ÷ 5), and real CPU time
 *   the learner's code spends is charged to the virtual clock by the engine.
 *
 * Time is virtual: the services sleep on a VirtualClock, so every figure is
 * exact and the same on every machine. What the learner's code is handed is
 * sealed (frozen): services are closures over state it cannot reach.
 */

/** Product pages loaded per call (part a). */
const PAGES = 3;
/** The profiles API's concurrency limit (part b). */
const MAX_IN_FLIGHT = 5;

const LATENCY = {
  details: [40, 70],
  related: [80, 130],
  inventory: [20, 45],
  profile: [20, 45],
} as const;

interface PageLatency {
  details: number;
  related: number;
  inventory: number;
}

/** One list of reviewer ids lookupAll is given, and what kind of edge case it is. */
interface LookupList {
  ids: string[];
  /** Names the list in a message: "a list of 3 ids (fewer than the limit of 5)". */
  describe: string;
}

interface Work {
  clock: Clock;
  productIds: string[];
  lists: LookupList[];
  pageServices: PageServices;
  profileServices: ProfileServices;
  /** Service-side counts: requests in flight to the profiles API, rejected ones included, and its peak. */
  meter: Meter;
  /** Virtual milliseconds spent in part (a) and part (b), written by `call`. */
  pageMs: number;
  lookupMs: number;
  /** Theoretical best for each part. */
  bestPageMs: number;
  bestLookupMs: number;
}

interface Output {
  pages: ProductPage[];
  /** lookupAll's answer for each list of `work.lists`, in that order. */
  profiles: Profile[][];
}

type LoadProductPage = (id: string, services: PageServices) => Promise<ProductPage>;
type LookupAll = (ids: readonly string[], services: ProfileServices) => Promise<Profile[]>;

const ADJECTIVES = ['Walnut', 'Linen', 'Copper', 'Oak', 'Wool', 'Ceramic', 'Steel', 'Cork', 'Glass', 'Cotton'];
const NOUNS = ['desk lamp', 'throw', 'kettle', 'stool', 'mug', 'shelf', 'planter', 'clock', 'rug', 'tray'];
const WAREHOUSES = ['Leeds', 'Lyon', 'Porto', 'Gdansk', 'Bremen'];
const FIRST = ['Ada', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jun', 'Kofi', 'Lena'];
const LAST = ['A.', 'B.', 'C.', 'D.', 'K.', 'M.', 'N.', 'O.', 'R.', 'S.', 'T.', 'W.'];

class NotFoundError extends ServiceError {
  constructor(what: string, id: unknown) {
    super(`the ${what} service has no record with id ${show(id)}`);
    this.name = 'NotFoundError';
  }
}

/** Shortest makespan any schedule could reach with `slots` requests in flight (a lower bound). */
function bestWithSlots(latencies: readonly number[], slots: number): number {
  if (latencies.length === 0) return 0;
  const total = latencies.reduce((a, b) => a + b, 0);
  return Math.max(total / slots, Math.max(...latencies));
}

function ratio(ms: number, best: number): number {
  if (best <= 0) return 1;
  return Math.round((ms / best) * 1000) / 1000;
}

/**
 * The first place where `actual` differs from `expected`, as "<owner>'s
 * <path>: you returned X, the baseline Y" (or "<whole>: ..." when the whole
 * value is wrong). Only the fields the baseline has are compared, so extra
 * fields in the candidate's answer are harmless.
 */
function fieldDifference(expected: unknown, actual: unknown, owner: string, whole: string, path = ''): string | null {
  const where = path === '' ? whole : `${owner}'s ${path}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: you returned ${show(actual, { lists: 'count' })}, the baseline a list`;
    if (actual.length !== expected.length) {
      return `${where}: you returned ${actual.length} items, the baseline ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = fieldDifference(expected[i], actual[i], owner, whole, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where}: you returned ${show(actual, { lists: 'count' })}, the baseline an object`;
    }
    const a = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      const d = fieldDifference(value, a[key], owner, whole, path === '' ? key : `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${where}: you returned ${show(actual)}, the baseline ${show(expected)}`;
}

/** An id as the timeline names a request: the learner's own value, shown only when it is a short string. */
const named = (id: unknown): string => (typeof id === 'string' && id.length <= 24 ? id : '(an id)');

function idOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * The lists one call looks up: the usual 30 reviewers and the edge cases a
 * bounded-concurrency helper gets wrong, in a seeded order.
 */
function lookupLists(rng: Rng, pool: readonly string[], size: number): LookupList[] {
  let next = 0;
  const take = (n: number): string[] => pool.slice(next, (next += n));
  const limit = `the limit of ${MAX_IN_FLIGHT}`;
  const few = Math.max(2, MAX_IN_FLIGHT - 2);
  const repeated = take(6);
  const twice = [repeated[1]!, repeated[4]!];
  // Repeats at seeded places: the same reviewer wrote two reviews.
  const withRepeats = shuffled(rng, [...repeated, ...twice]);
  const lists: LookupList[] = [
    { ids: take(size), describe: `the list of ${size} reviewers` },
    { ids: [], describe: 'an empty list of ids (a product nobody reviewed)' },
    { ids: take(1), describe: 'a list of 1 id' },
    { ids: take(few), describe: `a list of ${few} ids (fewer than ${limit})` },
    { ids: take(MAX_IN_FLIGHT + 1), describe: `a list of ${MAX_IN_FLIGHT + 1} ids (one more than ${limit})` },
    { ids: withRepeats, describe: `a list of ${withRepeats.length} ids in which ${twice.join(' and ')} appear twice` },
  ];
  return shuffled(rng, lists);
}

/** Ids the lists need: enough distinct reviewers for every list. */
function idsNeeded(size: number): number {
  return size + 1 + Math.max(2, MAX_IN_FLIGHT - 2) + MAX_IN_FLIGHT + 1 + 6;
}

/** Part (b)'s check for one list: same ids in the same order, then the same profiles. */
function checkList(want: readonly Profile[], got: unknown, list: LookupList): string | null {
  const where = `given ${list.describe}, lookupAll`;
  if (!Array.isArray(got)) return `${where} returned ${show(got, { lists: 'count' })}, the baseline a list of ${want.length} profiles`;
  if (got.length !== want.length) return `${where} returned ${got.length} profiles, the baseline ${want.length}`;
  const gotIds = got.map(idOf);
  const sameIds = [...gotIds].sort().join() === want.map((p) => p.id).sort().join();
  for (let i = 0; i < want.length; i++) {
    if (gotIds[i] !== want[i]!.id) {
      return sameIds
        ? `${where} put its profiles out of order: at index ${i} you returned ${gotIds[i]}, the baseline ${want[i]!.id} (the result must follow the order of ids, whatever order the replies arrive in)`
        : `${where} returned at index ${i} the profile ${show(gotIds[i] ?? got[i])}, the baseline ${want[i]!.id}`;
    }
    const d = fieldDifference(want[i], got[i], `profile ${want[i]!.id}`, `profile ${want[i]!.id}`);
    if (d !== null) return `${where}: ${d}`;
  }
  return null;
}

/**
 * Little's law on the traced call's profile lookups: requests in flight on
 * average = total waiting time ÷ time taken. At most MAX_IN_FLIGHT in
 * flight, so lookups that wait W ms in all take at least W ÷ MAX_IN_FLIGHT.
 */
export function littlesLaw(traces: Partial<Record<Side, Trace>>): string | undefined {
  const parts = SIDE_ORDER.flatMap((side) => {
    const lookups = traces[side]?.spans.filter((s) => s.lane === PROFILES_LANE && s.kind === 'request') ?? [];
    const busy = busyMs(lookups);
    if (busy === 0) return [];
    const waiting = lookups.reduce((sum, s) => sum + (s.end - s.start), 0);
    return [
      `${SIDE_LABELS[side]}: ${lookups.length} lookups waiting ${formatNumber(Math.round(waiting))} ms in all, done in ${formatNumber(Math.round(busy))} ms, so ${(waiting / busy).toFixed(1)} in flight on average (at ${MAX_IN_FLIGHT} in flight they would take ${formatNumber(Math.round(waiting / MAX_IN_FLIGHT))} ms).`,
    ];
  });
  if (parts.length === 0) return undefined;
  return [`Little’s law on the profiles API: requests in flight on average = their total waiting time ÷ the time they took. It allows at most ${MAX_IN_FLIGHT}.`, ...parts].join('\n');
}

const PROFILES_LANE = 'profiles API';

export default defineLesson<Work, Output>({
  slug: '03-concurrency',
  timing: 'virtual',
  exports: ['loadProductPage', 'lookupAll'],
  size: 30,
  timeline: {
    caption:
      'Each bar is one request, from the moment it was sent to its reply, on simulated time. Requests in flight at the same moment get a row each. Compare when your requests start with when the baseline’s do, and how many of the profiles API’s are in flight at once.',
    model: littlesLaw,
  },

  prepare({ rng, clock, size }) {
    // --- Data: everything depends on the seed. Ids come from small ranges, so
    // the same product or reviewer comes back in later calls with a different
    // price, stock or profile: answers remembered between calls go stale.
    const catalogIds = distinctInts(rng, 12, 100, 139).map((n) => `p${n}`);
    const productIds = catalogIds.slice(0, PAGES);
    // One page shows a product nobody recommends anything with, and sold out.
    const bare = rng.pick(productIds);
    const details = new Map<string, ProductDetails>();
    for (const id of catalogIds) {
      details.set(id, {
        id,
        name: `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`,
        priceCents: rng.int(5, 250) * 100 - rng.pick([1, 5, 50, 100]),
      });
    }
    const related = new Map<string, string[]>();
    const inventory = new Map<string, Inventory>();
    for (const id of catalogIds) {
      const others = catalogIds.filter((other) => other !== id);
      const picks = id === bare ? [] : distinctInts(rng, rng.int(3, 5), 0, others.length - 1);
      related.set(id, picks.map((i) => others[i]!));
      inventory.set(id, { productId: id, inStock: id === bare ? 0 : rng.int(0, 60), warehouse: rng.pick(WAREHOUSES) });
    }

    const profiles = new Map<string, Profile>();
    const reviewerIds = distinctInts(rng, idsNeeded(size), 1000, 999 + Math.max(200, 6 * size)).map((n) => `u${n}`);
    for (const id of reviewerIds) {
      profiles.set(id, {
        id,
        displayName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
        reviewCount: rng.int(1, 200),
        verified: rng.next() < 0.6,
      });
    }
    const lists = lookupLists(rng, reviewerIds, size);

    // --- Services, with one latency drawn per id, whatever order they are asked in.
    const detailsApi = new SimulatedService({ name: 'catalog service', clock, rng, latency: LATENCY.details });
    const relatedApi = new SimulatedService({ name: 'recommendations service', clock, rng, latency: LATENCY.related });
    const inventoryApi = new SimulatedService({ name: 'stock service', clock, rng, latency: LATENCY.inventory });
    const profileApi = new SimulatedService({
      name: PROFILES_LANE,
      clock,
      rng,
      latency: LATENCY.profile,
      maxInFlight: MAX_IN_FLIGHT,
    });

    const pageLatency = new Map<string, PageLatency>();
    for (const id of productIds) {
      pageLatency.set(id, {
        details: detailsApi.nextLatency(),
        related: relatedApi.nextLatency(),
        inventory: inventoryApi.nextLatency(),
      });
    }
    const profileLatency = new Map<string, number>();
    for (const id of reviewerIds) profileLatency.set(id, profileApi.nextLatency());

    // Answers are fresh copies, so a candidate that edits one changes nothing.
    const lookup = <T>(what: string, map: Map<string, T>, id: string): T => {
      const value = map.get(id);
      if (value === undefined) throw new NotFoundError(what, id);
      return structuredClone(value);
    };

    const pageServices: PageServices = {
      getDetails: (id) => detailsApi.request(() => lookup('catalog', details, id), pageLatency.get(id)?.details, `getDetails ${named(id)}`),
      getRelated: (id) =>
        relatedApi.request((): RelatedItem[] => {
          const ids = lookup('recommendations', related, id);
          return ids.map((other) => {
            const d = details.get(other)!;
            return { id: d.id, name: d.name, priceCents: d.priceCents };
          });
        }, pageLatency.get(id)?.related, `getRelated ${named(id)}`),
      getInventory: (id) => inventoryApi.request(() => lookup('stock', inventory, id), pageLatency.get(id)?.inventory, `getInventory ${named(id)}`),
    };

    const meter = createMeter(['demand', 'peakDemand']);
    const profileServices: ProfileServices = {
      maxInFlight: MAX_IN_FLIGHT,
      getProfile: async (id) => {
        // Counted here rather than by the service: it never lets more than 5
        // in, so its own peak would hide how many the code tried.
        meter.add('demand');
        meter.peak('peakDemand', meter.get('demand'));
        try {
          return await profileApi.request(() => lookup('profiles', profiles, id), profileLatency.get(id), `getProfile ${named(id)}`);
        } finally {
          meter.add('demand', -1);
        }
      },
    };

    return {
      clock,
      productIds,
      lists,
      pageServices: sealed(pageServices),
      profileServices: sealed(profileServices),
      meter,
      pageMs: 0,
      lookupMs: 0,
      bestPageMs: productIds.reduce((sum, id) => {
        const l = pageLatency.get(id)!;
        return sum + Math.max(l.details, l.related, l.inventory);
      }, 0),
      // Per list, over its distinct ids: a helper that asks once per reviewer
      // may skip the repeats, and the best must stay a true lower bound.
      bestLookupMs: lists.reduce(
        (sum, list) => sum + bestWithSlots([...new Set(list.ids)].map((id) => profileLatency.get(id)!), MAX_IN_FLIGHT),
        0,
      ),
    };
  },

  async call(mod, work) {
    const loadProductPage = exported<LoadProductPage>(mod, 'loadProductPage');
    const lookupAll = exported<LookupAll>(mod, 'lookupAll');

    // Part (a): one page view after another, as separate visitors would.
    const start = work.clock.now();
    const pages: ProductPage[] = [];
    for (const id of work.productIds) {
      pages.push(await loadProductPage(id, work.pageServices));
    }
    const pagesDone = work.clock.now();

    // Part (b): the reviewers of several products, one list after another.
    const profiles: Profile[][] = [];
    for (const list of work.lists) {
      // A copy: sorting or editing it in place changes nothing the check reads.
      profiles.push(await lookupAll([...list.ids], work.profileServices));
    }
    const lookupsDone = work.clock.now();

    work.pageMs = pagesDone - start;
    work.lookupMs = lookupsDone - pagesDone;
    return { pages, profiles };
  },

  counters(work) {
    return {
      pageOverBest: ratio(work.pageMs, work.bestPageMs),
      lookupOverBest: ratio(work.lookupMs, work.bestLookupMs),
      peakInFlight: work.meter.get('peakDemand'),
      pageMs: work.pageMs,
      lookupMs: work.lookupMs,
    };
  },

  check(expected, actual, work) {
    for (let i = 0; i < expected.pages.length; i++) {
      const want = expected.pages[i]!;
      const id = want.details.id;
      const d = fieldDifference(want, actual.pages?.[i], `product ${id}`, `the page of product ${id}`);
      if (d !== null) return d;
    }
    for (let i = 0; i < work.lists.length; i++) {
      const d = checkList(expected.profiles[i]!, actual.profiles?.[i], work.lists[i]!);
      if (d !== null) return d;
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'pageOverBest',
      label: 'product-page time ÷ its slowest call',
      better: 'lower',
      max: 1.05,
      advice:
        'loadProductPage takes longer than its slowest call: besides that call, it waits for something else (another of its calls, most often) or keeps the thread busy.',
    },
    {
      key: 'lookupOverBest',
      label: `lookup time ÷ the best possible with ${MAX_IN_FLIGHT} in flight`,
      better: 'lower',
      max: 1.5,
      advice: `lookupAll leaves the profiles API idle much of the time: for long stretches fewer than ${MAX_IN_FLIGHT} of its requests are in flight.`,
    },
    {
      key: 'peakInFlight',
      label: 'peak requests in flight to the profiles API',
      better: 'lower',
      max: MAX_IN_FLIGHT,
      advice: `The profiles API counts every request your code starts, rejected ones included, and at one moment more than ${MAX_IN_FLIGHT} were in flight.`,
    },
    { key: 'pageMs', label: 'time loading product pages', unit: 'ms', better: 'lower' },
    { key: 'lookupMs', label: 'time looking up profiles', unit: 'ms', better: 'lower' },
  ],

  target: 1.3,

  limit(work) {
    return {
      ms: work.bestPageMs + work.bestLookupMs,
      label: `each page as slow as its slowest call, and each list of lookups run ${MAX_IN_FLIGHT} at a time`,
    };
  },
});
