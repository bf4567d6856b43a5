/**
 * A connection to the shop's database: a real PostgreSQL 18 (PGlite, PostgreSQL
 * compiled to WebAssembly), running next to your code.
 *
 * Your statements see two tables, `orders` and `events`, under those names.
 * (Behind the scenes, the starter, your code and the reference solution each
 * get their own copy of both tables, with their own indexes, so nothing one
 * of them does affects the others.)
 *
 * The order page only reads: `query` runs one SELECT (or WITH, VALUES,
 * TABLE) at a time, and refuses writes, settings and transaction control.
 * What each statement reads is counted by PostgreSQL itself.
 */
export interface Db {
  /**
   * Runs one SQL statement and returns its rows, one object per row, keyed by
   * column name. Write `$1`, `$2`… in the SQL for values and pass the values
   * in `params`: `db.query('SELECT … WHERE id = $1', [42])`.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

/** Where an order is in its life. */
export type OrderStatus = 'paid' | 'packed' | 'shipped' | 'delivered' | 'refunded';

/**
 * One row of the `orders` table: 50,000 orders from 500 customers, each with
 * about 100 orders, and a few customers who joined late with only a handful
 * (some with none at all). Orders placed in the same second (a basket split
 * into parcels) share their `created_at`.
 *
 * ```sql
 * CREATE TABLE orders (
 *   id          int PRIMARY KEY,      -- grows with time
 *   customer_id int NOT NULL,
 *   created_at  timestamptz NOT NULL,
 *   status      text NOT NULL,
 *   total_cents int NOT NULL,
 *   payload     jsonb NOT NULL        -- about 400 bytes a row
 * );
 * ```
 */
export interface Order {
  id: number;
  customer_id: number;
  created_at: Date;
  status: OrderStatus;
  total_cents: number;
  /** Everything the checkout saved: items, shipping address, browser. The order page shows none of it. */
  payload: OrderPayload;
}

/** The `payload` column of `orders`. */
export interface OrderPayload {
  items: { sku: string; name: string; qty: number; price_cents: number }[];
  shipping: { name: string; street: string; city: string; postcode: string };
  gift_note: string | null;
  user_agent: string;
}

/**
 * What the order page shows for each order: these four columns, under these
 * names. The page holds a customer's 20 most recent orders, newest first (all
 * of them when they have fewer); orders of the same second may come in any
 * order among themselves.
 */
export type OrderSummary = Pick<Order, 'id' | 'created_at' | 'status' | 'total_cents'>;

/**
 * One row of the `events` table (part two): everything that happens to an
 * order, about 60,000 rows, and a few hundred more written every second.
 *
 * ```sql
 * CREATE TABLE events (
 *   id          int PRIMARY KEY,
 *   order_id    int NOT NULL,
 *   customer_id int NOT NULL,
 *   kind        text NOT NULL,   -- 'created', 'paid', 'packed', 'shipped', 'delivered', 'refunded'
 *   source      text NOT NULL,   -- 'web', 'app', 'api', 'support'
 *   created_at  timestamptz NOT NULL,
 *   detail      text NOT NULL    -- about 50 characters
 * );
 * ```
 *
 * The only query that reads it shows one order's timeline:
 *
 * ```sql
 * SELECT id, kind, source, created_at FROM events WHERE order_id = $1 ORDER BY created_at, id
 * ```
 */
export interface OrderEvent {
  id: number;
  order_id: number;
  customer_id: number;
  kind: 'created' | 'paid' | 'packed' | 'shipped' | 'delivered' | 'refunded';
  source: 'web' | 'app' | 'api' | 'support';
  created_at: Date;
  detail: string;
}
