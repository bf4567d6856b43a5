import { PGlite } from '@electric-sql/pglite';
import { defineLesson, exported, ExerciseShapeError, type ExerciseModule } from '../../src/core/lesson.ts';
import { createRng, type Rng } from '../../src/core/rng.ts';
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
 *   3. meanwhile a batch of 200 events is written to `events` (its rows per
 *      second are reported);
 *   4. someone opens an order's timeline, a fixed query on `events`.
 * The first two checked inputs are the same customer with different new
 * orders, so an answer remembered between calls is caught at once.
 *
 * Counters come from EXPLAIN ANALYZE (rows the database read) and from the
 * rows the learner's queries returned (bytes). EXPLAIN runs only on the
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
const CITIES = ['Leeds', 'Bristol', 'Glasgow', 'Cardiff', 'Norwich', 'York', 'Belfast', 'Brighton'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
const KINDS = ['created', 'paid', 'packed', 'shipped', 'delivered', 'refunded'];
const SOURCES = ['web', 'app', 'api', 'support'];

const sqlArray = (items: readonly string[]): string => `ARRAY[${items.map((s) => `'${s}'`).join(', ')}]`;

/**
 * The shared tables, generated in SQL from a fixed hash (no randomness), so
 * they are the same in every run and on every machine. Orders come in about
 * every 10 minutes through 2025; ids grow with time.
 */
const BUILD_SQL = `
CREATE FUNCTION public.pseudo(i bigint, salt int) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT hashint8(i * 7919 + salt) & 2147483647 $$;

CREATE TABLE public.orders (
  id int PRIMARY KEY,
  customer_id int NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL,
  total_cents int NOT NULL,
  payload jsonb NOT NULL
);
INSERT INTO public.orders
SELECT i, c,
  timestamptz '2025-01-01 00:00:00+00' + (i * 600 + pseudo(i, 2) % 600) * interval '1 second',
  (${sqlArray(STATUSES)})[1 + pseudo(i, 3) % ${STATUSES.length}],
  q1 * p1 + p2 + 395,
  jsonb_build_object(
    'items', jsonb_build_array(
      jsonb_build_object('sku', 'SKU-' || (10000 + pseudo(i, 4) % 90000), 'name', (${sqlArray(PRODUCTS)})[1 + pseudo(i, 5) % ${PRODUCTS.length}], 'qty', q1, 'price_cents', p1),
      jsonb_build_object('sku', 'SKU-' || (10000 + pseudo(i, 6) % 90000), 'name', (${sqlArray(PRODUCTS)})[1 + pseudo(i, 7) % ${PRODUCTS.length}], 'qty', 1, 'price_cents', p2)),
    'shipping', jsonb_build_object(
      'name', (${sqlArray(FIRST)})[1 + pseudo(c, 8) % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + pseudo(c, 9) % ${LAST.length}],
      'street', (1 + pseudo(c, 10) % 250) || ' ' || (${sqlArray(STREETS)})[1 + pseudo(c, 11) % ${STREETS.length}],
      'city', (${sqlArray(CITIES)})[1 + pseudo(c, 12) % ${CITIES.length}],
      'postcode', upper(substr(md5(c::text), 1, 3)) || ' ' || (1 + pseudo(c, 13) % 9) || upper(substr(md5(c::text), 4, 2))),
    'gift_note', CASE WHEN pseudo(i, 14) % 5 = 0 THEN 'Happy birthday! With love from all of us.' END,
    'user_agent', (${sqlArray(AGENTS)})[1 + pseudo(c, 15) % ${AGENTS.length}])
FROM (
  SELECT i, 1 + pseudo(i, 1) % ${CUSTOMERS} AS c, 1 + pseudo(i, 16) % 3 AS q1,
         499 + pseudo(i, 17) % 20000 AS p1, 499 + pseudo(i, 18) % 20000 AS p2
    FROM generate_series(1, ${ORDERS}) AS i
) AS o;

CREATE TABLE public.events (
  id int PRIMARY KEY,
  order_id int NOT NULL,
  customer_id int NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  created_at timestamptz NOT NULL,
  detail text NOT NULL
);
INSERT INTO public.events
SELECT e, o, 1 + pseudo(o, 1) % ${CUSTOMERS}, k, s,
  timestamptz '2025-01-01 00:00:00+00' + (o * 600 + pseudo(e, 21) % 172800) * interval '1 second',
  k || ' via ' || s || ', ref ' || substr(md5(e::text), 1, 16) || ', ' || (${sqlArray(CITIES)})[1 + pseudo(e, 22) % ${CITIES.length}] || ' hub'
FROM (
  SELECT e, 1 + pseudo(e, 20) % ${ORDERS} AS o,
         (${sqlArray(KINDS)})[1 + pseudo(e, 23) % ${KINDS.length}] AS k,
         (${sqlArray(SOURCES)})[1 + pseudo(e, 24) % ${SOURCES.length}] AS s
    FROM generate_series(1, ${EVENTS}) AS e
) AS ev;
`;

/**
 * The batch of events one call writes, on the side's own `events` (the
 * search_path is the side's schema, hence `public.pseudo`). $1 is the call's
 * salt, $2 the order whose timeline is read, which gets one event in
 * TIMELINE_EVERY. Ids above the preloaded ones are free again on every call,
 * because every call is rolled back.
 */
const INSERT_EVENTS_SQL = `
INSERT INTO events (id, order_id, customer_id, kind, source, created_at, detail)
SELECT ${EVENTS} + g, o, 1 + public.pseudo(o, 1) % ${CUSTOMERS}, k, s,
  timestamptz '2026-01-01 00:00:00+00' + $1::int * interval '1 minute' + g * interval '1 second',
  k || ' via ' || s || ', ref ' || substr(md5((g + $1::int)::text), 1, 16) || ', ' || (${sqlArray(CITIES)})[1 + public.pseudo(g + $1::int, 22) % ${CITIES.length}] || ' hub'
FROM (
  SELECT g,
         CASE WHEN g % ${TIMELINE_EVERY} = 0 THEN $2::int ELSE 1 + public.pseudo(g + $1::int, 20) % ${ORDERS} END AS o,
         (${sqlArray(KINDS)})[1 + public.pseudo(g + $1::int, 23) % ${KINDS.length}] AS k,
         (${sqlArray(SOURCES)})[1 + public.pseudo(g + $1::int, 24) % ${SOURCES.length}] AS s
    FROM generate_series(1, ${EVENT_BATCH}) AS g
) AS batch`;

// ---------------------------------------------------------------------------
// The database: one PGlite per run, and one schema per side.

interface SideStats {
  rowsRead: number;
  timelineRowsRead: number;
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
const copies = new Map<string, Promise<SideState>>();
let copyCount = 0;

/** Seeds of the checked inputs, in the order the engine first prepares them. */
const checkedSeeds: number[] = [];

function openDatabase(): Promise<PGlite> {
  database ??= (async () => {
    const db = await PGlite.create();
    await db.exec(BUILD_SQL);
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
 * The copy of the tables a side works on. Sides with the same index lists
 * share one copy: every call is rolled back, so they cannot tell, and the run
 * spends its setup time only on copies that differ.
 */
function sideFor(mod: ExerciseModule): Promise<SideState> {
  let side = sides.get(mod);
  if (side === undefined) {
    side = (async () => {
      const orderIndexes = sqlList(mod, 'orderIndexes');
      const eventIndexes = sqlList(mod, 'eventIndexes');
      const key = JSON.stringify([orderIndexes, eventIndexes]);
      let copy = copies.get(key);
      if (copy === undefined) {
        copy = setUpCopy(orderIndexes, eventIndexes);
        copies.set(key, copy);
      }
      return copy;
    })();
    sides.set(mod, side);
  }
  return side;
}

async function setUpCopy(orderIndexes: readonly string[], eventIndexes: readonly string[]): Promise<SideState> {
  const db = await openDatabase();
  const schema = `copy_${++copyCount}`;
  await db.exec(`
    CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.orders AS TABLE public.orders;
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
          throw new SqlError(`${name}[${i}] failed: ${sqlErrorText(error, list[i]!)}`);
        }
      }
    }
  } finally {
    // Whatever settings the statements changed (search_path included), the session starts clean.
    await db.exec('RESET ALL');
  }
  // Statistics for the planner, and the visibility map for index-only scans.
  await db.exec(`VACUUM ANALYZE ${schema}.orders`);
  await db.exec(`VACUUM ANALYZE ${schema}.events`);
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

async function explainRowsRead(db: PGlite, sql: string, params: readonly unknown[]): Promise<number> {
  const result = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...params]);
  let plan = result.rows[0]?.['QUERY PLAN'];
  if (typeof plan === 'string') plan = JSON.parse(plan);
  const root = (plan as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  return root ? Math.round(rowsReadIn(root)) : 0;
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

const isReadQuery = (sql: string): boolean => /^\s*(\(\s*)?(select|with|table)\b/i.test(sql);

// ---------------------------------------------------------------------------
// The workload

interface NewOrder {
  id: number;
  createdAt: string;
  status: string;
  totalCents: number;
  payload: string;
}

interface Statement {
  sql: string;
  params: readonly unknown[];
}

interface Work {
  customerId: number;
  /** Orders the customer has just placed, inserted at the start of the call. */
  newOrders: NewOrder[];
  timelineOrderId: number;
  eventSalt: number;
  /** 0-based index among the checked inputs, or -1 for a timed call. */
  checkedInput: number;
  // Written by `call`:
  side?: SideState;
  statements: Statement[];
  /** Row lists the learner's queries returned. */
  fetched: unknown[][];
  insertMs: number;
  stats?: SideStats;
  plan?: string;
}

interface Output {
  recent: unknown;
  timeline: Pick<OrderEvent, (typeof TIMELINE_COLUMNS)[number]>[];
}

type RecentOrders = (db: Db, customerId: number) => Promise<OrderSummary[]>;

function newOrderFor(rng: Rng, id: number, createdAt: number): NewOrder {
  const q1 = rng.int(1, 3);
  const p1 = rng.int(499, 20_498);
  const p2 = rng.int(499, 20_498);
  const payload = {
    items: [
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: q1, price_cents: p1 },
      { sku: `SKU-${rng.int(10_000, 99_999)}`, name: rng.pick(PRODUCTS), qty: 1, price_cents: p2 },
    ],
    shipping: {
      name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
      street: `${rng.int(1, 250)} ${rng.pick(STREETS)}`,
      city: rng.pick(CITIES),
      postcode: `LS${rng.int(1, 29)} ${rng.int(1, 9)}QT`,
    },
    gift_note: rng.next() < 0.2 ? 'Happy birthday! With love from all of us.' : null,
    user_agent: rng.pick(AGENTS),
  };
  return {
    id,
    createdAt: new Date(createdAt).toISOString(),
    status: 'paid',
    totalCents: q1 * p1 + p2 + 395,
    payload: JSON.stringify(payload),
  };
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function insertNewOrdersSql(customerId: number, orders: readonly NewOrder[]): string {
  const values = orders.map(
    (o) =>
      `(${o.id}, ${customerId}, ${sqlString(o.createdAt)}, ${sqlString(o.status)}, ${o.totalCents}, ${sqlString(o.payload)})`,
  );
  return `INSERT INTO orders (id, customer_id, created_at, status, total_cents, payload) VALUES ${values.join(', ')}`;
}

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

    const count = rng.int(1, 3);
    const firstId = ORDERS + 3 * rng.int(1, 30_000);
    let at = Date.UTC(2026, 0, 1) + rng.int(0, 40_000) * 60_000;
    const newOrders: NewOrder[] = [];
    for (let j = 0; j < count; j++) {
      at += rng.int(1, 90) * 60_000;
      newOrders.push(newOrderFor(rng, firstId + j, at));
    }
    return {
      customerId,
      newOrders,
      timelineOrderId: rng.int(1, ORDERS),
      eventSalt: rng.int(0, 99_999),
      checkedInput,
      statements: [],
      fetched: [],
      insertMs: 0,
    };
  },

  async call(mod, work) {
    const recentOrders = exported<RecentOrders>(mod, 'recentOrders');
    const side = await sideFor(mod);
    const db = side.db;
    work.side = side;
    await db.exec(
      `BEGIN; SET LOCAL search_path TO ${side.schema}; ${insertNewOrdersSql(work.customerId, work.newOrders)};`,
    );
    try {
      const recent = await recentOrders(recordingDb(db, work), work.customerId);

      const t0 = performance.now();
      await db.query(INSERT_EVENTS_SQL, [work.eventSalt, work.timelineOrderId]);
      work.insertMs = performance.now() - t0;
      const timeline = (await db.query<Output['timeline'][number]>(TIMELINE_SQL, [work.timelineOrderId])).rows;

      if (work.checkedInput >= 0) {
        let rowsRead = 0;
        const reads = work.statements.filter((s) => isReadQuery(s.sql)).slice(0, 10);
        for (const s of reads) rowsRead += await explainRowsRead(db, s.sql, s.params);
        const timelineRowsRead = await explainRowsRead(db, TIMELINE_SQL, [work.timelineOrderId]);
        work.stats = { rowsRead, timelineRowsRead };
        side.last = work.stats;
        if (work.checkedInput === 0) {
          const first = reads[0];
          const page = first
            ? await explainText(db, first.sql, first.params)
            : '(recentOrders ran no SELECT)';
          const events = await explainText(db, TIMELINE_SQL, [work.timelineOrderId]);
          work.plan =
            `Order page, customer ${work.customerId}:\n${page}\n\n` +
            `Timeline of order ${work.timelineOrderId} (events has ${side.eventIndexes} indexes):\n${events}`;
        }
      }
      return { recent, timeline };
    } finally {
      await db.exec('ROLLBACK');
    }
  },

  counters(work) {
    const stats = work.stats ?? work.side?.last ?? { rowsRead: 0, timelineRowsRead: 0 };
    let bytes = 0;
    for (const rows of work.fetched) bytes += bytesOf(rows);
    return {
      rowsRead: stats.rowsRead,
      bytesFetched: bytes,
      eventIndexes: work.side?.eventIndexes ?? 0,
      timelineRowsRead: stats.timelineRowsRead,
      insertRate: work.insertMs > 0 ? Math.round(EVENT_BATCH / (work.insertMs / 1000)) : 0,
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
      key: 'rowsRead',
      label: 'rows read to build the order page',
      better: 'lower',
      max: 2 * PAGE,
      advice:
        'The page shows 20 orders. Near 50,000 means a scan of the whole table: the planner found no index it could use (EXPLAIN ANALYZE says Seq Scan). About 100 means an index finds the customer but not their newest orders: the database reads them all and sorts. An index on the column of the WHERE, then the column of the ORDER BY, hands over the newest 20 directly.',
    },
    {
      key: 'bytesFetched',
      label: 'bytes fetched for the order page',
      unit: 'bytes',
      better: 'lower',
      max: 3000,
      advice:
        'SELECT * brings back every column, and each order carries a payload of about 360 bytes that the page never shows. Select only id, created_at, status and total_cents.',
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
      key: 'timelineRowsRead',
      label: "rows read to show an order's timeline",
      better: 'lower',
      max: 100,
      advice:
        'The timeline query now scans the whole events table. Keep an index that serves WHERE order_id = $1.',
    },
    { key: 'insertRate', label: 'events inserted per second', unit: 'rows/s', better: 'higher' },
  ],

  target: 2,

  details(work) {
    return work.plan ? { text: work.plan } : {};
  },
});
