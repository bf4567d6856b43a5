import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { materialise } from '../../src/core/measure/plain.ts';
import { createRng, mixSeed } from '../../src/core/rng.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import { sealed, show as showValue, shuffled } from '../../src/kit/index.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { CartLine, Price, PriceApi, PriceLoader, PricedCart } from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';

/**
 * 08-batching: (a) `priceCart` prices carts one round trip per line, one after
 * another; the API's bulk endpoint takes up to 50 ids. (b) the independent
 * resolvers of a page each ask a loader for one price, many for the same
 * product; lines whose product is discontinued then ask, in a second wave,
 * for a substitute's price. The learner writes the loader
 * (`createPriceLoader`), which the lesson creates afresh for every page.
 *
 * The rules, and what enforces each (every call has every case below):
 * - priceCart returns exactly the baseline's cart (lines and unavailable in
 *   the cart's order, the total): checkCart, on five carts per call: 100
 *   lines, 51 lines (just over the batch limit), one known product, one
 *   discontinued product, and an empty cart.
 * - Each price goes to its own product, whatever order the reply comes in
 *   (sorted by id) and whatever it leaves out (unknown ids): checkCart and
 *   compareAnswer name the product whose price was taken.
 * - The 100-line cart costs at most 2 round trips, the small carts no more
 *   than the batch limit forces (2, 1, 1 and 0): gates cartRoundTrips and
 *   smallCartRoundTrips, counted by the simulated API.
 * - No id is sent twice in one getPrices call: gate duplicateIds.
 * - Every caller of load gets the answer for its own id, duplicates
 *   included, and an error is not an answer: checkPage, with a sweep that
 *   ends the wait of callers a loader dropped. One page is served while the
 *   price API is down (every call fails with a 503): each of its callers
 *   must get the error, never undefined.
 * - Each wave of resolvers costs one round trip (one per 50 distinct ids):
 *   gates pageRoundTrips (the order-history page, 2 waves) and
 *   otherPageRoundTrips (a one-line page, and a page of 51 to 60 products).
 * - More than 50 ids in one call are refused, as the real API would (HTTP
 *   413): the 51-line cart and the large page reach that limit.
 * - Nothing is kept between requests or calls: prices change from one
 *   request (cart or page) to the next, and from call to call, under the
 *   same ids, so a remembered price is caught and named.
 * - No run is faster than the price API allows: `limit` is the exact best
 *   time for the fewest round trips the gates allow, and the engine refuses
 *   a time below it, on every call, as an impossible figure.
 *
 * Time is virtual. Every cart and every page has its own simulated client
 * with 6 connections (requests beyond that queue), and its own seeded
 * latencies, drawn in the order of its calls, so chunks of one cart come back
 * in a shuffled order and a reply read in finishing order shows.
 */

const ID_MIN = 1000;
const ID_COUNT = 200;
const DISCONTINUED = 14;
const MAX_BATCH = 50;
const CONNECTIONS = 6;
/** Orders on the order-history page, and lines per order. */
const ORDERS = 12;
const LINES_PER_ORDER = [5, 7] as const;
/** Products on the page: popular ones, the long tail, and discontinued ones. */
const PAGE_POPULAR = 12;
const PAGE_TAIL = 28;
const PAGE_DISCONTINUED = 5;
/** The cart just over the batch limit. */
const OVER_BATCH_LINES = MAX_BATCH + 1;
/** Distinct products on the large page: over the batch limit. */
const LARGE_PAGE_PRODUCTS = [MAX_BATCH + 1, MAX_BATCH + 10] as const;

const LATENCY = {
  /** One product (getPrice). */
  single: [15, 30],
  /** One bulk request (getPrices), before its per-id cost. */
  bulk: [20, 35],
} as const;
const BULK_MS_PER_ID = 0.4;
/** Share of prices changed between one request and the next. */
const REPRICED_SHARE = 0.3;

/** What load's promise gave one resolver, as the check sees it. */
type Answer =
  | { kind: 'price'; productId: unknown; unitCents: unknown }
  | { kind: 'none' }
  | { kind: 'never' }
  | { kind: 'failed'; message: string }
  | { kind: 'odd'; shown: string };

interface RenderedLine {
  orderId: string;
  /** 1-based line number within the order. */
  line: number;
  productId: string;
  price: Answer;
  /** For discontinued products only: the substitute the page offers, and its price. */
  substitute?: { productId: string; price: Answer };
}

interface Order {
  id: string;
  productIds: string[];
}

interface Output {
  carts: PricedCart[];
  pages: RenderedLine[][];
}

/** One `load` call made by a resolver. */
interface Ask {
  id: string;
  seq: number;
  settled: boolean;
  abandon(): void;
}

/** One call the learner's code made to the price API. */
interface Sent {
  ids: ReadonlySet<string>;
  seq: number;
  done: boolean;
}

/** A simulated price API with its own client, as one cart or one page sees it. */
interface Endpoint {
  api: PriceApi;
  service: SimulatedService;
  /** Ids sent more than once within one getPrices call, summed. */
  duplicateIds: number;
  /** Calls made and not yet answered, queued ones included. */
  busy: number;
  sent: Sent[];
  /** The latency of the k-th call of each kind. */
  single(k: number): number;
  bulk(k: number): number;
  /** Gives each call its place in the sequence of calls and asks. */
  stamp(): number;
  /** Called whenever `busy` drops to zero. */
  onIdle(): void;
  /** Every call fails (HTTP 503), after its usual latency: the API is down. */
  down: boolean;
}

interface CartJob {
  /** How the messages name it: "the 100-line cart". */
  name: string;
  lines: CartLine[];
  endpoint: Endpoint;
  /** The prices the API gives this request: known product -> cents. */
  prices: ReadonlyMap<string, number>;
}

interface PageJob {
  /** How the messages name it: "the order-history page". */
  name: string;
  orders: Order[];
  /** Discontinued product -> the product the page offers instead. */
  substitutes: Map<string, string>;
  endpoint: Endpoint;
  /** The prices the API gives this request: known product -> cents. */
  prices: ReadonlyMap<string, number>;
  asks: Ask[];
  /** Numbers load calls and API calls in the order they were made. */
  seq: number;
  sweeping: boolean;
}

interface Work {
  clock: Clock;
  /** The main cart first, then the small ones in a seeded order. */
  carts: CartJob[];
  /** The order-history page first, then the one-line page and the large page. */
  pages: PageJob[];
  cartMs: number;
  pageMs: number;
}

type PriceCart = (cart: readonly CartLine[], api: PriceApi) => Promise<PricedCart>;
type CreatePriceLoader = (api: PriceApi) => PriceLoader;

class PriceApiUnavailableError extends ServiceError {
  constructor() {
    super('the price API is unavailable (HTTP 503 Service Unavailable)');
    this.name = 'PriceApiUnavailableError';
  }
}

class BatchTooLargeError extends ServiceError {
  constructor(count: number) {
    super(`the price API rejected a getPrices call with ${count} ids (HTTP 413 Payload Too Large): it accepts at most ${MAX_BATCH} ids per call`);
    this.name = 'BatchTooLargeError';
  }
}

/** At most `size` requests in flight; the rest wait their turn, first come first served. */
class ConnectionPool {
  readonly #size: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active < this.#size) this.#active += 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // Hand the connection straight to the next request in line, if any.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}

/** Latencies drawn on demand from their own seeded stream, so the k-th call always gets the k-th draw. */
function latencyStream(seed: number, [min, max]: readonly [number, number]): (index: number) => number {
  const rng = createRng(seed);
  const drawn: number[] = [];
  return (index) => {
    while (drawn.length <= index) drawn.push(rng.int(min, max));
    return drawn[index]!;
  };
}

function bulkLatency(base: number, ids: number): number {
  return base + Math.round(BULK_MS_PER_ID * ids);
}

function createEndpoint(seed: number, clock: Clock, prices: ReadonlyMap<string, number>, down = false): Endpoint {
  const single = latencyStream(mixSeed(seed, 1), LATENCY.single);
  const bulk = latencyStream(mixSeed(seed, 2), LATENCY.bulk);
  let singles = 0;
  let bulks = 0;
  const service = new SimulatedService({ name: 'price API', clock, rng: createRng(mixSeed(seed, 3)), latency: LATENCY.single });
  const pool = new ConnectionPool(CONNECTIONS);

  const price = (id: string): Price | undefined => {
    if (down) throw new PriceApiUnavailableError();
    const cents = prices.get(id);
    return cents === undefined ? undefined : { productId: id, unitCents: cents };
  };

  const endpoint: Endpoint = {
    service,
    duplicateIds: 0,
    busy: 0,
    sent: [],
    single,
    bulk,
    stamp: () => 0,
    onIdle: () => {},
    down,
    // The learner's code gets this object only, frozen: its methods close
    // over the endpoint, which it cannot reach, so it can neither change
    // what is counted nor the limit that is enforced.
    api: sealed({
      maxBatch: MAX_BATCH,
      getPrice: (id: string) => {
        const key = String(id);
        return track([key], () => pool.use(() => service.request(() => price(key), single(singles++))));
      },
      getPrices: (ids: readonly string[]) => {
        if (!Array.isArray(ids)) {
          return Promise.reject(new ExerciseShapeError(`getPrices takes an array of ids, but was given ${show(ids)}`));
        }
        const asked = ids.map(String);
        if (asked.length > MAX_BATCH) return Promise.reject(new BatchTooLargeError(asked.length));
        const unique = [...new Set(asked)];
        endpoint.duplicateIds += asked.length - unique.length;
        return track(unique, () =>
          pool.use(() =>
            service.request(() => {
              if (down) throw new PriceApiUnavailableError();
              return unique
                .sort()
                .map(price)
                .filter((p): p is Price => p !== undefined);
            },
              bulkLatency(bulk(bulks++), asked.length),
            ),
          ),
        );
      },
    }),
  };

  function track<T>(ids: string[], run: () => Promise<T>): Promise<T> {
    const sent: Sent = { ids: new Set(ids), seq: endpoint.stamp(), done: false };
    endpoint.sent.push(sent);
    endpoint.busy += 1;
    return run().finally(() => {
      sent.done = true;
      endpoint.busy -= 1;
      if (endpoint.busy === 0) endpoint.onIdle();
    });
  }

  return endpoint;
}

function pickDistinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return shuffled(rng, items).slice(0, count);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value for a check message; product ids as they are (p1042), lists by their length. */
function show(value: unknown): string {
  if (typeof value === 'string' && /^p\d+$/.test(value)) return value;
  return showValue(value, { lists: 'count' });
}

function normalise(value: unknown): Answer {
  if (value === undefined || value === null) return { kind: 'none' };
  if (isObject(value) && 'unitCents' in value) {
    return { kind: 'price', productId: value.productId, unitCents: value.unitCents };
  }
  return { kind: 'odd', shown: show(value) };
}

/**
 * Orders of `lines` lines drawn from `popular` (most often) and `tail`, each
 * product at most once per order, so many resolvers ask for the same id.
 */
function drawOrders(rng: Rng, count: number, lines: readonly [number, number], popular: readonly string[], tail: readonly string[]): Order[] {
  const orders: Order[] = [];
  for (let o = 0; o < count; o++) {
    const want = rng.int(lines[0], lines[1]);
    const productIds: string[] = [];
    while (productIds.length < want) {
      const id = rng.next() < 0.6 ? rng.pick(popular) : rng.pick(tail);
      if (!productIds.includes(id)) productIds.push(id);
    }
    orders.push({ id: `o${rng.int(10000, 99999)}`, productIds });
  }
  return orders;
}

function createPage(
  name: string,
  orders: Order[],
  substitutes: Map<string, string>,
  service: { endpoint: Endpoint; prices: ReadonlyMap<string, number> },
): PageJob {
  const endpoint = service.endpoint;
  const page: PageJob = { name, orders, substitutes, endpoint, prices: service.prices, asks: [], seq: 0, sweeping: false };
  // Load calls and API calls share one sequence, so the sweep knows which
  // call was made after which load.
  endpoint.stamp = () => page.seq++;
  endpoint.onIdle = () => scheduleSweep(page);
  return page;
}

export default defineLesson<Work, Output>({
  slug: '08-batching',
  timing: 'virtual',
  exports: ['priceCart', 'createPriceLoader'],
  timeline: {
    caption:
      'Each bar is one request to the price API, from the moment it was sent to its reply, on simulated time. Compare how many bars each side draws for the same carts.',
  },
  size: 100,

  prepare({ seed, rng, clock, size }) {
    // --- Data: prices and the discontinued products depend on the seed, and
    // ids come from a small range, so the same product comes back in later
    // calls at another price: answers remembered between calls go stale.
    const allIds = Array.from({ length: ID_COUNT }, (_, i) => `p${ID_MIN + i}`);
    const mixed = shuffled(rng, allIds);
    const discontinued = mixed.slice(0, DISCONTINUED);
    const known = mixed.slice(DISCONTINUED);
    const draw = () => rng.int(1, 4999) * 10 - rng.pick([1, 5, 10]);
    // Prices move while the shop runs: each request (cart or page) sees
    // about a third of them changed since the one before, so a price kept
    // from an earlier request is stale, and named as such.
    let current = new Map(known.map((id) => [id, draw()]));
    const endpoint = (k: number, down = false) => {
      current = new Map(current);
      if (k > 0) for (const id of known) if (rng.next() < REPRICED_SHARE) current.set(id, draw());
      return { endpoint: createEndpoint(mixSeed(seed, 101, k), clock, current, down), prices: current };
    };

    // --- Part (a): carts of distinct products, a few of them discontinued.
    const cartOf = (count: number, gone: number): CartLine[] =>
      shuffled(rng, [...pickDistinct(rng, discontinued, gone), ...pickDistinct(rng, known, count - gone)]).map((productId) => ({
        productId,
        quantity: rng.next() < 0.7 ? 1 : rng.int(2, 5),
      }));
    const mainSize = Math.max(10, Math.min(size, known.length));
    const small: { name: string; lines: CartLine[] }[] = [
      { name: `the ${OVER_BATCH_LINES}-line cart`, lines: cartOf(OVER_BATCH_LINES, rng.int(1, 3)) },
      { name: 'the one-line cart', lines: cartOf(1, 0) },
      { name: 'the one-line cart of a discontinued product', lines: cartOf(1, 1) },
      { name: 'the empty cart', lines: [] },
    ];
    const carts: CartJob[] = [{ name: `the ${mainSize}-line cart`, lines: cartOf(mainSize, rng.int(2, 4)) }, ...shuffled(rng, small)].map(
      (cart, k) => ({ ...cart, ...endpoint(k) }),
    );

    // --- Part (b), the order-history page: orders drawn mostly from a few
    // popular products, so many resolvers ask for the same id in one wave.
    const pageKnown = pickDistinct(rng, known, PAGE_POPULAR + PAGE_TAIL);
    const popular = pageKnown.slice(0, PAGE_POPULAR);
    const pageGone = pickDistinct(rng, discontinued, PAGE_DISCONTINUED);
    const orders = drawOrders(rng, ORDERS, LINES_PER_ORDER, popular, [...pageKnown.slice(PAGE_POPULAR), ...pageGone]);
    // Every page has a second wave: at least two lines with a discontinued product.
    const goneLines = () => orders.reduce((n, o) => n + o.productIds.filter((id) => pageGone.includes(id)).length, 0);
    while (goneLines() < 2) {
      const order = rng.pick(orders);
      const id = rng.pick(pageGone);
      if (!order.productIds.includes(id)) order.productIds[rng.int(0, order.productIds.length - 1)] = id;
    }
    // Substitutes: sometimes a product already on the page, sometimes not;
    // two discontinued products may share one.
    const substitutes = new Map<string, string>();
    for (const id of pageGone) substitutes.set(id, rng.next() < 0.5 ? rng.pick(popular) : rng.pick(known));

    // The one-line page: a single resolver, so a wave of one.
    const lone: Order[] = [{ id: `o${rng.int(10000, 99999)}`, productIds: [rng.pick(known)] }];

    // The large page: more distinct products than one call may carry, with
    // repeats and unknown ids among them, and no second wave.
    const largeCount = rng.int(LARGE_PAGE_PRODUCTS[0], LARGE_PAGE_PRODUCTS[1]);
    const largeIds = pickDistinct(rng, [...known, ...discontinued], largeCount);
    const largeOrders = drawOrders(rng, 16, [6, 9], largeIds.slice(0, 10), largeIds.slice(10));
    const seen = new Set(largeOrders.flatMap((o) => o.productIds));
    const missing = largeIds.filter((id) => !seen.has(id));
    // Every product of the large page is asked for, each on an order of its own.
    for (let i = 0; i < missing.length; i += 4) largeOrders.push({ id: `o${rng.int(10000, 99999)}`, productIds: missing.slice(i, i + 4) });

    const pages = [
      createPage('the order-history page', orders, substitutes, endpoint(10)),
      createPage('the one-line page', lone, new Map(), endpoint(11)),
      createPage(`the page of ${largeCount} products`, largeOrders, new Map(), endpoint(12)),
    ];
    // The page served while the price API is down: a few orders, with
    // repeats, whose every call fails. Each of its resolvers must get the error.
    const downOrders = drawOrders(rng, 3, [3, 5], popular, pageKnown.slice(PAGE_POPULAR));
    pages.push(createPage('the page served while the price API was down', downOrders, new Map(), endpoint(13, true)));
    return { clock, carts, pages, cartMs: 0, pageMs: 0 };
  },

  async call(mod, work) {
    const priceCart = exported<PriceCart>(mod, 'priceCart');
    const createPriceLoader = exported<CreatePriceLoader>(mod, 'createPriceLoader');

    // Part (a): the carts, one after another, each as its own request.
    const start = work.clock.now();
    const carts: PricedCart[] = [];
    for (const cart of work.carts) {
      // Copied as plain data the moment it resolves, so the cart is what was
      // timed: a getter or a promise inside cannot do its work later.
      carts.push(materialise(await priceCart(sealed(cart.lines.map((line) => ({ ...line }))), cart.endpoint.api)));
    }
    const cartDone = work.clock.now();

    // Part (b): page requests, one after another, each with a loader of its own.
    const pages: RenderedLine[][] = [];
    for (const page of work.pages) {
      const loader: unknown = createPriceLoader(page.endpoint.api);
      if (!isObject(loader) || typeof loader.load !== 'function') {
        throw new ExerciseShapeError(`createPriceLoader must return an object with a load(id) method, but returned ${show(loader)}`);
      }
      pages.push(await renderPage(page, loader as unknown as PriceLoader));
    }
    const pageDone = work.clock.now();

    work.cartMs = cartDone - start;
    work.pageMs = pageDone - cartDone;
    return { carts, pages };
  },

  counters(work) {
    const [main, ...small] = work.carts;
    const [history, ...rest] = work.pages;
    // The outage page's calls all fail: how a loader copes with that (one call, or retries) is not gated.
    const others = rest.filter((page) => !page.endpoint.down);
    const calls = (jobs: readonly { endpoint: Endpoint }[]) => jobs.reduce((n, job) => n + job.endpoint.service.calls, 0);
    return {
      cartRoundTrips: main!.endpoint.service.calls,
      smallCartRoundTrips: calls(small),
      duplicateIds: [...work.carts, ...work.pages].reduce((n, job) => n + job.endpoint.duplicateIds, 0),
      pageRoundTrips: history!.endpoint.service.calls,
      otherPageRoundTrips: calls(others),
      cartMs: work.cartMs,
      pageMs: work.pageMs,
    };
  },

  check(expected, actual, work) {
    if (!Array.isArray(actual.carts) || !Array.isArray(actual.pages)) return 'the lesson could not read your output';
    for (let c = 0; c < work.carts.length; c++) {
      const difference = checkCart(expected.carts[c]!, actual.carts[c], work.carts[c]!, work);
      if (difference !== null) return difference;
    }
    for (let p = 0; p < work.pages.length; p++) {
      const difference = checkPage(expected.pages[p]!, actual.pages[p]!, work.pages[p]!, work);
      if (difference !== null) return difference;
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'cartRoundTrips',
      label: 'round trips to price the 100-line cart',
      better: 'lower',
      max: 2,
      advice: 'priceCart waits for one round trip per product, one after another. How many products can one call to the price API carry?',
    },
    {
      key: 'smallCartRoundTrips',
      label: `round trips to price the carts of ${OVER_BATCH_LINES}, 1, 1 and 0 lines`,
      better: 'lower',
      max: 2 + 1 + 1 + 0,
      advice: 'A cart needs only as many round trips as the batch limit forces on its number of products, and a cart with no products needs none.',
    },
    {
      key: 'duplicateIds',
      label: 'ids sent more than once in the same getPrices call',
      better: 'lower',
      max: 0,
      advice: 'Many resolvers ask for the same popular product: each of those ids was sent more than once in a single call.',
    },
    {
      key: 'pageRoundTrips',
      label: 'round trips made by the loader for the order-history page (2 waves of resolvers)',
      better: 'lower',
      max: 2,
      advice:
        'Each wave of resolvers should cost one round trip, however many resolvers it has. Every resolver of a wave calls load before any reply could arrive: does load have to send anything right away?',
    },
    {
      key: 'otherPageRoundTrips',
      label: `round trips made by the loaders of a one-line page and of a page of ${LARGE_PAGE_PRODUCTS[0]} to ${LARGE_PAGE_PRODUCTS[1]} products (one wave each)`,
      better: 'lower',
      max: 1 + 2,
      advice: 'A wave of resolvers needs only as many round trips as the batch limit forces on its number of distinct products.',
    },
    { key: 'cartMs', label: 'time pricing the carts', unit: 'ms', better: 'lower' },
    { key: 'pageMs', label: 'time rendering the pages', unit: 'ms', better: 'lower' },
  ],

  target: 7,

  limit(work) {
    const best = bestTimes(work);
    return {
      ms: best.cartMs + best.pageMs,
      label: 'every cart and every wave of resolvers in the fewest bulk calls, sent together',
    };
  },
});

/**
 * The exact best times: each cart and each wave of resolvers in the fewest
 * round trips the gates allow, sent at once, split the fastest way. Every
 * cart and page has its own latencies, drawn in the order of its calls, so
 * the best does not depend on what the other carts did.
 */
function bestTimes(work: Work): { cartMs: number; pageMs: number } {
  let cartMs = 0;
  for (const cart of work.carts) cartMs += bestStep(cart.endpoint, new Set(cart.lines.map((l) => l.productId)).size, 0, 0);
  let pageMs = 0;
  for (const page of work.pages) {
    const wave1 = new Set(page.orders.flatMap((o) => o.productIds));
    const wave2 = new Set(
      page.orders.flatMap((o) => o.productIds.filter((id) => page.substitutes.has(id)).map((id) => page.substitutes.get(id)!)),
    );
    const fresh = [...wave2].filter((id) => !wave1.has(id)).length;
    if (fresh === 0) {
      // A loader that remembers wave 1's answers sends nothing in wave 2, and
      // may then spend the page's second round trip on splitting wave 1.
      const oneCall = bestStep(page.endpoint, wave1.size, 0, 0);
      const split = wave1.size > 1 && wave1.size <= MAX_BATCH && wave2.size > 0 ? bestSplit(page.endpoint, wave1.size, 0) : Infinity;
      pageMs += Math.min(oneCall, split);
    } else {
      const first = Math.ceil(wave1.size / MAX_BATCH);
      pageMs += bestStep(page.endpoint, wave1.size, 0, 0) + bestStep(page.endpoint, fresh, first, 0);
    }
  }
  return { cartMs, pageMs };
}

/** The fastest `n` distinct ids can be fetched in the fewest calls, the first bulk call being the `bulkAt`-th of its endpoint. */
function bestStep(endpoint: Endpoint, n: number, bulkAt: number, singleAt: number): number {
  if (n === 0) return 0;
  if (n === 1) return Math.min(endpoint.single(singleAt), bulkLatency(endpoint.bulk(bulkAt), 1));
  if (n <= MAX_BATCH) return bulkLatency(endpoint.bulk(bulkAt), n);
  if (n <= 2 * MAX_BATCH) return bestSplit(endpoint, n, bulkAt);
  throw new Error(`the lesson has no best time for ${n} ids`);
}

/** Two bulk calls at once for `n` ids: every way of splitting them, the fastest. */
function bestSplit(endpoint: Endpoint, n: number, bulkAt: number): number {
  let best = Infinity;
  for (let first = Math.max(1, n - MAX_BATCH); first <= Math.min(MAX_BATCH, n - 1); first++) {
    best = Math.min(best, Math.max(bulkLatency(endpoint.bulk(bulkAt), first), bulkLatency(endpoint.bulk(bulkAt + 1), n - first)));
  }
  return best;
}

/**
 * A page, resolved the way a GraphQL server would: every line's price
 * resolver runs on its own and asks the loader for one id; a line whose
 * product the API does not know then asks for its substitute's price.
 */
async function renderPage(page: PageJob, loader: PriceLoader): Promise<RenderedLine[]> {
  const ask = async (id: string): Promise<Answer> => {
    let abandon!: () => void;
    const abandoned = new Promise<Answer>((resolve) => (abandon = () => resolve({ kind: 'never' })));
    const entry: Ask = { id, seq: page.seq++, settled: false, abandon };
    page.asks.push(entry);
    const settle = (answer: Answer): Answer => {
      entry.settled = true;
      scheduleSweep(page);
      return answer;
    };
    let loading: Promise<unknown>;
    try {
      loading = Promise.resolve(loader.load(id));
    } catch (error) {
      loading = Promise.reject(error);
    }
    const loaded = loading.then(
      (value) => settle(normalise(value)),
      (error: unknown) => settle({ kind: 'failed', message: error instanceof Error ? error.message : show(error) }),
    );
    return Promise.race([loaded, abandoned]);
  };

  const resolveLine = async (order: Order, index: number): Promise<RenderedLine> => {
    const productId = order.productIds[index]!;
    const rendered: RenderedLine = { orderId: order.id, line: index + 1, productId, price: await ask(productId) };
    const substitute = page.substitutes.get(productId);
    if (rendered.price.kind === 'none' && substitute !== undefined) {
      rendered.substitute = { productId: substitute, price: await ask(substitute) };
    }
    return rendered;
  };

  return Promise.all(page.orders.flatMap((order) => order.productIds.map((_, index) => resolveLine(order, index))));
}

/**
 * Runs after a resolver got its answer or the API went idle, once every
 * pending promise callback has run (one macrotask later; no real or virtual
 * time passes). A resolver still waiting at that point, while the API is
 * idle, although the first call asking for its id after it asked has been
 * answered, and another resolver that asked for the same id in the same
 * batch has its answer, will never hear back: its loader kept one caller per
 * id. End its wait, so the check can say which resolver it was.
 * Nothing here depends on timing, so a correct loader is never flagged,
 * whether it batches with queueMicrotask, a promise or setTimeout.
 */
function scheduleSweep(page: PageJob): void {
  if (page.sweeping) return;
  page.sweeping = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    page.sweeping = false;
    const endpoint = page.endpoint;
    if (endpoint.busy > 0) return;
    for (const ask of page.asks) {
      if (ask.settled) continue;
      // The calls that asked for this id, in order; the batch this resolver
      // was in went out with the first of them made after it asked.
      const calls = endpoint.sent.filter((call) => call.ids.has(ask.id)).sort((a, b) => a.seq - b.seq);
      const answering = calls.find((call) => call.seq > ask.seq);
      if (!answering?.done) continue;
      const before = calls.filter((call) => call.seq < ask.seq).pop()?.seq ?? -1;
      const sibling = page.asks.some(
        (other) => other.settled && other.id === ask.id && other.seq > before && other.seq < answering.seq,
      );
      if (sibling) ask.abandon();
    }
  };
  channel.port2.postMessage(null);
}

function checkCart(want: PricedCart, got: unknown, job: CartJob, work: Work): string | null {
  const name = job.name;
  if (!isObject(got)) return `for ${name}, priceCart returned ${show(got)}, the baseline a priced cart`;
  const lines: unknown = got.lines;
  const unavailable: unknown = got.unavailable;
  if (!Array.isArray(lines)) return `for ${name}, priceCart's lines: you returned ${show(lines)}, the baseline a list of ${want.lines.length}`;
  if (!Array.isArray(unavailable)) {
    return `for ${name}, priceCart's unavailable: you returned ${show(unavailable)}, the baseline a list of ${want.unavailable.length}`;
  }

  // Product by product, in the cart's order: the first wrong price names the cause.
  const wantLines = new Map(want.lines.map((line) => [line.productId, line]));
  const gotLines = new Map<unknown, Record<string, unknown>>();
  for (const line of lines) if (isObject(line) && !gotLines.has(line.productId)) gotLines.set(line.productId, line);
  const gotUnavailable = new Set<unknown>(unavailable);
  const cartIds = job.lines.map((line) => line.productId);
  for (let i = 0; i < job.lines.length; i++) {
    const id = job.lines[i]!.productId;
    const where = `line ${i + 1} of ${name} (${id})`;
    const w = wantLines.get(id);
    const g = gotLines.get(id);
    if (w) {
      if (!g) {
        return gotUnavailable.has(id)
          ? `${where}: you listed it as unavailable, but the price API knows it; the baseline priced it at ${w.unitCents} cents. Is its price filed under the right id?`
          : `${where} is missing from your lines; the baseline priced it at ${w.unitCents} cents`;
      }
      if (g.unitCents !== w.unitCents) return `${where}: you priced it at ${show(g.unitCents)} cents, the baseline at ${w.unitCents}${whosePrice(g.unitCents, id, cartIds, job, work)}`;
      if (g.quantity !== w.quantity) return `${where}: you returned quantity ${show(g.quantity)}, the baseline ${w.quantity}`;
      if (g.lineCents !== w.lineCents) return `${where}: you returned lineCents ${show(g.lineCents)}, the baseline ${w.lineCents} (unitCents × quantity)`;
    } else {
      if (g) {
        return `${where}: you priced it at ${show(g.unitCents)} cents, but the price API does not know ${id}, so the baseline listed it in unavailable${whosePrice(g.unitCents, id, cartIds, job, work)}`;
      }
      if (!gotUnavailable.has(id)) return `${where}: the price API does not know ${id}; the baseline listed it in unavailable, you did not`;
    }
  }

  if (lines.length !== want.lines.length) {
    return `for ${name}, priceCart returned ${lines.length} priced lines, the baseline ${want.lines.length} (one per product the API knows)`;
  }
  for (let i = 0; i < want.lines.length; i++) {
    const gotId = isObject(lines[i]) ? (lines[i] as Record<string, unknown>).productId : lines[i];
    if (gotId !== want.lines[i]!.productId) {
      return `for ${name}, priceCart's lines are out of order at index ${i}: you returned ${show(gotId)}, the baseline ${want.lines[i]!.productId} (the cart's order)`;
    }
  }
  if (unavailable.length !== want.unavailable.length) {
    return `for ${name}, priceCart returned ${unavailable.length} unavailable products, the baseline ${want.unavailable.length}`;
  }
  for (let i = 0; i < want.unavailable.length; i++) {
    if (unavailable[i] !== want.unavailable[i]) {
      return `for ${name}, priceCart's unavailable is out of order at index ${i}: you returned ${show(unavailable[i])}, the baseline ${want.unavailable[i]} (the cart's order)`;
    }
  }
  if (got.totalCents !== want.totalCents) {
    return `for ${name}, priceCart's totalCents: you returned ${show(got.totalCents)}, the baseline ${want.totalCents}`;
  }
  return null;
}

/**
 * Explains a wrong price: the price of another product asked for alongside
 * (matched by position?), or of no product on this input (kept from an
 * earlier call?).
 */
function whosePrice(
  cents: unknown,
  id: string,
  alongside: Iterable<string>,
  job: { name: string; prices: ReadonlyMap<string, number> },
  work: Work,
): string {
  const owners = [...alongside].filter((other) => other !== id && job.prices.get(other) === cents);
  if (owners.length > 0) {
    return `. ${show(cents)} cents is the price of ${owners[0]}: the reply of getPrices is not in the order of the ids you sent, and leaves out ids the API does not know`;
  }
  const earlier = [...work.carts, ...work.pages].find((other) => other !== job && other.prices.get(id) === cents);
  if (earlier) {
    return `. That was its price when the lesson asked for ${earlier.name}, another request: prices change from one request to the next, so a price kept from another request is stale`;
  }
  if (typeof cents === 'number') {
    return '. No product costs that on this input: prices change from one call to the next, so is it a price kept from an earlier call?';
  }
  return '';
}

function checkPage(want: RenderedLine[], got: RenderedLine[], page: PageJob, work: Work): string | null {
  // How many resolvers asked for each id, in each wave.
  const firstWave = new Map<string, number>();
  const secondWave = new Map<string, number>();
  for (const order of page.orders) {
    for (const id of order.productIds) {
      firstWave.set(id, (firstWave.get(id) ?? 0) + 1);
      const sub = page.substitutes.get(id);
      if (sub !== undefined) secondWave.set(sub, (secondWave.get(sub) ?? 0) + 1);
    }
  }
  const pageIds = new Set([...firstWave.keys(), ...secondWave.keys()]);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const who = `on ${page.name}, the price resolver of order ${w.orderId}, line ${w.line},`;
    const d = compareAnswer(w.price, g.price, who, w.productId, firstWave.get(w.productId) ?? 1, pageIds, page, work);
    if (d !== null) return d;
    if (w.substitute && g.substitute) {
      const whoSub = `on ${page.name}, the substitute resolver of order ${w.orderId}, line ${w.line} (${w.productId} is discontinued; its substitute is ${w.substitute.productId}),`;
      const s = compareAnswer(
        w.substitute.price,
        g.substitute.price,
        whoSub,
        w.substitute.productId,
        secondWave.get(w.substitute.productId) ?? 1,
        pageIds,
        page,
        work,
      );
      if (s !== null) return s;
    }
  }
  return null;
}

function compareAnswer(
  want: Answer,
  got: Answer,
  who: string,
  id: string,
  askers: number,
  pageIds: ReadonlySet<string>,
  page: PageJob,
  work: Work,
): string | null {
  const asked = `${who} which called load("${id}"),`;
  const shared = askers > 1 ? ` ${askers} resolvers asked for ${id} in the same wave` : '';
  if (want.kind === 'failed') {
    if (got.kind === 'failed') return null;
    const gotText = got.kind === 'never' ? 'no answer at all' : got.kind === 'price' ? `a price (${show(got.unitCents)} cents)` : got.kind === 'none' ? 'undefined' : got.shown;
    return `${asked} got ${gotText}, but the price API was down and the call for ${id} failed (${want.message}). An error is not an answer: when the call fails, every caller waiting for it must get the error (reject their promises), or the page shows a product as unknown when it is not.`;
  }
  const wantText = want.kind === 'price' ? `the price of ${id}, ${show(want.unitCents)} cents` : 'undefined (the price API does not know that id)';
  switch (got.kind) {
    case 'never':
      return `${asked} never got an answer: ${id} was asked of the price API and answered, yet its promise was still pending.${shared ? `${shared}; each of them` : ' Every caller'} must get the answer, not only the first.`;
    case 'failed':
      return `${asked} got an error: ${got.message}. The baseline got ${wantText}`;
    case 'odd':
      return `${asked} got ${got.shown}; the baseline got ${wantText}. load must resolve to a Price or undefined`;
    case 'none':
      if (want.kind === 'none') return null;
      return `${asked} got undefined; the baseline got ${wantText}.${
        shared ? `${shared}: does every caller get the answer, not only the first?` : ' Is the answer filed under the right id?'
      }`;
    case 'price': {
      if (got.productId !== id) {
        return `${asked} got the price of ${show(got.productId)} (${show(got.unitCents)} cents); the baseline got ${wantText}. The reply of getPrices is not in the order of the ids you sent, and leaves out ids the API does not know`;
      }
      if (want.kind === 'none') {
        return `${asked} got a price (${show(got.unitCents)} cents), but the price API does not know ${id}, so the baseline got undefined`;
      }
      if (want.kind !== 'price' || got.unitCents === want.unitCents) return null;
      return `${asked} got ${show(got.unitCents)} cents; the baseline got ${wantText}${whosePrice(got.unitCents, id, pageIds, page, work)}`;
    }
  }
}
