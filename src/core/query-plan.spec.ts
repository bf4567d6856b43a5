import { describe, expect, it } from 'vitest';
import { hottestNode, parsePlan } from './query-plan.ts';

const seqScan = `Limit (actual time=11.892..11.923 rows=20.00 loops=1)
  Buffers: shared hit=3597
  ->  Sort (actual time=11.889..11.900 rows=20.00 loops=1)
        Sort Key: created_at DESC
        Sort Method: top-N heapsort  Memory: 58kB
        Buffers: shared hit=3597
        ->  Seq Scan on orders (actual time=0.029..11.402 rows=119.00 loops=1)
              Filter: (customer_id = 399)
              Rows Removed by Filter: 49948
              Buffers: shared hit=3597
Planning Time: 0.088 ms
Execution Time: 11.962 ms`;

const bitmap = `Sort (actual time=0.072..0.076 rows=3.00 loops=1)
  Sort Key: created_at, id
  Buffers: shared hit=3 read=6
  ->  Bitmap Heap Scan on events (actual time=0.042..0.058 rows=3.00 loops=1)
        Recheck Cond: (order_id = 20298)
        Buffers: shared hit=3 read=4
        ->  Bitmap Index Scan on events_order_id_idx (actual time=0.019..0.019 rows=8.00 loops=1)
              Index Cond: (order_id = 20298)
              Buffers: shared read=2
        ->  Bitmap Index Scan on events_kind_idx (actual time=0.019..0.019 rows=8.00 loops=1)
              Buffers: shared hit=1
Planning Time: 0.178 ms`;

describe('parsePlan', () => {
  it('reads the nodes, their rows, notes and pages, nested as EXPLAIN indents them', () => {
    const root = parsePlan(seqScan)!;
    expect(root.name).toBe('Limit');
    expect(root.rows).toBe(20);
    const scan = root.children[0]!.children[0]!;
    expect(scan).toMatchObject({ name: 'Seq Scan on orders', rows: 119, loops: 1, pages: 3597, ownPages: 3597 });
    expect(scan.notes).toEqual(['Filter: (customer_id = 399)', 'Rows Removed by Filter: 49948']);
    expect(root.children[0]!.notes).toEqual(['Sort Key: created_at DESC', 'Sort Method: top-N heapsort  Memory: 58kB']);
    // Buffers count everything under a node: the Limit and the Sort read nothing themselves.
    expect([root.ownPages, root.children[0]!.ownPages]).toEqual([0, 0]);
    expect(hottestNode(root)).toBe(scan);
  });

  it('adds hit and read, keeps siblings apart, and marks the node that read most itself', () => {
    const root = parsePlan(bitmap)!;
    const heap = root.children[0]!;
    expect(heap.children.map((c) => [c.name, c.pages])).toEqual([
      ['Bitmap Index Scan on events_order_id_idx', 2],
      ['Bitmap Index Scan on events_kind_idx', 1],
    ]);
    expect([root.pages, root.ownPages, heap.pages, heap.ownPages]).toEqual([9, 2, 7, 4]);
    expect(hottestNode(root)).toBe(heap);
  });

  it('gives nothing for text that holds no plan, and no hottest node where nothing was read', () => {
    expect(parsePlan('')).toBeUndefined();
    expect(hottestNode(parsePlan('Result (actual time=0.001..0.001 rows=1.00 loops=1)')!)).toBeUndefined();
  });
});
