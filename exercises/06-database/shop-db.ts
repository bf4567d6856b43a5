import { PGlite } from '@electric-sql/pglite';
import { BoundaryError, sealed } from '../../src/kit/index.ts';
import { EVENTS, tableLines } from './shop-data.ts';
import { refuseIndexStatement, refusePageStatement, statementKind } from './sql-rules.ts';
import type { Db } from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';
import { amortizeFileGrowth } from './file-growth.ts';

/**
 * Lesson 06's database: one PGlite per run, started from a prepared snapshot
 * (a data directory with the shop's tables and the baseline's side already
 * made: see scripts/db-snapshot.ts), and one schema per side (baseline,
 * candidate, reference) that only that side's role can read. Sides whose
 * files list the same indexes share one. The learner's SQL runs as that
 * role, which may not call set_config, and the order page's statements run
 * in a read-only part of the call's transaction. What a statement read comes
 * from PostgreSQL's own per-transaction statistics (pg_stat_get_xact_*), for
 * every statement the learner's code ran, never from what the code reports.
 */

/**
 * Bump when the tables, roles, settings or the baseline's indexes change: the
 * name is the cache key. (A snapshot whose baseline side no longer matches
 * the baseline's file still works: that side is then made at run time.)
 */
const SNAPSHOT = new URL('./shop-snapshot-v3.tar.gz', import.meta.url);
export const snapshotUrl = SNAPSHOT;

/** With minimal WAL, rows copied into a table made in the same transaction are not written to the log too. */
export const SNAPSHOT_SETTINGS = ['wal_level = minimal', 'max_wal_senders = 0'];

const SNAPSHOT_SQL = `
CREATE TABLE public.orders (
  id int NOT NULL,
  customer_id int NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL,
  total_cents int NOT NULL,
  payload jsonb NOT NULL
);
CREATE TABLE public.events (
  id int NOT NULL,
  order_id int NOT NULL,
  customer_id int NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  created_at timestamptz NOT NULL,
  detail text NOT NULL
);
-- The sides' roles may read their own schema and nothing of the others'. set_config
-- is how a SELECT could change its role or its search_path: nobody but the lesson may.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION set_config(text, text, boolean) FROM PUBLIC;
`;

/** A side's index statements, as its file lists them. */
export interface IndexLists {
  orderIndexes: readonly string[];
  eventIndexes: readonly string[];
}

/** Loads the shop's tables into `public`: the slow way, run once (at build time, or on a first run without a snapshot). */
export async function loadShop(db: PGlite): Promise<void> {
  const lines = tableLines();
  await db.exec(`BEGIN; ${SNAPSHOT_SQL}`);
  await copyRows(db, 'orders', lines.orders);
  await copyRows(db, 'events', lines.events);
  await db.exec('COMMIT');
}

const COPY_CHUNK_ROWS = 5_000;

/** COPYs the rows a chunk at a time, so no more than a chunk's text is in memory at once. */
async function copyRows(db: PGlite, table: 'orders' | 'events', lines: Iterable<string>): Promise<void> {
  let chunk: string[] = [];
  const flush = async () => {
    // FREEZE writes the rows already marked visible to everyone: otherwise the
    // first read of each row checks its transaction and writes the answer back
    // into the page. It holds for every COPY into a table made in this transaction.
    await db.query(`COPY public.${table} FROM '/dev/blob' WITH (FREEZE)`, [], { blob: new Blob([`${chunk.join('\n')}\n`]) });
    chunk = [];
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === COPY_CHUNK_ROWS) await flush();
  }
  if (chunk.length > 0) await flush();
}

/**
 * Turns a database with the shop loaded into what the snapshot holds: the
 * baseline's side made from `public` as any side is made (copies, primary
 * keys, VACUUM, its indexes), then `public`'s tables dropped, so the
 * snapshot holds the rows once and the page's first step has no side to
 * make for the baseline. Other sides copy the baseline side's tables.
 */
export async function prepareBaselineSide(db: PGlite, baseline: IndexLists): Promise<void> {
  const name = await copyTables(db, 'public', 'side_1');
  await addIndexes(db, name, baseline);
  await db.exec('DROP TABLE public.orders, public.events; CREATE TABLE public.prepared_side (name text, lists text)');
  await db.query('INSERT INTO public.prepared_side VALUES ($1, $2)', [name, listsKey(baseline)]);
}

const listsKey = (lists: IndexLists): string => JSON.stringify([lists.orderIndexes, lists.eventIndexes]);

/** The snapshot's bytes, or undefined when there is none (then the database is built from the data). */
async function readSnapshot(): Promise<Blob | undefined> {
  try {
    if (SNAPSHOT.protocol === 'file:') {
      const fs = 'node:fs/promises';
      const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises');
      return new Blob([new Uint8Array(await readFile(SNAPSHOT))]);
    }
    const response = await fetch(SNAPSHOT);
    return response.ok ? await response.blob() : undefined;
  } catch {
    return undefined;
  }
}

/** The run's database. */
interface Shop {
  db: PGlite;
  /** The schema whose tables every new side copies. */
  source: string;
}

let shop: Promise<Shop> | undefined;

/**
 * The sides made so far, by their index statements: sides with the same
 * statements have the same tables, so they share one copy (the learner's
 * side, until its indexes change, is the baseline's). Every call is undone
 * and the order page only reads, so no side's calls change what another
 * side's calls find.
 */
const sidesByLists = new Map<string, Promise<Side>>();

/** The run's database: from the snapshot when there is one, else loaded from the data. */
function openShop(): Promise<Shop> {
  shop ??= (async () => {
    const snapshot = await readSnapshot();
    const db = await PGlite.create(snapshot ? { loadDataDir: snapshot } : {});
    amortizeFileGrowth(db);
    if (!snapshot) {
      await loadShop(db);
      return { db, source: 'public' };
    }
    const { rows } = await db.query<{ name: string; lists: string }>('SELECT name, lists FROM public.prepared_side');
    const made = rows[0]!;
    sideCount = Number(made.name.replace('side_', ''));
    sidesByLists.set(made.lists, describeSide(db, made.name));
    return { db, source: made.name };
  })();
  return shop;
}

/** A SQL error from the learner's statements, with PostgreSQL's own words. */
export class SqlError extends ServiceError {
  constructor(message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

export function sqlErrorText(error: unknown, sql: string): string {
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

const shown = (sql: string): string => {
  const statement = sql.replace(/\s+/g, ' ').trim();
  return statement.length > 90 ? `${statement.slice(0, 87)}...` : statement;
};

/** One side's copy of the tables, with its own indexes, readable only by its role. */
export interface Side {
  db: PGlite;
  /** Schema and role: the same name. */
  name: string;
  /** Indexes on this side's `events`, the primary key included. */
  eventIndexes: number;
}

let sideCount = 0;

/**
 * A side's schema and role with copies of both tables, their primary keys,
 * and VACUUM, before any of its own indexes. VACUUM sets the visibility map
 * (an index-only scan can skip the table, as in any vacuumed table) and the
 * table's size for the planner. No ANALYZE: it costs seconds per side, and a
 * sample drawn at random would give each side its own statistics, so
 * identical code could get different plans. Without column statistics the
 * planner uses its fixed estimates, the same for every side, and still picks
 * every index the lesson is about. The tables are unlogged: nothing here
 * needs to survive a crash, and every side pays the same.
 */
async function copyTables(db: PGlite, from: string, name = `side_${++sideCount}`): Promise<string> {
  await db.exec(`
    CREATE ROLE ${name};
    CREATE SCHEMA ${name} AUTHORIZATION ${name};
    CREATE UNLOGGED TABLE ${name}.orders AS TABLE ${from}.orders;
    CREATE UNLOGGED TABLE ${name}.events AS TABLE ${from}.events;
    ALTER TABLE ${name}.orders OWNER TO ${name};
    ALTER TABLE ${name}.events OWNER TO ${name};
    ALTER TABLE ${name}.orders ADD PRIMARY KEY (id);
    ALTER TABLE ${name}.events ADD PRIMARY KEY (id);
  `);
  await db.exec(`VACUUM ${name}.orders, ${name}.events`);
  return name;
}

let spare: Promise<string> | undefined;

/**
 * Copies the tables for a side whose indexes are not known yet (the
 * learner's, before Run): the copying is most of the cost of a side, and
 * it does not depend on the indexes.
 */
export function copyTablesAhead(): Promise<string> {
  spare ??= openShop().then(({ db, source }) => copyTables(db, source));
  return spare;
}

/** Runs a side's own index statements as the side's role, one at a time. */
async function addIndexes(db: PGlite, name: string, lists: IndexLists): Promise<void> {
  await db.exec(`SET ROLE ${name}; SET search_path TO ${name}`);
  try {
    for (const [list, statements] of [['orderIndexes', lists.orderIndexes], ['eventIndexes', lists.eventIndexes]] as const) {
      for (let i = 0; i < statements.length; i++) {
        const sql = statements[i]!;
        const refusal = refuseIndexStatement(sql);
        if (refusal) throw new BoundaryError(`${list}[${i}] cannot run: ${refusal}. It was: ${shown(sql)}`);
        try {
          // db.query sends one statement: a second one after a semicolon is refused by PostgreSQL.
          await db.query(sql);
        } catch (error) {
          throw new SqlError(`${list}[${i}] failed: ${sqlErrorText(error, sql)}, in: ${shown(sql)}`);
        }
      }
    }
  } finally {
    // Whatever the statements changed, the session goes back to the lesson's role and settings.
    await db.exec('RESET ALL; RESET ROLE');
  }
}

/**
 * The side for these index statements: the one already made with the same
 * statements (the snapshot holds the baseline's), else copies of the tables
 * (made ahead when they were) with the side's own index statements.
 */
export async function createSide(orderIndexes: readonly string[], eventIndexes: readonly string[]): Promise<Side> {
  const { db, source } = await openShop();
  const lists = { orderIndexes, eventIndexes };
  const key = listsKey(lists);
  let side = sidesByLists.get(key);
  if (side === undefined) {
    side = makeSide(db, source, lists);
    sidesByLists.set(key, side);
  }
  return side;
}

async function makeSide(db: PGlite, source: string, lists: IndexLists): Promise<Side> {
  const ahead = spare;
  spare = undefined;
  const name = await (ahead ?? copyTables(db, source));
  await addIndexes(db, name, lists);
  return describeSide(db, name);
}

async function describeSide(db: PGlite, name: string): Promise<Side> {
  const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = '${name}.events'::regclass`);
  return { db, name, eventIndexes: count.rows[0]!.n };
}

/** What the database read for some statements: its own statistics for the current transaction. */
export interface Reads {
  /** 8 KB pages of tables and indexes requested (found in memory or not), every time. */
  pages: number;
  /** Table rows read: by scans of the table and fetched through indexes. */
  rows: number;
}

/**
 * The transaction's reads so far over every table and index the shop has
 * (every object made after the system catalogs: all sides', whatever a
 * statement names), from the counters PostgreSQL keeps for the transaction.
 * Rows read are those a scan of a table read, and those an index scan
 * fetched from the table (which PostgreSQL counts on the index).
 */
const READS_SQL = `SELECT coalesce(sum(pg_stat_get_xact_blocks_fetched(oid)), 0)::float8 AS pages,
  coalesce(sum(CASE relkind WHEN 'r' THEN pg_stat_get_xact_tuples_returned(oid) + pg_stat_get_xact_tuples_fetched(oid)
                            WHEN 'i' THEN pg_stat_get_xact_tuples_fetched(oid) END), 0)::float8 AS rows
  FROM pg_catalog.pg_class WHERE oid >= 16384`;

function readsOf(result: { rows: unknown[] } | undefined): Reads {
  const row = result?.rows[0] as { pages?: number; rows?: number } | undefined;
  return { pages: row?.pages ?? 0, rows: row?.rows ?? 0 };
}

const minus = (a: Reads, b: Reads): Reads => ({ pages: a.pages - b.pages, rows: a.rows - b.rows });

/** What one page view's statements did. */
export interface PageReads extends Reads {
  /** Bytes of the rows the database sent back, as JSON. */
  bytes: number;
  statements: { sql: string; params: unknown[] }[];
  /**
   * The first statement of the view that reached for what belongs to the
   * lesson (the transaction, a setting, another side's tables, a write), with
   * why it was refused. Recorded even when the code catches the refusal.
   */
  refused?: string;
}

/**
 * PostgreSQL's codes for a statement the side's role or the read-only part
 * may not run: insufficient_privilege and read_only_sql_transaction.
 */
const REFUSED_BY_DATABASE = new Set(['42501', '25006']);

const encoder = new TextEncoder();

/**
 * One call's transaction on a side: the call's own writes, then the order
 * page's read-only statements, then more writes; all undone at the end, so
 * every call sees the same tables plus its own seeded writes.
 */
export class CallTransaction {
  readonly #side: Side;
  #before: Reads = { pages: 0, rows: 0 };

  constructor(side: Side) {
    this.#side = side;
  }

  /** Opens the transaction as the side's role, runs `setupSql` and enters the read-only part. */
  async begin(setupSql: string): Promise<void> {
    const results = await this.#side.db.exec(
      `BEGIN; SET LOCAL ROLE ${this.#side.name}; SET LOCAL search_path TO ${this.#side.name}; ${setupSql};` +
        ` SAVEPOINT page; SET LOCAL transaction_read_only = on; ${READS_SQL}`,
    );
    this.#before = readsOf(results.at(-1));
  }

  /**
   * The `Db` handed to the learner's code for one page view: frozen, with
   * nothing on it but `query`. It runs only reads, one statement at a time,
   * and stops working when the view is over, so no statement can run
   * outside the view it is counted in.
   */
  pageView(): { db: Db; finish(): Promise<PageReads> } {
    const side = this.#side;
    const pending = new Set<Promise<unknown>>();
    const reads: PageReads = { pages: 0, rows: 0, bytes: 0, statements: [] };
    let open = true;
    const run = async (sql: string, params: unknown[]): Promise<{ rows: unknown[] }> => {
      reads.statements.push({ sql, params });
      let result;
      try {
        result = await side.db.query(sql, params);
      } catch (error) {
        // A failed statement ends the read-only part; start it again, as nothing was written.
        await side.db.exec('ROLLBACK TO SAVEPOINT page; SET LOCAL transaction_read_only = on');
        const text = sqlErrorText(error, sql);
        if (REFUSED_BY_DATABASE.has((error as { code?: string } | null)?.code ?? '')) reads.refused ??= `the database refused "${shown(sql)}": ${text}`;
        throw new SqlError(text);
      }
      for (const row of result.rows) reads.bytes += encoder.encode(JSON.stringify(row) ?? '').length;
      return { rows: result.rows };
    };
    const db: Db = {
      query<Row>(sql: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
        if (!open) return Promise.reject(new Error('db.query was called after recentOrders returned: await every query before you return'));
        if (typeof sql !== 'string') return Promise.reject(new TypeError('db.query needs the SQL text as its first argument, a string'));
        if (!Array.isArray(params)) return Promise.reject(new TypeError('db.query takes its values as a list: db.query(sql, [value])'));
        const refusal = refusePageStatement(sql);
        if (refusal) {
          // An empty statement is a slip, not a reach for the lesson's part.
          if (statementKind(sql) !== '') reads.refused ??= refusal;
          return Promise.reject(new SqlError(refusal));
        }
        const running = run(sql, Array.from(params));
        pending.add(running);
        void running.then(
          () => pending.delete(running),
          () => pending.delete(running),
        );
        return running as Promise<{ rows: Row[] }>;
      },
    };
    return {
      db: sealed(db),
      finish: async () => {
        open = false;
        // A query the code started and did not wait for still counts for this view.
        while (pending.size > 0) await Promise.allSettled([...pending]);
        const now = readsOf(await side.db.query(READS_SQL));
        Object.assign(reads, minus(now, this.#before));
        this.#before = now;
        return reads;
      },
    };
  }

  /**
   * Leaves the read-only part, runs the lesson's writes after the page, then
   * one read of its own (the timeline), with what that read cost.
   */
  async afterPage<Row>(writeSql: string, readSql: string): Promise<{ rows: Row[]; reads: Reads }> {
    const results = await this.#side.db.exec(`ROLLBACK TO SAVEPOINT page; ${writeSql}; ${READS_SQL}; ${readSql}; ${READS_SQL}`);
    const [before, read, after] = results.slice(-3);
    return { rows: (read?.rows ?? []) as Row[], reads: minus(readsOf(after), readsOf(before)) };
  }

  /** Runs a statement as the lesson, e.g. EXPLAIN for the plans shown (not counted for the learner). */
  query<Row>(sql: string, params: unknown[] = []): Promise<{ rows: Row[] }> {
    return this.#side.db.query<Row>(sql, params);
  }

  async end(): Promise<void> {
    await this.#side.db.exec('ROLLBACK');
  }
}

/** Ids of a call's events start above every id in the table, at a seeded offset, so calls never reuse each other's. */
export const eventIdsFrom = (offset: number): number => EVENTS + 1 + offset;
