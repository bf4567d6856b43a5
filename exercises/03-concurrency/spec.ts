import { defineLesson, exported } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import { distinctInts } from '../../src/core/rng.ts';
import type {
  Inventory,
  PageServices,
  Profile,
  ProfileServices,
  ProductDetails,
  ProductPage,
  RelatedItem,
} from './types.ts';

/**
 * 03-concurrency: (a) a product page awaits three independent calls in turn;
 * (b) 30 profile lookups run one at a time against an API that rejects more
 * than 5 requests in flight.
 *
 * Time is virtual: the services sleep on a VirtualClock, so every figure below
 * is exact and the same on every machine. Each call's latency is drawn in
 * `prepare` and tied to the product or profile id, so it does not depend on
 * the order in which the learner's code makes its requests, and the
 * theoretical best can be computed exactly.
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

interface Work {
  clock: Clock;
  productIds: string[];
  lookupIds: string[];
  pageServices: PageServices;
  profileServices: ProfileServices;
  /** Requests `getProfile` has been asked for and not yet answered, rejected ones included. */
  profileDemand: number;
  peakProfileDemand: number;
  /** Virtual milliseconds spent in part (a) and part (b), written by `call`. */
  pageMs: number;
  lookupMs: number;
  /** Theoretical best for each part. */
  bestPageMs: number;
  bestLookupMs: number;
}

interface Output {
  pages: ProductPage[];
  profiles: Profile[];
}

type LoadProductPage = (id: string, services: PageServices) => Promise<ProductPage>;
type LookupAll = (ids: readonly string[], services: ProfileServices) => Promise<Profile[]>;

const ADJECTIVES = ['Walnut', 'Linen', 'Copper', 'Oak', 'Wool', 'Ceramic', 'Steel', 'Cork', 'Glass', 'Cotton'];
const NOUNS = ['desk lamp', 'throw', 'kettle', 'stool', 'mug', 'shelf', 'planter', 'clock', 'rug', 'tray'];
const WAREHOUSES = ['Leeds', 'Lyon', 'Porto', 'Gdansk', 'Bremen'];
const FIRST = ['Ada', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jun', 'Kofi', 'Lena'];
const LAST = ['A.', 'B.', 'C.', 'D.', 'K.', 'M.', 'N.', 'O.', 'R.', 'S.', 'T.', 'W.'];


class NotFoundError extends Error {
  constructor(what: string, id: string) {
    super(`the ${what} service has no record with id ${JSON.stringify(id)}`);
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
  return best > 0 ? Math.round((ms / best) * 1000) / 1000 : 0;
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
 * The first place where `actual` differs from `expected`, as "<owner>'s
 * <path>: you returned X, the baseline Y" (or "<whole>: ..." when the whole
 * value is wrong). Only the fields the baseline has
 * are compared, so extra fields in the candidate's answer are harmless.
 */
function firstDifference(
  expected: unknown,
  actual: unknown,
  owner: string,
  whole: string,
  path = '',
): string | null {
  const where = path === '' ? whole : `${owner}'s ${path}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: you returned ${show(actual)}, the baseline a list`;
    if (actual.length !== expected.length) {
      return `${where}: you returned ${actual.length} items, the baseline ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], owner, whole, `${path}[${i}]`);
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
      const d = firstDifference(value, a[key], owner, whole, path === '' ? key : `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${where}: you returned ${show(actual)}, the baseline ${show(expected)}`;
}

function idOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

export default defineLesson<Work, Output>({
  slug: '03-concurrency',
  timing: 'virtual',
  exports: ['loadProductPage', 'lookupAll'],
  size: 30,

  prepare({ rng, clock, size }) {
    // --- Data: everything depends on the seed. Ids come from small ranges, so
    // the same product or reviewer comes back in later calls with a different
    // price, stock or profile: answers remembered between calls go stale.
    const catalogIds = distinctInts(rng, 12, 100, 139).map((n) => `p${n}`);
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
      const picks = distinctInts(rng, rng.int(3, 5), 0, others.length - 1);
      related.set(id, picks.map((i) => others[i]!));
      inventory.set(id, { productId: id, inStock: rng.int(0, 60), warehouse: rng.pick(WAREHOUSES) });
    }
    const productIds = catalogIds.slice(0, PAGES);

    const profiles = new Map<string, Profile>();
    const lookupIds = distinctInts(rng, size, 1000, 999 + Math.max(150, 5 * size)).map((n) => `u${n}`);
    for (const id of lookupIds) {
      profiles.set(id, {
        id,
        displayName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
        reviewCount: rng.int(1, 200),
        verified: rng.next() < 0.6,
      });
    }

    // --- Services, with one latency drawn per id, whatever order they are asked in.
    const detailsApi = new SimulatedService({ name: 'catalog service', clock, rng, latency: LATENCY.details });
    const relatedApi = new SimulatedService({ name: 'recommendations service', clock, rng, latency: LATENCY.related });
    const inventoryApi = new SimulatedService({ name: 'stock service', clock, rng, latency: LATENCY.inventory });
    const profileApi = new SimulatedService({
      name: 'profiles API',
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
    for (const id of lookupIds) profileLatency.set(id, profileApi.nextLatency());

    // Answers are fresh copies, so a candidate that edits one changes nothing.
    const lookup = <T>(what: string, map: Map<string, T>, id: string): T => {
      const value = map.get(id);
      if (value === undefined) throw new NotFoundError(what, id);
      return structuredClone(value);
    };

    const pageServices: PageServices = {
      getDetails: (id) =>
        detailsApi.request(() => lookup('catalog', details, id), pageLatency.get(id)?.details),
      getRelated: (id) =>
        relatedApi.request((): RelatedItem[] => {
          const ids = lookup('recommendations', related, id);
          return ids.map((other) => {
            const d = details.get(other)!;
            return { id: d.id, name: d.name, priceCents: d.priceCents };
          });
        }, pageLatency.get(id)?.related),
      getInventory: (id) =>
        inventoryApi.request(() => lookup('stock', inventory, id), pageLatency.get(id)?.inventory),
    };

    const work: Work = {
      clock,
      productIds,
      lookupIds,
      pageServices,
      profileServices: {
        maxInFlight: MAX_IN_FLIGHT,
        getProfile: async (id) => {
          // Counted here rather than in the service: the service never lets more
          // than 5 in, so its own peak would hide how many the code tried.
          work.profileDemand += 1;
          work.peakProfileDemand = Math.max(work.peakProfileDemand, work.profileDemand);
          try {
            return await profileApi.request(() => lookup('profiles', profiles, id), profileLatency.get(id));
          } finally {
            work.profileDemand -= 1;
          }
        },
      },
      profileDemand: 0,
      peakProfileDemand: 0,
      pageMs: 0,
      lookupMs: 0,
      bestPageMs: productIds.reduce((sum, id) => {
        const l = pageLatency.get(id)!;
        return sum + Math.max(l.details, l.related, l.inventory);
      }, 0),
      bestLookupMs: bestWithSlots([...profileLatency.values()], MAX_IN_FLIGHT),
    };
    return work;
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

    // Part (b): every reviewer's profile.
    const profiles = await lookupAll([...work.lookupIds], work.profileServices);
    const lookupsDone = work.clock.now();

    work.pageMs = pagesDone - start;
    work.lookupMs = lookupsDone - pagesDone;
    return { pages, profiles };
  },

  counters(work) {
    return {
      pageOverBest: ratio(work.pageMs, work.bestPageMs),
      lookupOverBest: ratio(work.lookupMs, work.bestLookupMs),
      peakInFlight: work.peakProfileDemand,
      pageMs: work.pageMs,
      lookupMs: work.lookupMs,
    };
  },

  check(expected, actual) {
    for (let i = 0; i < expected.pages.length; i++) {
      const want = expected.pages[i]!;
      const id = want.details.id;
      const d = firstDifference(want, actual.pages[i], `product ${id}`, `the page of product ${id}`);
      if (d !== null) return d;
    }

    const want = expected.profiles;
    const got: unknown = actual.profiles;
    if (!Array.isArray(got)) {
      return `lookupAll returned ${show(got)}, the baseline a list of ${want.length} profiles`;
    }
    if (got.length !== want.length) {
      return `lookupAll returned ${got.length} profiles, the baseline ${want.length}`;
    }
    const gotIds = got.map(idOf);
    const sameSet =
      new Set(gotIds).size === want.length && want.every((p) => gotIds.includes(p.id));
    for (let i = 0; i < want.length; i++) {
      if (gotIds[i] !== want[i]!.id) {
        return sameSet
          ? `lookupAll's profiles are out of order at index ${i}: you returned ${gotIds[i]}, the baseline ${want[i]!.id} (the result must follow the order of ids)`
          : `lookupAll's profile at index ${i}: you returned id ${show(gotIds[i])}, the baseline ${want[i]!.id}`;
      }
      const d = firstDifference(want[i], got[i], `profile ${want[i]!.id}`, `profile ${want[i]!.id}`);
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
        'loadProductPage takes longer than its slowest call, so its three calls still wait for one another. None of them needs another’s answer: start them all before you wait.',
    },
    {
      key: 'lookupOverBest',
      label: 'lookup time ÷ the best possible with 5 in flight',
      better: 'lower',
      max: 1.5,
      advice:
        'lookupAll is far slower than 5 lookups in flight would be. Keep 5 requests going: as soon as one answers, start the next.',
    },
    {
      key: 'peakInFlight',
      label: 'peak requests in flight to the profiles API',
      better: 'lower',
      max: MAX_IN_FLIGHT,
      advice:
        'The profiles API accepts at most 5 of your requests at once. Start a new lookup only when one of yours has answered.',
    },
    { key: 'pageMs', label: 'time loading product pages', unit: 'ms', better: 'lower' },
    { key: 'lookupMs', label: 'time looking up profiles', unit: 'ms', better: 'lower' },
  ],

  target: 1.3,

  limit(work) {
    return {
      ms: work.bestPageMs + work.bestLookupMs,
      label: `each page as slow as its slowest call, and ${work.lookupIds.length} lookups run ${MAX_IN_FLIGHT} at a time`,
    };
  },
});
