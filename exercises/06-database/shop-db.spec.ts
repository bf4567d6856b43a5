import { describe, expect, it } from 'vitest';
import { tableLines } from './shop-data.ts';
import { createSide } from './shop-db.ts';
import * as starter from './exercise.ts';
import * as reference from '../../solutions/06-database/exercise.ts';

/**
 * The sides of lesson 06, started from the snapshot that `npm run
 * db:snapshot` writes (the test command makes it first).
 */
/** Rows of `orders` in the shop's data, the edge cases' included. */
const orderRows = [...tableLines().orders].length;

describe('the sides of the shop database', () => {
  it('takes the baseline side from the snapshot, with its rows and its indexes', async () => {
    const side = await createSide(starter.orderIndexes, starter.eventIndexes);
    expect(side.name).toBe('side_1');
    // Unlogged tables survive only a snapshot of a database that was shut down cleanly.
    const { rows } = await side.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${side.name}.orders`);
    expect(rows[0]!.n).toBe(orderRows);
    expect(side.eventIndexes).toBe(1 + starter.eventIndexes.length);
  }, 60_000);

  it('gives sides with the same index statements one copy, and other statements a copy of their own', async () => {
    const again = await createSide([...starter.orderIndexes], [...starter.eventIndexes]);
    expect(again.name).toBe('side_1');
    const other = await createSide(reference.orderIndexes, reference.eventIndexes);
    expect(other.name).not.toBe('side_1');
    expect(other.eventIndexes).toBe(1 + reference.eventIndexes.length);
    const { rows } = await other.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${other.name}.orders`);
    expect(rows[0]!.n).toBe(orderRows);
    const plan = await other.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM ${other.name}.orders WHERE customer_id = 7 ORDER BY created_at DESC LIMIT 20`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('orders_customer_id_created_at_idx');
  }, 60_000);
});
