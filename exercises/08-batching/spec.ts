import { defineLesson, exported } from '../../src/core/lesson.ts';
import { createRng, mixSeed } from '../../src/core/rng.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { CartLine, Price, PriceApi, PriceLoader, PricedCart } from './types.ts';

/**
 * 08-batching: (a) a 100-line cart is priced with one round trip per line,
 * one after another; the API's bulk endpoint takes up to 50 ids. (b) 60 to 84
 * independent resolvers of an order-history page each ask a loader for one
 * price, many for the same product; lines whose product is discontinued then
 * ask, in a second wave, for a substitute's price. The learner writes the
 * loader (`createPriceLoader`), which the lesson creates afresh for every page.
 *
 * The bulk endpoint answers sorted by id and leaves out unknown ids, as a
 * database's `WHERE id = ANY($1)` may, so a loader that matches answers by
 * position gets them wrong; the check names the resolver that got another
 * product's price. A loader that keeps one caller per id (and so drops the
 * others) would leave their promises pending for ever: whenever a resolver
 * gets its answer, a sweep looks for resolvers of the same id that were
 * dropped, and ends their wait, so the check names them instead of the run
 * ending in a generic deadlock.
 *
 * Time is virtual. Each part has its own simulated client with 6 connections
 * (requests beyond that queue), so the starter's 60 concurrent loads cost
 * about 10 rounds, while one bulk call costs one.
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

const LATENCY = {
  /** One product (getPrice). */
  single: [15, 30],
  /** One bulk request (getPrices), before its per-id cost. */
  bulk: [20, 35],
} as const;
const BULK_MS_PER_ID = 0.4;

/** What load's promise gave one resolver, as the check sees it. */
type Answer =
  | { kind: 'price'; productId: unknown; unitCents: unknown }
  | { kind: 'none' }
  | { kind: 'never' }
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
  cart: PricedCart;
  page: RenderedLine[];
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

/** A simulated price API with its own client, as one part of the exercise sees it. */
interface Endpoint {
  api: PriceApi;
  service: SimulatedService;
  /** Ids sent more than once within one getPrices call, summed. */
  duplicateIds: number;
  /** Calls made and not yet answered, queued ones included. */
  busy: number;
  sent: Sent[];
  /** Gives each call its place in the sequence of calls and asks. */
  stamp(): number;
  /** Called whenever `busy` drops to zero. */
  onIdle(): void;
}

interface Work {
  clock: Clock;
  cart: CartLine[];
  orders: Order[];
  /** Discontinued product -> the product the page offers instead. */
  substitutes: Map<string, string>;
  /** This input's prices: known product -> cents. */
  prices: Map<string, number>;
  cartEndpoint: Endpoint;
  pageEndpoint: Endpoint;
  asks: Ask[];
  /** Numbers load calls and API calls in the order they were made. */
  seq: number;
  sweeping: boolean;
  cartMs: number;
  pageMs: number;
  bestCartMs: number;
  bestPageMs: number;
}

type PriceCart = (cart: readonly CartLine[], api: PriceApi) => Promise<PricedCart>;
type CreatePriceLoader = (api: PriceApi) => PriceLoader;

class BatchTooLargeError extends Error {
  constructor(count: number) {
    super(
      `the price API rejected a getPrices call with ${count} ids (HTTP 413): it accepts at most ${MAX_BATCH} per call, so split the ids into chunks of ${MAX_BATCH}`,
    );
    this.name = 'BatchTooLargeError';
  }
}

/** At most `size` requests in flight; the rest wait their turn, first come first served. */
class ConnectionPool {
  private readonly size: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.size = size;
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // Hand the connection straight to the next request in line, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
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

function createEndpoint(name: string, seed: number, clock: Clock, prices: ReadonlyMap<string, number>): Endpoint {
  const single = latencyStream(mixSeed(seed, 1), LATENCY.single);
  const bulk = latencyStream(mixSeed(seed, 2), LATENCY.bulk);
  let singles = 0;
  let bulks = 0;
  const service = new SimulatedService({ name, clock, rng: createRng(mixSeed(seed, 3)), latency: LATENCY.single });
  const pool = new ConnectionPool(CONNECTIONS);

  const price = (id: string): Price | undefined => {
    const cents = prices.get(id);
    return cents === undefined ? undefined : { productId: id, unitCents: cents };
  };

  const endpoint: Endpoint = {
    service,
    duplicateIds: 0,
    busy: 0,
    sent: [],
    stamp: () => 0,
    onIdle: () => {},
    api: {
      maxBatch: MAX_BATCH,
      getPrice: (id) => {
        const key = String(id);
        return track([key], () => pool.use(() => service.request(() => price(key), single(singles++))));
      },
      getPrices: (ids) => {
        if (!Array.isArray(ids)) {
          return Promise.reject(new TypeError(`getPrices takes an array of ids, but was given ${show(ids)}`));
        }
        const asked = ids.map(String);
        if (asked.length > MAX_BATCH) return Promise.reject(new BatchTooLargeError(asked.length));
        const unique = [...new Set(asked)];
        endpoint.duplicateIds += asked.length - unique.length;
        return track(unique, () =>
          pool.use(() =>
            service.request(
              () =>
                unique
                  .sort()
                  .map(price)
                  .filter((p): p is Price => p !== undefined),
              bulkLatency(bulk(bulks++), asked.length),
            ),
          ),
        );
      },
    },
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

/** Fisher–Yates, in place. */
function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function pickDistinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return shuffle(rng, [...items]).slice(0, count);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short, readable rendering of a value for a check message. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string' && /^p\d+$/.test(value)) return value;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function normalise(value: unknown): Answer {
  if (value === undefined || value === null) return { kind: 'none' };
  if (isObject(value) && 'unitCents' in value) {
    return { kind: 'price', productId: value.productId, unitCents: value.unitCents };
  }
  return { kind: 'odd', shown: show(value) };
}

export default defineLesson<Work, Output>({
  slug: '08-batching',
  timing: 'virtual',
  exports: ['priceCart', 'createPriceLoader'],
  size: 100,

  prepare({ seed, rng, clock, size }) {
    // --- Data: prices and the discontinued products depend on the seed, and
    // ids come from a small range, so the same product comes back in later
    // calls at another price: answers remembered between calls go stale.
    const allIds = Array.from({ length: ID_COUNT }, (_, i) => `p${ID_MIN + i}`);
    const shuffled = shuffle(rng, [...allIds]);
    const discontinued = shuffled.slice(0, DISCONTINUED);
    const known = shuffled.slice(DISCONTINUED);
    const prices = new Map<string, number>();
    for (const id of known) prices.set(id, rng.int(1, 4999) * 10 - rng.pick([1, 5, 10]));

    // Part (a): a cart of distinct products, a few of them discontinued.
    const cartSize = Math.max(10, Math.min(size, known.length));
    const gone = rng.int(2, 4);
    const cartIds = shuffle(rng, [...pickDistinct(rng, discontinued, gone), ...pickDistinct(rng, known, cartSize - gone)]);
    const cart: CartLine[] = cartIds.map((productId) => ({
      productId,
      quantity: rng.next() < 0.7 ? 1 : rng.int(2, 5),
    }));

    // Part (b): orders drawn mostly from a few popular products, so many
    // resolvers ask for the same id in the same wave.
    const pageKnown = pickDistinct(rng, known, PAGE_POPULAR + PAGE_TAIL);
    const popular = pageKnown.slice(0, PAGE_POPULAR);
    const pageGone = pickDistinct(rng, discontinued, PAGE_DISCONTINUED);
    const tail = [...pageKnown.slice(PAGE_POPULAR), ...pageGone];
    const orders: Order[] = [];
    for (let o = 0; o < ORDERS; o++) {
      const count = rng.int(LINES_PER_ORDER[0], LINES_PER_ORDER[1]);
      const productIds: string[] = [];
      while (productIds.length < count) {
        const id = rng.next() < 0.6 ? rng.pick(popular) : rng.pick(tail);
        if (!productIds.includes(id)) productIds.push(id);
      }
      orders.push({ id: `o${rng.int(10000, 99999)}`, productIds });
    }
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

    const cartEndpoint = createEndpoint('price API', mixSeed(seed, 101), clock, prices);
    const pageEndpoint = createEndpoint('price API', mixSeed(seed, 202), clock, prices);

    // --- The theoretical best: the cart in ceil(n/50) bulk calls at once;
    // the page in one bulk call per wave (the second only for substitutes not
    // already fetched in the first).
    const cartBulk = latencyStream(mixSeed(mixSeed(seed, 101), 2), LATENCY.bulk);
    const chunks = Math.ceil(cart.length / MAX_BATCH);
    let bestCartMs = 0;
    for (let c = 0; c < chunks; c++) {
      const ids = Math.min(MAX_BATCH, cart.length - c * MAX_BATCH);
      bestCartMs = Math.max(bestCartMs, bulkLatency(cartBulk(c), ids));
    }
    const pageBulk = latencyStream(mixSeed(mixSeed(seed, 202), 2), LATENCY.bulk);
    const wave1 = new Set(orders.flatMap((o) => o.productIds));
    const wave2 = new Set(
      orders.flatMap((o) => o.productIds.filter((id) => substitutes.has(id)).map((id) => substitutes.get(id)!)),
    );
    const fresh = [...wave2].filter((id) => !wave1.has(id)).length;
    const bestPageMs = bulkLatency(pageBulk(0), wave1.size) + (fresh > 0 ? bulkLatency(pageBulk(1), fresh) : 0);

    const work: Work = {
      clock,
      cart,
      orders,
      substitutes,
      prices,
      cartEndpoint,
      pageEndpoint,
      asks: [],
      seq: 0,
      sweeping: false,
      cartMs: 0,
      pageMs: 0,
      bestCartMs,
      bestPageMs,
    };

    // Load calls and API calls share one sequence, so the sweep knows which
    // call was made after which load.
    pageEndpoint.stamp = () => work.seq++;
    pageEndpoint.onIdle = () => scheduleSweep(work);
    return work;
  },

  async call(mod, work) {
    const priceCart = exported<PriceCart>(mod, 'priceCart');
    const createPriceLoader = exported<CreatePriceLoader>(mod, 'createPriceLoader');

    // Part (a): one cart.
    const start = work.clock.now();
    const cart = await priceCart(
      work.cart.map((line) => ({ ...line })),
      work.cartEndpoint.api,
    );
    const cartDone = work.clock.now();

    // Part (b): one page request, with a loader of its own.
    const loader = createPriceLoader(work.pageEndpoint.api);
    if (!isObject(loader) || typeof loader.load !== 'function') {
      throw new TypeError(`createPriceLoader must return an object with a load(id) method, but returned ${show(loader)}`);
    }
    const page = await renderPage(work, loader);
    const pageDone = work.clock.now();

    work.cartMs = cartDone - start;
    work.pageMs = pageDone - cartDone;
    return { cart, page };
  },

  counters(work) {
    return {
      cartRoundTrips: work.cartEndpoint.service.calls,
      duplicateIds: work.cartEndpoint.duplicateIds + work.pageEndpoint.duplicateIds,
      pageRoundTrips: work.pageEndpoint.service.calls,
      cartMs: work.cartMs,
      pageMs: work.pageMs,
    };
  },

  check(expected, actual, work) {
    return checkCart(expected.cart, actual.cart, work) ?? checkPage(expected.page, actual.page, work);
  },

  counterSpecs: [
    {
      key: 'cartRoundTrips',
      label: 'round trips to price the 100-line cart',
      better: 'lower',
      max: 2,
      advice:
        'priceCart makes more round trips than it needs. getPrices takes up to 50 ids in one call, so 100 products fit in two.',
    },
    {
      key: 'duplicateIds',
      label: 'ids sent more than once in the same getPrices call',
      better: 'lower',
      max: 0,
      advice:
        'Many resolvers ask for the same popular product. Send each distinct id once per call, and give its answer to every caller that asked for it.',
    },
    {
      key: 'pageRoundTrips',
      label: 'round trips made by the loader for the page (2 waves of resolvers)',
      better: 'lower',
      max: 2,
      advice:
        'The loader should cost one round trip per wave. Every resolver of a wave calls load in the same tick: let load queue the id and return a promise, and send everything queued in one getPrices call once the tick is over (queueMicrotask does that).',
    },
    { key: 'cartMs', label: 'time pricing the cart', unit: 'ms', better: 'lower' },
    { key: 'pageMs', label: 'time rendering the page', unit: 'ms', better: 'lower' },
  ],

  target: 8,

  limit(work) {
    return {
      ms: work.bestCartMs + work.bestPageMs,
      label: `the cart in ${Math.ceil(work.cart.length / MAX_BATCH)} bulk calls at once, and one bulk call per wave of resolvers`,
    };
  },
});

/**
 * The order-history page, resolved the way a GraphQL server would: every line's
 * price resolver runs on its own and asks the loader for one id; a line whose
 * product the API does not know then asks for its substitute's price.
 */
async function renderPage(work: Work, loader: PriceLoader): Promise<RenderedLine[]> {
  const ask = async (id: string): Promise<Answer> => {
    let abandon!: () => void;
    const abandoned = new Promise<Answer>((resolve) => (abandon = () => resolve({ kind: 'never' })));
    const entry: Ask = { id, seq: work.seq++, settled: false, abandon };
    work.asks.push(entry);
    const loaded = Promise.resolve(loader.load(id)).then(
      (value) => {
        entry.settled = true;
        scheduleSweep(work);
        return normalise(value);
      },
      (error: unknown) => {
        entry.settled = true;
        throw error;
      },
    );
    return Promise.race([loaded, abandoned]);
  };

  const resolveLine = async (order: Order, index: number): Promise<RenderedLine> => {
    const productId = order.productIds[index]!;
    const rendered: RenderedLine = { orderId: order.id, line: index + 1, productId, price: await ask(productId) };
    const substitute = work.substitutes.get(productId);
    if (rendered.price.kind === 'none' && substitute !== undefined) {
      rendered.substitute = { productId: substitute, price: await ask(substitute) };
    }
    return rendered;
  };

  return Promise.all(work.orders.flatMap((order) => order.productIds.map((_, index) => resolveLine(order, index))));
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
function scheduleSweep(work: Work): void {
  if (work.sweeping) return;
  work.sweeping = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    work.sweeping = false;
    const endpoint = work.pageEndpoint;
    if (endpoint.busy > 0) return;
    for (const ask of work.asks) {
      if (ask.settled) continue;
      // The calls that asked for this id, in order; the batch this resolver
      // was in went out with the first of them made after it asked.
      const calls = endpoint.sent.filter((call) => call.ids.has(ask.id)).sort((a, b) => a.seq - b.seq);
      const answering = calls.find((call) => call.seq > ask.seq);
      if (!answering?.done) continue;
      const before = calls.filter((call) => call.seq < ask.seq).pop()?.seq ?? -1;
      const sibling = work.asks.some(
        (other) => other.settled && other.id === ask.id && other.seq > before && other.seq < answering.seq,
      );
      if (sibling) ask.abandon();
    }
  };
  channel.port2.postMessage(null);
}

function checkCart(want: PricedCart, got: unknown, work: Work): string | null {
  if (!isObject(got)) return `priceCart returned ${show(got)}, the baseline a priced cart`;
  const lines: unknown = got.lines;
  const unavailable: unknown = got.unavailable;
  if (!Array.isArray(lines)) return `priceCart's lines: you returned ${show(lines)}, the baseline a list of ${want.lines.length}`;
  if (!Array.isArray(unavailable)) {
    return `priceCart's unavailable: you returned ${show(unavailable)}, the baseline a list of ${want.unavailable.length}`;
  }

  // Product by product, in the cart's order: the first wrong price names the cause.
  const wantLines = new Map(want.lines.map((line) => [line.productId, line]));
  const gotLines = new Map<unknown, Record<string, unknown>>();
  for (const line of lines) if (isObject(line) && !gotLines.has(line.productId)) gotLines.set(line.productId, line);
  const gotUnavailable = new Set<unknown>(unavailable);
  const cartIds = work.cart.map((line) => line.productId);
  for (let i = 0; i < work.cart.length; i++) {
    const id = work.cart[i]!.productId;
    const where = `line ${i + 1} of the cart (${id})`;
    const w = wantLines.get(id);
    const g = gotLines.get(id);
    if (w) {
      if (!g) {
        return gotUnavailable.has(id)
          ? `${where}: you listed it as unavailable, but the price API knows it; the baseline priced it at ${w.unitCents} cents. Is its price filed under the right id?`
          : `${where} is missing from your lines; the baseline priced it at ${w.unitCents} cents`;
      }
      if (g.unitCents !== w.unitCents) return `${where}: you priced it at ${show(g.unitCents)} cents, the baseline at ${w.unitCents}${whosePrice(g.unitCents, id, cartIds, work)}`;
      if (g.quantity !== w.quantity) return `${where}: you returned quantity ${show(g.quantity)}, the baseline ${w.quantity}`;
      if (g.lineCents !== w.lineCents) return `${where}: you returned lineCents ${show(g.lineCents)}, the baseline ${w.lineCents} (unitCents × quantity)`;
    } else {
      if (g) {
        return `${where}: you priced it at ${show(g.unitCents)} cents, but the price API does not know ${id} (getPrices leaves unknown ids out of its reply), so the baseline listed it in unavailable${whosePrice(g.unitCents, id, cartIds, work)}`;
      }
      if (!gotUnavailable.has(id)) return `${where}: the price API does not know ${id}; the baseline listed it in unavailable, you did not`;
    }
  }

  if (lines.length !== want.lines.length) {
    return `priceCart returned ${lines.length} priced lines, the baseline ${want.lines.length} (one per product the API knows)`;
  }
  for (let i = 0; i < want.lines.length; i++) {
    const gotId = isObject(lines[i]) ? (lines[i] as Record<string, unknown>).productId : lines[i];
    if (gotId !== want.lines[i]!.productId) {
      return `priceCart's lines are out of order at index ${i}: you returned ${show(gotId)}, the baseline ${want.lines[i]!.productId} (keep the cart's order)`;
    }
  }
  if (unavailable.length !== want.unavailable.length) {
    return `priceCart returned ${unavailable.length} unavailable products, the baseline ${want.unavailable.length}`;
  }
  for (let i = 0; i < want.unavailable.length; i++) {
    if (unavailable[i] !== want.unavailable[i]) {
      return `priceCart's unavailable is out of order at index ${i}: you returned ${show(unavailable[i])}, the baseline ${want.unavailable[i]} (keep the cart's order)`;
    }
  }
  if (got.totalCents !== want.totalCents) {
    return `priceCart's totalCents: you returned ${show(got.totalCents)}, the baseline ${want.totalCents}`;
  }
  return null;
}

/**
 * Explains a wrong price: the price of another product asked for alongside
 * (matched by position?), or of no product on this input (kept from an
 * earlier call?).
 */
function whosePrice(cents: unknown, id: string, alongside: Iterable<string>, work: Work): string {
  const owners = [...alongside].filter((other) => other !== id && work.prices.get(other) === cents);
  if (owners.length > 0) {
    return `. ${show(cents)} cents is the price of ${owners[0]}: getPrices answers in its own order (sorted by id) and leaves out unknown ids, so match each price to its product by productId, not by position`;
  }
  if (typeof cents === 'number') {
    return '. No product costs that on this input: prices change from one call to the next, so is it a price kept from an earlier call?';
  }
  return '';
}

function checkPage(want: RenderedLine[], got: RenderedLine[], work: Work): string | null {
  // How many resolvers asked for each id, in each wave.
  const firstWave = new Map<string, number>();
  const secondWave = new Map<string, number>();
  for (const order of work.orders) {
    for (const id of order.productIds) {
      firstWave.set(id, (firstWave.get(id) ?? 0) + 1);
      const sub = work.substitutes.get(id);
      if (sub !== undefined) secondWave.set(sub, (secondWave.get(sub) ?? 0) + 1);
    }
  }
  const pageIds = new Set([...firstWave.keys(), ...secondWave.keys()]);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const who = `the price resolver of order ${w.orderId}, line ${w.line},`;
    const d = compareAnswer(w.price, g.price, who, w.productId, firstWave.get(w.productId) ?? 1, pageIds, work);
    if (d !== null) return d;
    if (w.substitute && g.substitute) {
      const whoSub = `the substitute resolver of order ${w.orderId}, line ${w.line} (${w.productId} is discontinued; its substitute is ${w.substitute.productId}),`;
      const s = compareAnswer(
        w.substitute.price,
        g.substitute.price,
        whoSub,
        w.substitute.productId,
        secondWave.get(w.substitute.productId) ?? 1,
        pageIds,
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
  work: Work,
): string | null {
  const asked = `${who} which called load("${id}"),`;
  const shared = askers > 1 ? ` ${askers} resolvers asked for ${id} in the same wave` : '';
  const wantText = want.kind === 'price' ? `the price of ${id}, ${show(want.unitCents)} cents` : 'undefined (the price API does not know that id)';
  switch (got.kind) {
    case 'never':
      return `${asked} never got an answer: ${id} was asked of the price API and answered, yet its promise was still pending.${shared ? `${shared}; each of them` : ' Every caller'} must get the answer, not only the first.`;
    case 'odd':
      return `${asked} got ${got.shown}; the baseline got ${wantText}. load must resolve to a Price or undefined`;
    case 'none':
      if (want.kind === 'none') return null;
      return `${asked} got undefined; the baseline got ${wantText}.${
        shared ? `${shared}: does every caller get the answer, not only the first?` : ' Is the answer filed under the right id?'
      }`;
    case 'price': {
      if (got.productId !== id) {
        return `${asked} got the price of ${show(got.productId)} (${show(got.unitCents)} cents); the baseline got ${wantText}. getPrices answers in its own order (sorted by id) and leaves out unknown ids: give each caller the price whose productId is the id it asked for, not the one at its position`;
      }
      if (want.kind === 'none') {
        return `${asked} got a price (${show(got.unitCents)} cents), but the price API does not know ${id}, so the baseline got undefined. getPrices leaves unknown ids out of its reply`;
      }
      if (want.kind !== 'price' || got.unitCents === want.unitCents) return null;
      return `${asked} got ${show(got.unitCents)} cents; the baseline got ${wantText}${whosePrice(got.unitCents, id, pageIds, work)}`;
    }
  }
}
