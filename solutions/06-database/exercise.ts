import type { Db, OrderSummary } from './types';

/**
 * Part 1: indexes on `orders`, one SQL statement per entry. They run once,
 * on a fresh copy of the table, before anything is timed.
 *
 * One index whose columns follow the query: first the column of the WHERE
 * (equality), then the column of the ORDER BY. (A B-tree reads backward as
 * well as forward, so the direction only matters for a mixed sort.) The
 * database jumps to the customer's newest order and reads 20 entries in
 * order: no scan of the table, no sort.
 */
export const orderIndexes: string[] = [
  'CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC)',
];

/**
 * Part 1: the order page. A customer's 20 most recent orders, newest first:
 * the page shows each order's id, created_at, status and total_cents.
 *
 * Only the four columns the page shows: the payload (about 400 bytes an
 * order) stays in the database.
 */
export async function recentOrders(db: Db, customerId: number): Promise<OrderSummary[]> {
  const { rows } = await db.query<OrderSummary>(
    `SELECT id, created_at, status, total_cents
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
 * Only the timeline query reads this table, and it looks rows up by
 * order_id: that index stays. The others served no query and cost time on
 * every insert.
 */
export const eventIndexes: string[] = [
  'CREATE INDEX events_order_id_idx ON events (order_id)',
];
