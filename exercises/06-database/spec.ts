import { defineLesson, exported, ExerciseShapeError, type ExerciseModule } from '../../src/core/lesson.ts';
import { createRng, type Rng } from '../../src/core/rng.ts';
import { BoundaryError, show } from '../../src/kit/index.ts';
import {
  CUSTOMERS,
  EDGE,
  EVENTS,
  NOW,
  ORDERS,
  PAGE,
  customerOf,
  eventRow,
  insertEventsSql,
  insertOrdersSql,
  newOrder,
  ordersOf,
  type EventRow,
  type OrderRow,
  type OrderSummaryRow,
} from './shop-data.ts';
import { parsePlan } from '../../src/core/query-plan.ts';
import { CallTransaction, copyTablesAhead, createSide, SqlError, sqlErrorText, type PageReads, type Reads, type Side } from './shop-db.ts';
import type { Db, OrderEvent, OrderSummary } from './types.ts';

/**
 * 06-database: index what you query, fetch only what you need.
 *
 * A real PostgreSQL (PGlite) runs beside the learner's code, started from a
 * prepared snapshot of the shop's tables (shop-db.ts). Each side (baseline,
 * candidate, reference) gets its own copy of both tables, in a schema only
 * its role can read, with the indexes its file lists (`orderIndexes`,
 * `eventIndexes`), made on that side's first call; sides whose files list
 * the same indexes share one copy.
 *
 * One call is a moment of the shop's traffic, all of it timed:
 *   1. customers place new orders (seeded; one small INSERT);
 *   2. three of them open their order pages, one after another: the
 *      learner's `recentOrders`. One is a regular customer with about 100
 *      orders (sometimes two new ones placed in the same second); one has
 *      none or one; one has about a page (19, 20, or 25 with a tie across
 *      the page's last places);
 *   3. a batch of 200 events is written to `events`;
 *   4. someone opens an order's timeline, a fixed query on `events`.
 * Everything is undone at the end of the call.
 *
 * Counters come from PostgreSQL's statistics for the call's transaction
 * (pages and rows read by every statement of a page view, rows sent back),
 * on every call, checked or timed. The first two checked inputs show the
 * same regular customer with different new orders, so an answer kept from
 * an earlier call is caught at once; the checked inputs between them cover
 * every kind of page (empty, one order, exactly 20, a tie at the 20th).
 */

/** Events written per call (part two). */
const EVENT_BATCH = 200;
/** One event in this many of each batch belongs to the order whose timeline is read. */
const TIMELINE_EVERY = 40;
/**
 * Gates, per page view. The right index reads 20–23 pages (a few of the
 * index, one of the table per order shown) and a covering one about 4; an
 * index on customer_id alone reads 83–121 (all the customer's orders, then
 * a sort), one on (created_at DESC, customer_id) 39–80, a Seq Scan about 3,600.
 */
const MAX_PAGES = 30;
/** Four columns of 20 orders are about 1,900 bytes of JSON; with the payload, about 10,400. */
const MAX_BYTES = 3000;
/** An index on order_id reads about 10 pages for a timeline; a scan of events about 900. */
const MAX_TIMELINE_PAGES = 50;
/** Batches written and undone to measure a side's insert rate (advisory). */
const RATE_BATCHES = 5;
/** Inputs the engine checks before timing (its first seeds), which get the edge cases in turn. */
const CHECKED_INPUTS = 3;
/** New orders' ids: above every id in the tables. */
const NEW_ORDER_IDS = 1_000_000;

const SUMMARY_COLUMNS = ['id', 'created_at', 'status', 'total_cents'] as const;
const TIMELINE_COLUMNS = ['id', 'kind', 'source', 'created_at'] as const;

const TIMELINE_SQL = 'SELECT id, kind, source, created_at FROM events WHERE order_id = $1 ORDER BY created_at, id';

/** One customer opening their order page, after placing `newOrders` in this call. */
interface View {
  customerId: number;
  newOrders: OrderRow[];
}

interface Work {
  views: View[];
  /** INSERT of every view's new orders, run at the start of the call. */
  newOrdersSql: string;
  /** INSERT of the call's batch of events (part two). */
  eventsSql: string;
  /** The order whose timeline is read; it gets one event in TIMELINE_EVERY of the batch. */
  timelineOrderId: number;
  // Written by `call`:
  side?: Side;
  pages: PageReads[];
  timeline?: Reads;
  plans?: { title: string; text: string }[];
}

type Row = Record<string, unknown>;
type TimelineRow = Pick<OrderEvent, (typeof TIMELINE_COLUMNS)[number]>;

interface Output {
  /** Each view's rows, as plain data copied when recentOrders returned. */
  pages: unknown[];
  timeline: TimelineRow[];
}

type RecentOrders = (db: Db, customerId: number) => Promise<OrderSummary[]>;

// ---------------------------------------------------------------------------
// Sides

interface SideState {
  side: Side;
  /** Whether the plans shown on the results panel were taken (on the side's first call). */
  planned: boolean;
}

const sides = new WeakMap<ExerciseModule, Promise<SideState>>();
/** Whether a run has begun with the learner's side: from then on the database's time is the run's. */
let called = false;

/** The learner's list of SQL statements, checked for shape. */
function sqlList(mod: ExerciseModule, name: string): string[] {
  const value = mod[name];
  if (value === undefined) {
    throw new ExerciseShapeError(`your file must export \`${name}\`, a list of SQL statements (an empty list [] is fine)`);
  }
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
    throw new ExerciseShapeError(`\`${name}\` must be a list of SQL statements, each a string`);
  }
  // A copy: the lists are read once, whatever the module does to them later.
  return [...(value as string[])];
}

function sideFor(mod: ExerciseModule): Promise<SideState> {
  let state = sides.get(mod);
  if (state === undefined) {
    const orderIndexes = sqlList(mod, 'orderIndexes');
    const eventIndexes = sqlList(mod, 'eventIndexes');
    state = createSide(orderIndexes, eventIndexes).then((side) => ({ side, planned: false }));
    sides.set(mod, state);
  }
  return state;
}

// ---------------------------------------------------------------------------
// The workload

/** Seeds of the checked inputs, in the order the engine first prepares them. */
const checkedSeeds: number[] = [];

function checkedIndex(seed: number): number {
  let index = checkedSeeds.indexOf(seed);
  if (index === -1 && checkedSeeds.length < CHECKED_INPUTS) {
    checkedSeeds.push(seed);
    index = checkedSeeds.length - 1;
  }
  return index;
}

/**
 * The three views of a call. Checked inputs take the edge cases in turn,
 * with no new orders where that keeps the history's shape; timed calls draw
 * them, so a checked call looks like any other.
 */
function chooseViews(rng: Rng, checked: number): { customerId: number; count: number; tie: boolean }[] {
  const regular =
    checked === 1 ? createRng(checkedSeeds[0]!).int(1, CUSTOMERS) : rng.int(1, CUSTOMERS);
  const small = [
    { customerId: EDGE.none, count: 0 },
    { customerId: EDGE.one, count: 0 },
    { customerId: EDGE.none, count: 1 },
  ][checked] ?? { customerId: rng.pick([EDGE.none, EDGE.one]), count: rng.int(0, 1) };
  const full = [
    { customerId: EDGE.tiedAtTheEdge, count: 0 },
    { customerId: EDGE.full, count: 0 },
    { customerId: EDGE.almostFull, count: 1 },
  ][checked] ?? { customerId: rng.pick([EDGE.almostFull, EDGE.full, EDGE.tiedAtTheEdge]), count: rng.int(0, 2) };
  const regularCount = checked === 0 ? 2 : rng.int(1, 3);
  return [
    { customerId: regular, count: regularCount, tie: checked === 0 || (regularCount > 1 && rng.next() < 0.5) },
    { ...small, tie: false },
    { ...full, tie: false },
  ];
}

/**
 * A call's batch of events, one in TIMELINE_EVERY for `timelineOrderId` when
 * given. Their ids start at a seeded offset above the table's own, so no two
 * calls write the same ids (rolled-back rows would otherwise pile up under
 * the same keys of the primary key, slowing one side more than another).
 */
function eventBatchSql(rng: Rng, timelineOrderId?: number): string {
  const firstId = EVENTS + 1 + EVENT_BATCH * rng.int(0, 999_999);
  const events: EventRow[] = [];
  let at = NOW + rng.int(0, 40_000) * 60_000;
  for (let g = 0; g < EVENT_BATCH; g++) {
    const orderId = timelineOrderId !== undefined && (g + 1) % TIMELINE_EVERY === 0 ? timelineOrderId : rng.int(1, ORDERS);
    at += rng.int(0, 2) * 1000;
    events.push(eventRow(rng, firstId + g, orderId, customerOf(orderId), at));
  }
  return insertEventsSql(events);
}

// ---------------------------------------------------------------------------
// Judging a page against the tables themselves

const time = (value: unknown): number =>
  value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.000Z$/, ' UTC');

/** Every order the customer has during the call, newest first. */
function ordersDuring(view: View): OrderSummaryRow[] {
  return [...ordersOf(view.customerId), ...view.newOrders].sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Whether `actual` is the customer's page: their PAGE most recent orders
 * (all of them when they have fewer), newest first, with the four columns.
 * Orders placed in the same second may come in any order, and when such a
 * tie crosses the page's end, any of them may fill its last places.
 */
function checkPage(view: View, actual: unknown): string | null {
  const page = `customer ${view.customerId}'s order page`;
  const all = ordersDuring(view);
  const want = all.slice(0, PAGE);
  if (!Array.isArray(actual)) return `recentOrders returned ${show(actual)} for ${page}, not a list of orders`;
  const byId = new Map(all.map((o) => [o.id, o]));
  const has = all.length === 1 ? '1 order' : `${all.length} orders`;
  for (let i = 0; i < actual.length; i++) {
    const got = actual[i] as Row | null;
    if (got === null || typeof got !== 'object') return `${page}: order #${i + 1} is ${show(got)}, not a row`;
    for (const column of SUMMARY_COLUMNS) {
      if (!(column in got)) {
        return `${page}: your rows have no ${column} column. The page shows id, created_at, status and total_cents, under those names`;
      }
    }
  }
  if (actual.length !== want.length) {
    const rule = all.length > PAGE ? `the page shows the ${PAGE} most recent` : 'the page shows all of them';
    return `${page}: you returned ${actual.length} orders; the customer has ${has}, and ${rule}`;
  }
  const seen = new Set<unknown>();
  for (let i = 0; i < want.length; i++) {
    const got = actual[i] as Row;
    const truth = byId.get(got.id as number);
    if (truth === undefined) return `${page}, order #${i + 1}: ${show(got.id)} is not one of this customer's orders`;
    if (seen.has(got.id)) return `${page}: order ${show(got.id)} appears twice`;
    seen.add(got.id);
    if (time(got.created_at) !== truth.createdAt) {
      return `${page}, order ${truth.id}: you returned created_at ${show(got.created_at)}, the table says ${when(truth.createdAt)}`;
    }
    if (truth.createdAt !== want[i]!.createdAt) {
      const sameOrders = want.every((w) => actual.some((row) => (row as Row).id === w.id));
      if (sameOrders) return `${page}: the right orders in another order. The page lists them newest first`;
      const missing = want.find((w) => !actual.some((row) => (row as Row).id === w.id));
      const twin = missing && all.find((o) => o.id !== missing.id && o.createdAt === missing.createdAt && actual.some((row) => (row as Row).id === o.id));
      if (missing && twin) {
        return `${page}: order ${missing.id} is missing. It was placed in the same second as order ${twin.id}, which you show; orders of the same second are different orders, and the page shows each`;
      }
      return truth.createdAt < want[i]!.createdAt
        ? `${page}, place #${i + 1} (newest first): you show order ${truth.id}, placed ${when(truth.createdAt)}, but the customer's order ${want[i]!.id} is newer (${when(want[i]!.createdAt)}) and is not on your page in its place`
        : `${page}, place #${i + 1} (newest first): order ${truth.id}, placed ${when(truth.createdAt)}, comes after older orders`;
    }
    if (got.status !== truth.status) return `${page}, order ${truth.id}: you returned status ${show(got.status)}, the table says ${show(truth.status)}`;
    if (got.total_cents !== truth.totalCents) {
      return `${page}, order ${truth.id}: you returned total_cents ${show(got.total_cents)}, the table says ${truth.totalCents}`;
    }
  }
  return null;
}

function checkTimeline(expected: TimelineRow[], actual: TimelineRow[], orderId: number): string | null {
  const where = `the timeline of order ${orderId} (part two)`;
  if (actual.length !== expected.length) {
    return `${where}: your table gave ${actual.length} events, the baseline's ${expected.length}. Do your eventIndexes statements change any rows?`;
  }
  const norm = (value: unknown): unknown => (value instanceof Date ? value.getTime() : value);
  for (let i = 0; i < expected.length; i++) {
    for (const column of TIMELINE_COLUMNS) {
      if (norm(actual[i]![column]) !== norm(expected[i]![column])) {
        return `${where}, event #${i + 1}: your table gave ${column} ${show(actual[i]![column])}, the baseline's ${show(expected[i]![column])}. Do your eventIndexes statements change any rows?`;
      }
    }
  }
  return null;
}

/** The learner's rows as plain data, copied now: a getter or a promise inside cannot defer work past the call. */
function plainCopy(rows: unknown): unknown {
  try {
    return structuredClone(rows);
  } catch (error) {
    throw new TypeError(`recentOrders must return plain rows (objects of values), and yours could not be copied: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------
// Plans shown on the results panel

/** EXPLAIN ANALYZE as PostgreSQL prints it, without the planner's buffer block. */
async function explainText(tx: CallTransaction, sql: string, params: readonly unknown[]): Promise<string> {
  const result = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, [...params]);
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

/** The two plans the results panel shows, each with its title. */
async function takePlans(tx: CallTransaction, work: Work, side: Side): Promise<{ title: string; text: string }[]> {
  const first = work.pages[0]?.statements[0];
  return [
    { title: `Order page, customer ${work.views[0]!.customerId}`, text: first ? await explainText(tx, first.sql, first.params) : '(recentOrders ran no query)' },
    {
      title: `Timeline of order ${work.timelineOrderId} (events has ${side.eventIndexes} indexes)`,
      text: await explainText(tx, TIMELINE_SQL, [work.timelineOrderId]),
    },
  ];
}

const worst = (pages: readonly PageReads[], key: 'pages' | 'rows' | 'bytes'): number =>
  pages.reduce((max, p) => Math.max(max, p[key]), 0);

export default defineLesson<Work, Output>({
  slug: '06-database',
  timing: 'wall',
  exports: ['recentOrders'],
  size: ORDERS,
  // Before Run: the database with the baseline's side (the snapshot holds
  // it). Then, while the learner reads, the tables for the learner's side
  // (which then needs only its indexes) and the reference's side. Both wait
  // while a run is under way: the learner's side may be the baseline's (the
  // same indexes), and the reference's is made on its first call, after the
  // learner's first answer was checked, so an error or a wrong answer does
  // not wait for it.
  async warm({ baseline, reference }) {
    await sideFor(baseline);
    setTimeout(() => {
      if (called) return;
      copyTablesAhead()
        .then(() => {
          if (reference && !called) return sideFor(reference);
        })
        .catch(() => {});
    }, 0);
  },
  // The learner's side: copies of the tables (unless they were copied ahead, or it is the
  // baseline's) and its indexes. Any other side makes its own on its first call.
  async setUp(mod) {
    called = true;
    await sideFor(mod);
  },
  budgetMs: 20_000,

  prepare({ seed, rng }) {
    const checked = checkedIndex(seed);
    let nextId = NEW_ORDER_IDS + 10 * rng.int(0, 99_999);
    let at = NOW + rng.int(0, 40_000) * 60_000;
    const views = chooseViews(rng, checked).map(({ customerId, count, tie }) => {
      const newOrders: OrderRow[] = [];
      for (let j = 0; j < count; j++) {
        // A basket split in two: the second order placed in the same second as the first.
        if (!(tie && j === 1)) at += rng.int(1, 90) * 60_000;
        newOrders.push(newOrder(rng, nextId++, customerId, at));
      }
      return { customerId, newOrders };
    });
    const placed = views.flatMap((v) => v.newOrders);
    const timelineOrderId = rng.int(1, ORDERS);
    return {
      views,
      newOrdersSql: placed.length > 0 ? insertOrdersSql(placed) : 'SELECT 1',
      eventsSql: eventBatchSql(rng, timelineOrderId),
      timelineOrderId,
      pages: [],
    };
  },

  async call(mod, work) {
    called = true;
    const recentOrders = exported<RecentOrders>(mod, 'recentOrders');
    const state = await sideFor(mod);
    const side = state.side;
    work.side = side;
    const tx = new CallTransaction(side);
    const pages: unknown[] = [];
    let timeline: TimelineRow[];
    await tx.begin(work.newOrdersSql);
    try {
      // Part one: the order pages, the learner's code.
      for (const view of work.views) {
        const pageView = tx.pageView();
        let rows: unknown;
        try {
          rows = await recentOrders(pageView.db, view.customerId);
        } finally {
          const reads = await pageView.finish();
          work.pages.push(reads);
          // Caught or not, a reach for the lesson's part of the database ends the run.
          if (reads.refused) throw new BoundaryError(reads.refused);
        }
        pages.push(plainCopy(rows));
      }
      if (!state.planned) {
        state.planned = true;
        work.plans = await takePlans(tx, work, side);
      }
      // Part two: a batch of events is written, and an order's timeline read.
      let after;
      try {
        after = await tx.afterPage<TimelineRow>(work.eventsSql, TIMELINE_SQL.replace('$1', String(work.timelineOrderId)));
      } catch (error) {
        throw new SqlError(`the batch of events could not be written: ${sqlErrorText(error, work.eventsSql)}. Do your eventIndexes forbid some values?`);
      }
      timeline = after.rows;
      work.timeline = after.reads;
    } finally {
      await tx.end();
    }
    return { pages, timeline };
  },

  counters(work) {
    return {
      pagesRead: worst(work.pages, 'pages'),
      rowsRead: worst(work.pages, 'rows'),
      bytesFetched: worst(work.pages, 'bytes'),
      eventIndexes: work.side?.eventIndexes ?? 0,
      timelinePages: work.timeline?.pages ?? 0,
    };
  },

  check(expected, actual, work) {
    for (let v = 0; v < work.views.length; v++) {
      const difference = checkPage(work.views[v]!, actual.pages[v]);
      if (difference !== null) return difference;
    }
    return checkTimeline(expected.timeline, actual.timeline, work.timelineOrderId);
  },

  counterSpecs: [
    {
      key: 'pagesRead',
      label: 'pages (8 KB) read to build an order page',
      better: 'lower',
      max: MAX_PAGES,
      advice:
        'PostgreSQL reads tables and indexes in 8 KB pages (the plans on this page call them Buffers). About 3,600 is the whole table: a Seq Scan, because no index fits the query. About 100: an index finds the customer’s orders but reads them all to sort them. About 50: an index in date order walks past other customers’ orders. A page of 20 orders needs only a few pages of an index and one page per order shown.',
    },
    {
      key: 'bytesFetched',
      label: 'bytes fetched for an order page',
      unit: 'bytes',
      better: 'lower',
      max: MAX_BYTES,
      advice:
        'Each order carries a payload of about 400 bytes that the page never shows, and every byte fetched is copied out of the database, sent and parsed. What does your query bring back that the page does not use?',
    },
    {
      key: 'eventIndexes',
      label: 'indexes on events, the primary key included',
      better: 'lower',
      max: 2,
      advice: 'Every index on events is updated on every insert, and only the timeline query reads the table. Which of the indexes can that query use?',
    },
    {
      key: 'timelinePages',
      label: "pages (8 KB) read to show an order's timeline",
      better: 'lower',
      max: MAX_TIMELINE_PAGES,
      advice: 'The timeline query now reads most of the events table: it has lost the index it used.',
    },
    { key: 'rowsRead', label: 'rows read to build an order page', better: 'lower' },
    { key: 'insertRate', label: 'events inserted per second', unit: 'rows/s', better: 'higher' },
  ],

  target: 2,

  /**
   * The insert rate on each side's `events`, with its own indexes: the same
   * RATE_BATCHES batches for every side, each written and undone, the median
   * reported. Machine-dependent, so it informs and never gates.
   */
  async advisory(mod) {
    const { side } = await sideFor(mod);
    const rng = createRng(0x06db0002);
    const batches = Array.from({ length: RATE_BATCHES }, () => eventBatchSql(rng));
    const times: number[] = [];
    try {
      await side.db.exec(`BEGIN; SET LOCAL ROLE ${side.name}; SET LOCAL search_path TO ${side.name}`);
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
    if (!work.plans) return {};
    return {
      text: work.plans.map((p) => `${p.title}:\n${p.text}`).join('\n\n'),
      plans: work.plans.flatMap((p) => {
        const root = parsePlan(p.text);
        return root ? [{ title: p.title, root }] : [];
      }),
    };
  },
});
