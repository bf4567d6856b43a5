import type { Db, OrderSummary } from './types';

/**
 * Part 1: indexes on `orders`, one SQL statement per entry. They run once,
 * on a fresh copy of the table, before anything is timed.
 *
 * There are none yet besides the primary key on `id`, and `orders` now has
 * 50,000 rows. How does the database find one customer's orders without an
 * index that starts with the column it filters on? And once it has found
 * them, how does it know which 20 are the newest?
 */
export const orderIndexes: string[] = [];

/**
 * Part 1: the order page. A customer's 20 most recent orders, newest first:
 * the page shows each order's id, created_at, status and total_cents.
 *
 * It is correct, and it gets slower with every order the shop takes. Make
 * it fast, and return the same orders in the same order.
 *
 * What does `*` bring back for each order, and how much of it does the page
 * use? (Look at `Order` in types.ts.)
 */
export async function recentOrders(db: Db, customerId: number): Promise<OrderSummary[]> {
  const { rows } = await db.query<OrderSummary>(
    `SELECT *
       FROM orders
      WHERE customer_id = $1
      ORDER BY created_at DESC
      LIMIT 20`,
    [customerId],
  );
  return rows;
}

/**
 * Part 2: indexes on `events`, the table every order's history is written
 * to, a few hundred rows at a time.
 *
 * Over the years, someone added an index for every report they might write.
 * Each one is updated on every insert, and inserts have become slow. Only
 * one query reads this table, an order's timeline:
 *
 *   SELECT id, kind, source, created_at FROM events
 *   WHERE order_id = $1 ORDER BY created_at, id
 *
 * Which of these does it need? (The primary key on `id` stays whatever you
 * do.)
 */
export const eventIndexes: string[] = [
  'CREATE INDEX events_order_id_idx ON events (order_id)',
  'CREATE INDEX events_customer_id_idx ON events (customer_id)',
  'CREATE INDEX events_kind_idx ON events (kind)',
  'CREATE INDEX events_source_idx ON events (source)',
  'CREATE INDEX events_created_at_idx ON events (created_at)',
  'CREATE INDEX events_customer_id_kind_idx ON events (customer_id, kind)',
  'CREATE INDEX events_detail_idx ON events (detail)',
];
