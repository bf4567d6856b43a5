import { createRng, mixSeed, type Rng } from '../../src/core/rng.ts';

/**
 * The shop's data for lesson 06: the same rows in every run and on every
 * runtime, from fixed seeds. The order page's columns (id, customer,
 * created_at, status, total) come from one random stream and the payloads
 * from another, so the spec can hold every order's summary in memory (to
 * judge any answer, ties included) without building 50,000 payloads; only
 * the database snapshot needs those.
 */

/** Orders of the 500 regular customers (about 100 each). */
export const ORDERS = 50_000;
export const CUSTOMERS = 500;
/** Rows in `events` before any call writes to it. */
export const EVENTS = 60_000;
/** Orders on the order page. */
export const PAGE = 20;

/** Orders come in about every 10 minutes through 2025; ids grow with time. */
const FIRST_ORDER_AT = Date.UTC(2025, 0, 1);
const ORDER_EVERY_MS = 600_000;
/** Calls place their orders and write their events after everything in the tables. */
export const NOW = Date.UTC(2026, 0, 1);

/**
 * Customers who joined late, each with a history that tests one rule of the
 * order page. Their ids follow the regular customers'; their orders' ids
 * follow the regular orders'.
 */
export const EDGE = {
  /** No orders at all: the page is empty. */
  none: 501,
  /** A single order. */
  one: 502,
  /** One order fewer than the page holds. */
  almostFull: 503,
  /** Exactly a page of orders. */
  full: 504,
  /**
   * 25 orders, six of which (ranks 18 to 23 by date) were placed in the same
   * second, a basket split into parcels: the page's last places fall inside
   * the tie, whatever 0 to 2 new orders come on top.
   */
  tiedAtTheEdge: 505,
} as const;
const EDGE_HISTORY: Record<number, number> = { 501: 0, 502: 1, 503: 19, 504: 20, 505: 25 };
const TIE_FROM_RANK = 18;
const TIE_TO_RANK = 23;

export const STATUSES = ['paid', 'packed', 'shipped', 'delivered', 'delivered', 'delivered', 'refunded'];
const PRODUCTS = [
  'Walnut desk lamp', 'Linen throw', 'Copper kettle', 'Oak stool', 'Wool rug',
  'Ceramic mug set', 'Steel shelf', 'Cork board', 'Glass carafe', 'Cotton apron',
];
const FIRST = ['Ada', 'Bilal', 'Chen', 'Dana', 'Emeka', 'Farah', 'Giulia', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Lena'];
const LAST = ['Okafor', 'Novak', 'Tanaka', 'Garcia', 'Smith', 'Haddad', 'Rossi', 'Kowalski', 'Nguyen', 'Silva'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue', 'Queen Street'];
/** City and postcode area. */
const CITIES = [
  ['Leeds', 'LS'], ['Bristol', 'BS'], ['Glasgow', 'G'], ['Cardiff', 'CF'],
  ['Norwich', 'NR'], ['York', 'YO'], ['Belfast', 'BT'], ['Brighton', 'BN'],
] as const;
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
const KINDS = ['created', 'paid', 'packed', 'shipped', 'delivered', 'refunded'];
const SOURCES = ['web', 'app', 'api', 'support'];
const GIFT_NOTE = 'Happy birthday! With love from all of us.';

/** What the order page shows of an order, and whose it is. */
export interface OrderSummaryRow {
  id: number;
  customerId: number;
  /** Milliseconds since the epoch, whole seconds. */
  createdAt: number;
  status: string;
  totalCents: number;
}

export interface OrderRow extends OrderSummaryRow {
  /** The payload as JSON text. */
  payload: string;
}

export interface EventRow {
  id: number;
  orderId: number;
  customerId: number;
  kind: string;
  source: string;
  createdAt: number;
  detail: string;
}

/** The customer who placed regular order `id` (1 to ORDERS): a fixed hash, so a call can name the customer of any order. */
export const customerOf = (id: number): number => 1 + (mixSeed(0x06db, id) % CUSTOMERS);

/** An order's summary columns; the total is the payload's items plus shipping, so both streams agree. */
function summary(rng: Rng, id: number, customerId: number, createdAt: number, status: string): OrderSummaryRow & { q1: number; p1: number; p2: number } {
  const q1 = rng.int(1, 3);
  const p1 = rng.int(499, 20_498);
  const p2 = rng.int(499, 20_498);
  return { id, customerId, createdAt, status, totalCents: q1 * p1 + p2 + 395, q1, p1, p2 };
}

/** A new order placed during a call: summary and payload from the call's own random stream. */
export function newOrder(rng: Rng, id: number, customerId: number, createdAt: number): OrderRow {
  const s = summary(rng, id, customerId, createdAt, 'paid');
  return withPayload(rng, s);
}

function withPayload(rng: Rng, s: ReturnType<typeof summary>): OrderRow {
  const customer = customerDetails(s.customerId);
  const payload = {
    items: [
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: s.q1, price_cents: s.p1 },
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: 1, price_cents: s.p2 },
    ],
    shipping: { name: customer.name, street: customer.street, city: customer.city, postcode: customer.postcode },
    gift_note: rng.next() < 0.2 ? GIFT_NOTE : null,
    user_agent: customer.agent,
  };
  const { q1: _q1, p1: _p1, p2: _p2, ...row } = s;
  return { ...row, payload: JSON.stringify(payload) };
}

interface Customer {
  name: string;
  street: string;
  city: string;
  postcode: string;
  agent: string;
}

let customerList: Customer[] | undefined;

/** The shop's customers (the regular ones and the late ones): fixed, from a fixed seed. */
function customerDetails(customerId: number): Customer {
  customerList ??= (() => {
    const rng = createRng(0x06db);
    const list: Customer[] = [];
    for (let c = 1; c <= CUSTOMERS + Object.keys(EDGE_HISTORY).length; c++) {
      const [city, area] = rng.pick(CITIES);
      list.push({
        name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
        street: `${rng.int(1, 250)} ${rng.pick(STREETS)}`,
        city,
        postcode: `${area}${rng.int(1, 20)} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25))}`,
        agent: rng.pick(AGENTS),
      });
    }
    return list;
  })();
  return customerList[customerId - 1]!;
}

type Draft = ReturnType<typeof summary>;
let drafts: Draft[] | undefined;

/** Every order in the table, summary columns only (payload numbers kept for the snapshot). */
function allDrafts(): Draft[] {
  drafts ??= (() => {
    const rng = createRng(0x06db0001);
    const list: Draft[] = [];
    for (let id = 1; id <= ORDERS; id++) {
      const at = FIRST_ORDER_AT + id * ORDER_EVERY_MS + rng.int(0, 599) * 1000;
      list.push(summary(rng, id, customerOf(id), at, rng.pick(STATUSES)));
    }
    list.push(...edgeOrders());
    return list;
  })();
  return drafts;
}

let edgeList: Draft[] | undefined;

/** The late customers' orders, placed over the last months of 2025, newest last. */
function edgeOrders(): Draft[] {
  edgeList ??= (() => {
    const rng = createRng(0x06db0003);
    const list: Draft[] = [];
    let id = ORDERS;
    for (const [customer, count] of Object.entries(EDGE_HISTORY)) {
      const customerId = Number(customer);
      let at = Date.UTC(2025, 9, 1) + rng.int(0, 86_400) * 1000;
      const times: number[] = [];
      for (let k = 0; k < count; k++) {
        at += rng.int(1, 72) * 3_600_000;
        times.push(at);
      }
      // Ranks count from the newest (1); the tie's orders share the time of its newest.
      if (customerId === EDGE.tiedAtTheEdge) {
        const shared = times[count - TIE_FROM_RANK]!;
        for (let rank = TIE_FROM_RANK; rank <= TIE_TO_RANK; rank++) times[count - rank] = shared;
      }
      for (const time of times) list.push(summary(rng, ++id, customerId, time, rng.pick(STATUSES)));
    }
    return list;
  })();
  return edgeList;
}

let byCustomer: Map<number, OrderSummaryRow[]> | undefined;

/** A customer's orders in the tables, before any call adds to them. */
export function ordersOf(customerId: number): readonly OrderSummaryRow[] {
  if (!byCustomer) {
    byCustomer = new Map();
    for (const d of allDrafts()) {
      const { q1: _q1, p1: _p1, p2: _p2, ...row } = d;
      let list = byCustomer.get(d.customerId);
      if (!list) byCustomer.set(d.customerId, (list = []));
      list.push(row);
    }
  }
  return byCustomer.get(customerId) ?? [];
}

export function eventRow(rng: Rng, id: number, orderId: number, customerId: number, createdAt: number): EventRow {
  const kind = rng.pick(KINDS);
  const source = rng.pick(SOURCES);
  const ref = Array.from({ length: 4 }, () => rng.int(0, 0xffff).toString(16).padStart(4, '0')).join('');
  const hub = rng.pick(CITIES)[0];
  return { id, orderId, customerId, kind, source, createdAt, detail: `${kind} via ${source}, ref ${ref}, ${hub} hub` };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The tables' rows in COPY's text format (tab-separated; none of the values
 * holds a tab, a newline or a backslash), one line at a time. Only a database
 * built from the data needs them; made lazily, so loading never holds the
 * whole table as one string (that peak alone would pass a run's memory limit).
 */
export function tableLines(): { orders: Iterable<string>; events: Iterable<string> } {
  return { orders: orderLines(), events: eventLines() };
}

function* orderLines(): Generator<string> {
  const payloads = createRng(0x06db0002);
  for (const d of allDrafts()) {
    const o = withPayload(payloads, d);
    yield `${o.id}\t${o.customerId}\t${iso(o.createdAt)}\t${o.status}\t${o.totalCents}\t${o.payload}`;
  }
}

function* eventLines(): Generator<string> {
  const rng = createRng(0x06db0004);
  for (let id = 1; id <= EVENTS; id++) {
    const orderId = rng.int(1, ORDERS);
    const at = FIRST_ORDER_AT + orderId * ORDER_EVERY_MS + rng.int(0, 172_800) * 1000;
    const e = eventRow(rng, id, orderId, customerOf(orderId), at);
    yield `${e.id}\t${e.orderId}\t${e.customerId}\t${e.kind}\t${e.source}\t${iso(e.createdAt)}\t${e.detail}`;
  }
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function insertOrdersSql(rows: readonly OrderRow[]): string {
  const values = rows.map(
    (o) => `(${o.id}, ${o.customerId}, '${iso(o.createdAt)}', ${sqlString(o.status)}, ${o.totalCents}, ${sqlString(o.payload)})`,
  );
  return `INSERT INTO orders (id, customer_id, created_at, status, total_cents, payload) VALUES ${values.join(', ')}`;
}

export function insertEventsSql(rows: readonly EventRow[]): string {
  const values = rows.map(
    (e) =>
      `(${e.id}, ${e.orderId}, ${e.customerId}, '${e.kind}', '${e.source}', '${iso(e.createdAt)}', ${sqlString(e.detail)})`,
  );
  return `INSERT INTO events (id, order_id, customer_id, kind, source, created_at, detail) VALUES ${values.join(', ')}`;
}
