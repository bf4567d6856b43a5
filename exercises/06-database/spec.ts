import { PGlite } from '@electric-sql/pglite';
import { defineLesson, exported, ExerciseShapeError, type ExerciseModule } from '../../src/core/lesson.ts';
import { createRng, mixSeed, type Rng } from '../../src/core/rng.ts';
import type { Db, OrderEvent, OrderSummary } from './types.ts';

/**
 * 06-database: index what you query, fetch only what you need.
 *
 * A real PostgreSQL (PGlite) runs in the worker: one instance per run, built
 * on the first call (the first calls are the untimed correctness checks), with
 * a 50,000-row `orders` table carrying a ~400-byte jsonb payload per row and a
 * 60,000-row `events` table. Each side (baseline, candidate, reference) works
 * on its own copy of both tables, in a schema of its own, with the indexes
 * its file lists (`orderIndexes`, `eventIndexes`), made on that side's first
 * call. Each call runs in a transaction with `SET LOCAL search_path` to that
 * schema, so the learner writes plain `orders` and `events`, and is rolled
 * back at the end: every call sees the same tables plus its own seeded
 * writes, whatever ran before it.
 *
 * One call is a moment of the shop's traffic, all of it timed:
 *   1. a customer has just placed 1–3 orders (seeded; one small INSERT);
 *   2. they open their order page: the learner's `recentOrders`;
 *   3. meanwhile a batch of 200 events is written to `events`;
 *   4. someone opens an order's timeline, a fixed query on `events`.
 * Each side's insert rate is measured apart, untimed (`advisory`).
 * The first two checked inputs are the same customer with different new
 * orders, so an answer remembered between calls is caught at once.
 *
 * Counters come from EXPLAIN ANALYZE (the pages and rows the database read)
 * and from the rows the learner's queries returned (bytes). EXPLAIN runs only on the
 * checked inputs (the first seeds the engine prepares), never on the timed
 * calls, so it costs the timing nothing.
 */

/** Rows in `orders`, from CUSTOMERS customers (about 100 orders each). */
const ORDERS = 50_000;
const CUSTOMERS = 500;
/** Rows in `events` before any call writes to it. */
const EVENTS = 60_000;
/** Orders on the order page. */
const PAGE = 20;
/** Events written per call (part two). */
const EVENT_BATCH = 200;
/** One event in this many of each batch belongs to the order whose timeline is read. */
const TIMELINE_EVERY = 40;
/**
 * Gates. The right index reads 20–23 pages (a few of the index, one of the
 * table per order shown) and a covering one about 4; an index on customer_id
 * alone reads 83–121 (all the customer's orders, then a sort), one on
 * (created_at DESC, customer_id) 39–80 (other customers' entries on the way),
 * a Seq Scan about 3,600. Figures over 72 of the 500 customers.
 */
const MAX_PAGES = 30;
/** Four columns of 20 orders are about 1,900 bytes of JSON; with the payload, about 10,400. */
const MAX_BYTES = 3000;
/** An index on order_id reads about 10 pages for a timeline; a scan of events about 900. */
const MAX_TIMELINE_PAGES = 50;
/** Batches written and undone to measure a side's insert rate (advisory). */
const RATE_BATCHES = 11;
/** Inputs on which EXPLAIN runs: the engine checks correctness on the first three seeds. */
const EXPLAINED_INPUTS = 3;

const SUMMARY_COLUMNS = ['id', 'created_at', 'status', 'total_cents'] as const;
const TIMELINE_COLUMNS = ['id', 'kind', 'source', 'created_at'] as const;

const TIMELINE_SQL = 'SELECT id, kind, source, created_at FROM events WHERE order_id = $1 ORDER BY created_at, id';

const STATUSES = ['paid', 'packed', 'shipped', 'delivered', 'delivered', 'delivered', 'refunded'];
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

/** Orders come in about every 10 minutes through 2025; ids grow with time. */
const FIRST_ORDER_AT = Date.UTC(2025, 0, 1);
const ORDER_EVERY_MS = 600_000;
/** Calls write their orders and events after everything in the tables. */
const NOW = Date.UTC(2026, 0, 1);

interface Customer {
  name: string;
  street: string;
  city: string;
  postcode: string;
  agent: string;
}

/** The shop's customers: fixed, from a fixed seed, the same in every run. */
const customers: Customer[] = (() => {
  const rng = createRng(0x06db);
  const list: Customer[] = [];
  for (let c = 1; c <= CUSTOMERS; c++) {
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

interface OrderRow {
  id: number;
  customerId: number;
  createdAt: number;
  status: string;
  totalCents: number;
  /** The payload as JSON text. */
  payload: string;
}

function orderRow(rng: Rng, id: number, customerId: number, createdAt: number, status: string): OrderRow {
  const customer = customers[customerId - 1]!;
  const q1 = rng.int(1, 3);
  const p1 = rng.int(499, 20_498);
  const p2 = rng.int(499, 20_498);
  const payload = {
    items: [
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: q1, price_cents: p1 },
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: 1, price_cents: p2 },
    ],
    shipping: { name: customer.name, street: customer.street, city: customer.city, postcode: customer.postcode },
    gift_note: rng.next() < 0.2 ? GIFT_NOTE : null,
    user_agent: customer.agent,
  };
  return { id, customerId, createdAt, status, totalCents: q1 * p1 + p2 + 395, payload: JSON.stringify(payload) };
}

interface EventRow {
  id: number;
  orderId: number;
  customerId: number;
  kind: string;
  source: string;
  createdAt: number;
  detail: string;
}

function eventRow(rng: Rng, id: number, orderId: number, customerId: number, createdAt: number): EventRow {
  const kind = rng.pick(KINDS);
  const source = rng.pick(SOURCES);
  const ref = Array.from({ length: 4 }, () => rng.int(0, 0xffff).toString(16).padStart(4, '0')).join('');
  const hub = rng.pick(CITIES)[0];
  return { id, orderId, customerId, kind, source, createdAt, detail: `${kind} via ${source}, ref ${ref}, ${hub} hub` };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The customer who placed order `id`: a fixed hash, so a call can name the customer of any order. */
const customerOf = (id: number): number => 1 + (mixSeed(0x06db, id) % CUSTOMERS);

/**
 * The tables' rows in COPY's text format (tab-separated; none of the values
 * holds a tab, a newline or a backslash), from a fixed seed, so the tables
 * are the same in every run and on every runtime. COPY is PostgreSQL's fastest
 * way in: the whole build takes a second or two.
 */
function tableTexts(): { orders: string; events: string } {
  const rng = createRng(0x06db0001);
  const orderLines: string[] = [];
  for (let id = 1; id <= ORDERS; id++) {
    const customerId = customerOf(id);
    const o = orderRow(rng, id, customerId, FIRST_ORDER_AT + id * ORDER_EVERY_MS + rng.int(0, 599) * 1000, rng.pick(STATUSES));
    orderLines.push(`${o.id}\t${o.customerId}\t${iso(o.createdAt)}\t${o.status}\t${o.totalCents}\t${o.payload}`);
  }
  const eventLines: string[] = [];
  for (let id = 1; id <= EVENTS; id++) {
    const orderId = rng.int(1, ORDERS);
    const at = FIRST_ORDER_AT + orderId * ORDER_EVERY_MS + rng.int(0, 172_800) * 1000;
    const e = eventRow(rng, id, orderId, customerOf(orderId), at);
    eventLines.push(`${e.id}\t${e.orderId}\t${e.customerId}\t${e.kind}\t${e.source}\t${iso(e.createdAt)}\t${e.detail}`);
  }
  return { orders: `${orderLines.join('\n')}\n`, events: `${eventLines.join('\n')}\n` };
}

const TABLES_SQL = `
CREATE UNLOGGED TABLE public.orders (
  id int NOT NULL,
  customer_id int NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL,
  total_cents int NOT NULL,
  payload jsonb NOT NULL
);
CREATE UNLOGGED TABLE public.events (
  id int NOT NULL,
  order_id int NOT NULL,
  customer_id int NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  created_at timestamptz NOT NULL,
  detail text NOT NULL
);`;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function insertOrdersSql(rows: readonly OrderRow[]): string {
  const values = rows.map(
    (o) => `(${o.id}, ${o.customerId}, '${iso(o.createdAt)}', ${sqlString(o.status)}, ${o.totalCents}, ${sqlString(o.payload)})`,
  );
  return `INSERT INTO orders (id, customer_id, created_at, status, total_cents, payload) VALUES ${values.join(', ')}`;
}

/**
 * A call's batch of events, one in TIMELINE_EVERY for `timelineOrderId` when
 * given. Their ids follow the table's own: free again on every call, since
 * every call is rolled back.
 */
function eventBatchSql(rng: Rng, timelineOrderId?: number): string {
  const events: EventRow[] = [];
  let at = NOW + rng.int(0, 40_000) * 60_000;
  for (let g = 1; g <= EVENT_BATCH; g++) {
    const orderId = timelineOrderId !== undefined && g % TIMELINE_EVERY === 0 ? timelineOrderId : rng.int(1, ORDERS);
    at += rng.int(0, 2) * 1000;
    events.push(eventRow(rng, EVENTS + g, orderId, customerOf(orderId), at));
  }
  return insertEventsSql(events);
}

function insertEventsSql(rows: readonly EventRow[]): string {
  const values = rows.map(
    (e) =>
      `(${e.id}, ${e.orderId}, ${e.customerId}, '${e.kind}', '${e.source}', '${iso(e.createdAt)}', ${sqlString(e.detail)})`,
  );
  return `INSERT INTO events (id, order_id, customer_id, kind, source, created_at, detail) VALUES ${values.join(', ')}`;
}

// ---------------------------------------------------------------------------
// The database: one PGlite per run, and one schema per side.

/** What EXPLAIN ANALYZE says a statement read. */
interface Reads {
  /** Table rows the scans read, kept or thrown away. */
  rows: number;
  /** 8 KB pages of tables and indexes the statement touched (Buffers: shared hit + read). */
  pages: number;
}

interface SideStats {
  page: Reads;
  timeline: Reads;
}

interface SideState {
  db: PGlite;
  schema: string;
  /** Indexes on this side's `events`, the primary key included. */
  eventIndexes: number;
  /** The last EXPLAINed figures, for calls that are not EXPLAINed. */
  last?: SideStats;
}

let database: Promise<PGlite> | undefined;
const sides = new WeakMap<ExerciseModule, Promise<SideState>>();
let copyCount = 0;

/** Seeds of the checked inputs, in the order the engine first prepares them. */
const checkedSeeds: number[] = [];

function openDatabase(): Promise<PGlite> {
  database ??= (async () => {
    const db = await PGlite.create();
    const texts = tableTexts();
    await db.exec(TABLES_SQL);
    await db.query("COPY public.orders FROM '/dev/blob'", [], { blob: new Blob([texts.orders]) });
    await db.query("COPY public.events FROM '/dev/blob'", [], { blob: new Blob([texts.events]) });
    return db;
  })();
  return database;
}

/** A SQL error from the learner's statements, with PostgreSQL's own words. */
class SqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

function sqlErrorText(error: unknown, sql: string): string {
  const e = error as { message?: string; hint?: string; position?: string } | null;
  let text = e?.message ?? String(error);
  const at = Number(e?.position);
  if (Number.isInteger(at) && at > 0) {
    const near = sql.slice(Math.max(0, at - 1), at + 24).replace(/\s+/g, ' ').trim();
    if (near) text += ` (at "${near}")`;
  }
  if (e?.hint) text += `. Hint: ${e.hint}`;
  return text;
}

/** The learner's list of SQL statements, checked for shape. */
function sqlList(mod: ExerciseModule, name: string): string[] {
  const value = mod[name];
  if (value === undefined) {
    throw new ExerciseShapeError(`your file must export \`${name}\`, a list of SQL statements (an empty list [] is fine)`);
  }
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
    throw new ExerciseShapeError(`\`${name}\` must be a list of SQL statements, each a string`);
  }
  return value as string[];
}

/**
 * The copy of the tables a side works on, made on its first call. Each side
 * gets its own even when two list the same indexes: the writes every call
 * undoes leave dead rows behind, and a side must not read another's.
 */
function sideFor(mod: ExerciseModule): Promise<SideState> {
  let side = sides.get(mod);
  if (side === undefined) {
    side = (async () => setUpCopy(sqlList(mod, 'orderIndexes'), sqlList(mod, 'eventIndexes')))();
    sides.set(mod, side);
  }
  return side;
}

async function setUpCopy(orderIndexes: readonly string[], eventIndexes: readonly string[]): Promise<SideState> {
  const db = await openDatabase();
  const schema = `copy_${++copyCount}`;
  // `orders` is unlogged (no write-ahead log) because copying its 28 MB is the
  // slowest part of the setup and nothing the lesson measures writes much to
  // it; `events` is logged like any table, since its inserts are measured.
  await db.exec(`
    CREATE SCHEMA ${schema};
    CREATE UNLOGGED TABLE ${schema}.orders AS TABLE public.orders;
    ALTER TABLE ${schema}.orders ADD PRIMARY KEY (id);
    CREATE TABLE ${schema}.events AS TABLE public.events;
    ALTER TABLE ${schema}.events ADD PRIMARY KEY (id);
  `);
  await db.exec(`SET search_path TO ${schema}`);
  try {
    for (const [name, list] of [['orderIndexes', orderIndexes], ['eventIndexes', eventIndexes]] as const) {
      for (let i = 0; i < list.length; i++) {
        try {
          await db.exec(list[i]!);
        } catch (error) {
          const statement = list[i]!.replace(/\s+/g, ' ').trim();
          const shown = statement.length > 90 ? `${statement.slice(0, 87)}...` : statement;
          throw new SqlError(`${name}[${i}] failed: ${sqlErrorText(error, list[i]!)}, in: ${shown}`);
        }
      }
    }
  } finally {
    // Whatever settings the statements changed (search_path included), the session starts clean.
    await db.exec('RESET ALL');
  }
  // Statistics for the planner (a smaller sample than the default: plenty for
  // these plans, and five times faster), and the visibility map that lets an
  // index-only scan skip the table.
  await db.exec('SET default_statistics_target = 20');
  await db.exec(`VACUUM ANALYZE ${schema}.orders`);
  await db.exec(`VACUUM ANALYZE ${schema}.events`);
  await db.exec('RESET default_statistics_target');
  const count = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_index WHERE indrelid = '${schema}.events'::regclass`,
  );
  return { db, schema, eventIndexes: count.rows[0]!.n };
}

// ---------------------------------------------------------------------------
// EXPLAIN

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** Rows the scans of tables read: those they returned and those they read and threw away. */
function rowsReadIn(node: PlanNode): number {
  let rows = 0;
  if (node['Relation Name'] !== undefined) {
    const loops = node['Actual Loops'] ?? 1;
    rows +=
      ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) *
      loops;
  }
  for (const child of node.Plans ?? []) rows += rowsReadIn(child);
  return rows;
}

/**
 * Runs the statement again under EXPLAIN ANALYZE. Pages are the top node's
 * buffers, which include its children's: every page of a table or an index
 * the statement touched, each time it touched it. Both figures depend only on
 * the plan and the data, not on the machine.
 */
async function explainReads(db: PGlite, sql: string, params: readonly unknown[]): Promise<Reads> {
  const result = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, [...params]);
  let plan = result.rows[0]?.['QUERY PLAN'];
  if (typeof plan === 'string') plan = JSON.parse(plan);
  const root = (plan as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  if (!root) return { rows: 0, pages: 0 };
  return { rows: Math.round(rowsReadIn(root)), pages: (root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0) };
}

/** EXPLAIN ANALYZE as PostgreSQL prints it, without the planner's buffer block. */
async function explainText(db: PGlite, sql: string, params: readonly unknown[]): Promise<string> {
  const result = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, [...params]);
  const lines = result.rows.map((r) => r['QUERY PLAN']);
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === 'Planning:') {
      while (i + 1 < lines.length && lines[i + 1]!.startsWith('  ')) i++;
      continue;
    }
    if (/^\s*Index Searches:/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Whether EXPLAIN ANALYZE may run the statement again: a query, not a write or a setting. */
function isReadQuery(sql: string): boolean {
  const code = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return /^\(*\s*(select|with|table|values)\b/i.test(code);
}

// ---------------------------------------------------------------------------
// The workload

interface Statement {
  sql: string;
  params: readonly unknown[];
}

interface Work {
  customerId: number;
  /** INSERT of the 1–3 orders the customer has just placed, run at the start of the call. */
  newOrdersSql: string;
  /** INSERT of the call's batch of events (part two). */
  eventsSql: string;
  /** The order whose timeline is read; it gets one event in TIMELINE_EVERY of the batch. */
  timelineOrderId: number;
  /** 0-based index among the checked inputs, or -1 for a timed call. */
  checkedInput: number;
  // Written by `call`:
  side?: SideState;
  statements: Statement[];
  /** Row lists the learner's queries returned. */
  fetched: unknown[][];
  stats?: SideStats;
  plan?: string;
}

interface Output {
  recent: unknown;
  timeline: Pick<OrderEvent, (typeof TIMELINE_COLUMNS)[number]>[];
}

type RecentOrders = (db: Db, customerId: number) => Promise<OrderSummary[]>;

/** The `Db` the learner's code gets: it runs their SQL and records what they asked for and got. */
function recordingDb(db: PGlite, work: Work): Db {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
      if (typeof sql !== 'string') throw new TypeError('db.query needs the SQL text as its first argument, a string');
      if (!Array.isArray(params)) throw new TypeError('db.query takes its values as a list: db.query(sql, [value])');
      work.statements.push({ sql, params: [...params] });
      let result;
      try {
        result = await db.query<Row>(sql, [...params]);
      } catch (error) {
        throw new SqlError(sqlErrorText(error, sql));
      }
      work.fetched.push(result.rows as unknown[]);
      return { rows: result.rows };
    },
  };
}

// ---------------------------------------------------------------------------
// Comparing outputs

const encoder = new TextEncoder();

function bytesOf(rows: readonly unknown[]): number {
  let bytes = 0;
  for (const row of rows) bytes += encoder.encode(JSON.stringify(row) ?? '').length;
  return bytes;
}

const norm = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

function show(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

const time = (value: unknown): number =>
  value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;

function checkRecent(expected: Record<string, unknown>[], actual: unknown, customerId: number): string | null {
  const page = `customer ${customerId}'s order page`;
  if (!Array.isArray(actual)) return `recentOrders returned ${show(actual)}, not a list of orders`;
  if (actual.length !== expected.length) {
    return `${page}: you returned ${actual.length} orders, the baseline ${expected.length} (the page shows the ${PAGE} most recent)`;
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i] as Record<string, unknown> | null;
    if (got === null || typeof got !== 'object') return `${page}: order #${i + 1} is ${show(got)}, not a row`;
    for (const column of SUMMARY_COLUMNS) {
      if (!(column in got)) {
        return `${page}: your rows have no ${column} column. The page shows id, created_at, status and total_cents: select those four, under those names`;
      }
    }
    if (norm(got.id) !== norm(want.id)) {
      let why = '';
      if (actual.some((row) => norm((row as Record<string, unknown> | null)?.id) === norm(want.id))) {
        why = ' (the same orders in another order: newest first is ORDER BY created_at DESC)';
      } else if (time(got.created_at) < time(expected[expected.length - 1]!.created_at)) {
        why = ` (yours is older than all of the baseline's ${PAGE}: the page shows the newest first, ORDER BY created_at DESC)`;
      }
      return `${page}, order #${i + 1} (newest first): you returned order ${show(got.id)}, the baseline order ${show(want.id)}${why}`;
    }
    for (const column of SUMMARY_COLUMNS) {
      if (norm(got[column]) !== norm(want[column])) {
        return `${page}, order ${show(want.id)}: you returned ${column} ${show(got[column])}, the baseline ${show(want[column])}`;
      }
    }
  }
  return null;
}

function checkTimeline(expected: Output['timeline'], actual: Output['timeline'], orderId: number): string | null {
  const where = `the timeline of order ${orderId} (part two)`;
  if (actual.length !== expected.length) {
    return `${where}: your table gave ${actual.length} events, the baseline's ${expected.length}. Do your eventIndexes statements change any rows?`;
  }
  for (let i = 0; i < expected.length; i++) {
    for (const column of TIMELINE_COLUMNS) {
      if (norm(actual[i]![column]) !== norm(expected[i]![column])) {
        return `${where}, event #${i + 1}: your table gave ${column} ${show(actual[i]![column])}, the baseline's ${show(expected[i]![column])}. Do your eventIndexes statements change any rows?`;
      }
    }
  }
  return null;
}

/** EXPLAIN ANALYZE of the call's statements, inside its transaction: counters, and the plans to show. */
async function explainCall(work: Work, side: SideState): Promise<void> {
  const db = side.db;
  const page: Reads = { rows: 0, pages: 0 };
  const reads = work.statements.filter((s) => isReadQuery(s.sql)).slice(0, 10);
  for (const s of reads) {
    const r = await explainReads(db, s.sql, s.params);
    page.rows += r.rows;
    page.pages += r.pages;
  }
  work.stats = { page, timeline: await explainReads(db, TIMELINE_SQL, [work.timelineOrderId]) };
  side.last = work.stats;
  if (work.checkedInput === 0) {
    const first = reads[0];
    const pagePlan = first ? await explainText(db, first.sql, first.params) : '(recentOrders ran no SELECT)';
    const timelinePlan = await explainText(db, TIMELINE_SQL, [work.timelineOrderId]);
    work.plan =
      `Order page, customer ${work.customerId}:\n${pagePlan}\n\n` +
      `Timeline of order ${work.timelineOrderId} (events has ${side.eventIndexes} indexes):\n${timelinePlan}`;
  }
}

export default defineLesson<Work, Output>({
  slug: '06-database',
  timing: 'wall',
  exports: ['recentOrders'],
  size: ORDERS,
  // The first call builds the database (a few seconds; more on a busy machine).
  budgetMs: 90_000,

  prepare({ seed, rng }) {
    let checkedInput = checkedSeeds.indexOf(seed);
    if (checkedInput === -1 && checkedSeeds.length < EXPLAINED_INPUTS) {
      checkedSeeds.push(seed);
      checkedInput = checkedSeeds.length - 1;
    }
    // The second checked input is the first one's customer again, after new
    // orders: an answer remembered from the first is now out of date.
    const customerId = checkedInput === 1 ? createRng(checkedSeeds[0]!).int(1, CUSTOMERS) : rng.int(1, CUSTOMERS);

    const newOrders: OrderRow[] = [];
    const firstId = ORDERS + 1 + 3 * rng.int(0, 999);
    let at = NOW + rng.int(0, 40_000) * 60_000;
    for (let j = rng.int(1, 3); j > 0; j--) {
      at += rng.int(1, 90) * 60_000;
      newOrders.push(orderRow(rng, firstId + newOrders.length, customerId, at, 'paid'));
    }

    const timelineOrderId = rng.int(1, ORDERS);
    return {
      customerId,
      newOrdersSql: insertOrdersSql(newOrders),
      eventsSql: eventBatchSql(rng, timelineOrderId),
      timelineOrderId,
      checkedInput,
      statements: [],
      fetched: [],
    };
  },

  async call(mod, work) {
    const recentOrders = exported<RecentOrders>(mod, 'recentOrders');
    const side = await sideFor(mod);
    const db = side.db;
    work.side = side;
    let output: Output;
    try {
      await db.exec(`BEGIN; SET LOCAL search_path TO ${side.schema}; ${work.newOrdersSql};`);
      // Part one: the order page, the learner's code.
      const recent = await recentOrders(recordingDb(db, work), work.customerId);

      // Part two: a batch of events is written, and an order's timeline read.
      await db.exec(work.eventsSql);
      const timeline = (await db.query<Output['timeline'][number]>(TIMELINE_SQL, [work.timelineOrderId])).rows;
      output = { recent, timeline };

      if (work.checkedInput >= 0) await explainCall(work, side);
    } finally {
      await db.exec('ROLLBACK');
    }

    return output;
  },

  counters(work) {
    const none = { rows: 0, pages: 0 };
    const stats = work.stats ?? work.side?.last ?? { page: none, timeline: none };
    let bytes = 0;
    for (const rows of work.fetched) bytes += bytesOf(rows);
    return {
      pagesRead: stats.page.pages,
      rowsRead: stats.page.rows,
      bytesFetched: bytes,
      eventIndexes: work.side?.eventIndexes ?? 0,
      timelinePages: stats.timeline.pages,
    };
  },

  check(expected, actual, work) {
    return (
      checkRecent(expected.recent as Record<string, unknown>[], actual.recent, work.customerId) ??
      checkTimeline(expected.timeline, actual.timeline, work.timelineOrderId)
    );
  },

  counterSpecs: [
    {
      key: 'pagesRead',
      label: 'pages (8 KB) read to build the order page',
      better: 'lower',
      max: MAX_PAGES,
      advice:
        'PostgreSQL reads tables and indexes in 8 KB pages (the plans on this page call them Buffers). About 3,600 is the whole table: a Seq Scan, as the planner found no index it could use. About 100: an index finds the customer’s orders but reads them all and sorts. About 50: an index in date order walks past other customers’ orders. An index on the column of the WHERE, then the column of the ORDER BY, reads a few index pages and one page per order shown.',
    },
    {
      key: 'bytesFetched',
      label: 'bytes fetched for the order page',
      unit: 'bytes',
      better: 'lower',
      max: MAX_BYTES,
      advice:
        'SELECT * brings back every column, and each order carries a payload of about 400 bytes that the page never shows. Select only id, created_at, status and total_cents.',
    },
    {
      key: 'eventIndexes',
      label: 'indexes on events, the primary key included',
      better: 'lower',
      max: 2,
      advice:
        'Every index is updated on every insert. Only the timeline query reads events: keep the one index it uses and drop the rest.',
    },
    {
      key: 'timelinePages',
      label: "pages (8 KB) read to show an order's timeline",
      better: 'lower',
      max: MAX_TIMELINE_PAGES,
      advice: 'The timeline query now reads the whole events table. Keep an index that serves WHERE order_id = $1.',
    },
    { key: 'rowsRead', label: 'rows read to build the order page', better: 'lower' },
    { key: 'insertRate', label: 'events inserted per second', unit: 'rows/s', better: 'higher' },
  ],

  target: 2,

  /**
   * The insert rate on each side's `events`, with its own indexes: the same
   * RATE_BATCHES batches for every side, each written and undone, the median
   * reported. Machine-dependent, so it informs and never gates.
   */
  async advisory(mod) {
    const side = await sideFor(mod);
    const rng = createRng(0x06db0002);
    const batches = Array.from({ length: RATE_BATCHES }, () => eventBatchSql(rng));
    const times: number[] = [];
    try {
      await side.db.exec(`BEGIN; SET LOCAL search_path TO ${side.schema}`);
      for (const sql of batches) {
        await side.db.exec('SAVEPOINT batch');
        const t0 = performance.now();
        await side.db.exec(sql);
        times.push(performance.now() - t0);
        await side.db.exec('ROLLBACK TO SAVEPOINT batch');
      }
    } finally {
      await side.db.exec('ROLLBACK');
    }
    const ms = times.sort((x, y) => x - y)[times.length >> 1]!;
    return { counters: { insertRate: Math.round(EVENT_BATCH / (ms / 1000)) } };
  },

  details(work) {
    return work.plan ? { text: work.plan } : {};
  },
});
