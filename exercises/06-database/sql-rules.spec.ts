import { describe, expect, it } from 'vitest';
import { refuseIndexStatement, refusePageStatement, statementKind, withoutLeadingComments } from './sql-rules.ts';

describe('lesson 06 SQL rules', () => {
  it('reads the first word past comments and blanks, nested block comments included', () => {
    expect(withoutLeadingComments('  -- the page\n  /* a /* nested */ note */ SELECT 1')).toBe('SELECT 1');
    expect(statementKind('/* x */ with t as (select 1) select * from t')).toBe('WITH');
    expect(statementKind('(SELECT 1) UNION (SELECT 2)')).toBe('SELECT');
    expect(statementKind('create unique index on orders (id)')).toBe('CREATE INDEX');
    expect(statementKind('CREATE   MATERIALIZED VIEW v AS SELECT 1')).toBe('CREATE MATERIALIZED');
  });

  it('lets the order page read and nothing else', () => {
    for (const sql of ['SELECT 1', 'with x as (select 1) select * from x', 'TABLE orders', 'VALUES (1)']) {
      expect(refusePageStatement(sql)).toBeNull();
    }
    expect(refusePageStatement('COMMIT')).toMatch(/refused COMMIT: each call runs in a transaction/);
    expect(refusePageStatement('  rollback')).toMatch(/refused ROLLBACK/);
    expect(refusePageStatement('SET enable_seqscan = off')).toMatch(/refused SET: the database's settings belong to the lesson/);
    expect(refusePageStatement('-- hi\nCREATE INDEX ON orders (customer_id)')).toMatch(/refused CREATE INDEX: .*orderIndexes/);
    expect(refusePageStatement('DELETE FROM orders')).toMatch(/refused DELETE: the order page only reads/);
    expect(refusePageStatement('   ')).toMatch(/no SQL statement/);
  });

  it('lets the index lists create indexes and nothing else', () => {
    expect(refuseIndexStatement('CREATE INDEX CONCURRENTLY ON events (order_id)')).toBeNull();
    expect(refuseIndexStatement('/* covering */ create index on orders (customer_id) include (status)')).toBeNull();
    expect(refuseIndexStatement('DROP TABLE events')).toMatch(/a DROP TABLE statement, and these lists may only create indexes/);
    expect(refuseIndexStatement('CREATE TABLE pages AS SELECT 1')).toMatch(/CREATE TABLE/);
    expect(refuseIndexStatement('ANALYZE orders')).toMatch(/ANALYZE/);
  });
});
