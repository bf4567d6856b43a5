import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { createRng, type Rng } from '../../src/core/rng.ts';
import { shuffled } from '../../src/kit/index.ts';
import type { Customer, CustomerOrders, Order, Report } from './types.ts';

/**
 * Lesson 05: pick the structure that fits the lookup.
 *
 * The learner's `buildReport` filters orders to VIP customers, deduplicates
 * their emails and groups the orders by customer. The starter searches arrays
 * inside loops; the number of customers grows with the number of orders, so
 * its time grows with the square of the input. The reference uses a Set and
 * Maps and grows linearly. The verdict is on time alone; the counters only
 * describe the output.
 *
 * The rules (exercise.ts, types.ts), each exercised in every call and named
 * by check() when broken:
 * - the VIP orders are those whose customer is a VIP: some orders belong to
 *   deleted accounts, and customer ids in orders are equal strings, not the
 *   same objects (vipOrderCount);
 * - emails are lowercased, distinct, in order of first appearance: the same
 *   address comes typed with other capitals (emails);
 * - one group per VIP customer with orders, in the order of each customer's
 *   first order, with the customer's name, its order ids in input order and
 *   their exact total (groups); a VIP without orders has no group;
 * - a duplicated order row (a retried insert) counts twice, as in the
 *   starter: the same output, whatever the input holds;
 * - the edges: no orders at all, a single order, no VIP, only orders of
 *   deleted accounts. Each call also runs buildReport on those small inputs
 *   (see EDGE_CASES), which costs microseconds beside the main input.
 * The report is copied as plain data inside the timed call, so work a getter
 * or a lazy structure would put off is timed too, and the check reads the copy.
 */

interface Work {
  orders: Order[];
  customers: Customer[];
  /** The small inputs every call also reports on. */
  edges: EdgeCase[];
}

interface EdgeCase {
  /** Names the input in a message: "for input #1, on the input with a single order, ...". */
  label: string;
  orders: Order[];
  customers: Customer[];
}

interface Output {
  main: Report;
  edges: Report[];
}

type BuildReport = (orders: readonly Order[], customers: readonly Customer[]) => Report;

/** Orders per customer, on average: 20,000 orders come from 5,000 customers. */
const ORDERS_PER_CUSTOMER = 4;
/** Share of customers on the VIP plan. */
const VIP_SHARE = 0.2;
/** A VIP orders this many times as often as anyone else. */
const VIP_ORDER_WEIGHT = 3;
/** Share of orders whose customer has since been deleted. */
const ORPHAN_SHARE = 0.01;
/** Share of customers whose VIP plan flips from one call to the next: every call has other answers. */
const VIP_FLIP_SHARE = 0.1;
/** Orders whose row appears twice in the input, as a retried insert leaves it. */
const DUPLICATED_ROWS = 2;

const FIRST_NAMES = [
  'Ada', 'Bilal', 'Chen', 'Dana', 'Emeka', 'Farah', 'Giulia', 'Hiro', 'Ines', 'Jonas',
  'Kavya', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomoko',
  'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
];
const LAST_NAMES = [
  'Okafor', 'Novak', 'Tanaka', 'Garcia', 'Smith', 'Haddad', 'Rossi', 'Kowalski', 'Nguyen',
  'Silva', 'Meyer', 'Patel', 'Johansson', 'Kim', 'Dubois', 'Moreau', 'Ivanova', 'Costa',
];
const HOME_DOMAINS = ['mail.example', 'inbox.example', 'post.example', 'web.example'];
const WORK_DOMAINS = ['acme.example', 'globex.example', 'initech.example', 'umbrella.example'];

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(rng: Rng, length: number): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ID_ALPHABET[rng.int(0, ID_ALPHABET.length - 1)];
  return token;
}

/** `Ada.Okafor` -> `ADA.OKAFOR` or `ada.okafor`, as people type at checkout. */
function recase(rng: Rng, localPart: string): string {
  return rng.next() < 0.5 ? localPart.toUpperCase() : localPart.toLowerCase();
}

/**
 * The costly part of a workload: customers with random ids, names and
 * addresses, and orders that point at them. Built once per size (from a seed
 * of its own), then copied for every call with fresh plans, totals, order and
 * capitals (see `freshWork`): building it takes far longer than the
 * reference takes to report on it.
 */
function buildBase(rng: Rng, size: number): { orders: Order[]; customers: Customer[] } {
  const orderCount = Math.max(1, Math.round(size));
  const customerCount = Math.max(1, Math.round(orderCount / ORDERS_PER_CUSTOMER));

  const usedIds = new Set<string>();
  const customers: Customer[] = [];
  /** Each customer's second address (work, or an old one), used at some checkouts. */
  const otherEmails: string[] = [];
  for (let i = 0; i < customerCount; i++) {
    let token: string;
    do token = randomToken(rng, 6);
    while (usedIds.has(token));
    usedIds.add(token);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${first}.${last}${rng.int(1, 999)}`;
    customers.push({
      id: `cus_${token}`,
      name: `${first} ${last}`,
      email: `${local}@${rng.pick(HOME_DOMAINS)}`,
      vip: rng.next() < VIP_SHARE,
    });
    otherEmails.push(`${first[0]}${last}@${rng.pick(WORK_DOMAINS)}`.toLowerCase());
  }

  // VIPs appear VIP_ORDER_WEIGHT times in the pool, so they place more orders.
  const pool: number[] = [];
  for (let i = 0; i < customerCount; i++) {
    const weight = customers[i]!.vip ? VIP_ORDER_WEIGHT : 1;
    for (let w = 0; w < weight; w++) pool.push(i);
  }

  const orders: Order[] = [];
  let orderNumber = rng.int(100_000, 9_000_000);
  for (let i = 0; i < orderCount; i++) {
    orderNumber += rng.int(1, 3);
    const totalCents = rng.int(499, 49_999);
    if (rng.next() < ORPHAN_SHARE) {
      // A deleted account: its id is in no list.
      let token: string;
      do token = randomToken(rng, 6);
      while (usedIds.has(token));
      orders.push({
        id: `ord_${orderNumber}`,
        customerId: `cus_${token}`,
        email: `${randomToken(rng, 8)}@${rng.pick(HOME_DOMAINS)}`,
        totalCents,
      });
      continue;
    }
    const index = rng.pick(pool);
    const customer = customers[index]!;
    const [local, domain] = customer.email.split('@') as [string, string];
    const roll = rng.next();
    const email =
      roll < 0.7
        ? customer.email
        : roll < 0.85
          ? `${recase(rng, local)}@${domain}`
          : otherEmails[index]!;
    orders.push({
      id: `ord_${orderNumber}`,
      // A fresh string with the same characters, as rows read from a database
      // or parsed from JSON are: equal, but not the same object.
      customerId: `cus_${customer.id.slice(4)}`,
      email,
      totalCents,
    });
  }
  return { orders, customers };
}

/** The sizes on the growth chart; the last is the lesson's own. */
const GROWTH_SIZES = [2_500, 5_000, 10_000, 20_000];

const bases = new Map<number, { orders: Order[]; customers: Customer[] }>();

function baseOf(size: number): { orders: Order[]; customers: Customer[] } {
  let base = bases.get(size);
  if (!base) {
    base = buildBase(createRng(0x5eed0000 + size), size);
    bases.set(size, base);
  }
  return base;
}

/**
 * A fresh workload for one call, from the base of its size: new objects
 * (nothing one call does to its input reaches another), a tenth of the
 * customers on another plan and in another order, new totals, the orders rotated to start at a
 * seeded place (so first appearances move), some addresses typed with other
 * capitals, and a duplicated row or two. Answers remembered from another call
 * are wrong here, and it costs a few milliseconds rather than a rebuild.
 */
function freshWork(rng: Rng, size: number): Work {
  const base = baseOf(Math.max(1, Math.round(size)));
  // In a seeded order of their own: nothing known ahead about the base (where a customer sits) still holds.
  const customers = shuffled(
    rng,
    base.customers.map((c) => ({ ...c, vip: rng.next() < VIP_FLIP_SHARE ? !c.vip : c.vip })),
  );
  const n = base.orders.length;
  const start = rng.int(0, n - 1);
  const orders: Order[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = base.orders[(start + i) % n]!;
    const roll = rng.next();
    orders[i] = {
      id: o.id,
      customerId: o.customerId,
      email: roll < 0.05 ? o.email.toUpperCase() : o.email,
      totalCents: rng.int(499, 49_999),
    };
  }
  for (let d = 0; d < DUPLICATED_ROWS && n > 2; d++) {
    const at = rng.int(1, n - 1);
    orders.splice(rng.int(at, n), 0, { ...orders[at]! });
  }
  return { orders, customers, edges: edgeCases(rng, orders, customers) };
}

/** The small inputs of every call, cut from its main input. */
function edgeCases(rng: Rng, orders: readonly Order[], customers: readonly Customer[]): EdgeCase[] {
  const known = new Map(customers.map((c) => [c.id, c] as const));
  const vip = customers.find((c) => c.vip) ?? { ...customers[0]!, vip: true };
  const vipOrder = orders.find((o) => o.customerId === vip.id) ?? { id: 'ord_1', customerId: vip.id, email: vip.email, totalCents: 1999 };
  const plainOrder = orders.find((o) => known.get(o.customerId)?.vip === false) ?? vipOrder;
  const orphans = orders.filter((o) => !known.has(o.customerId)).slice(0, 3);
  const someCustomers = customers
    .slice(rng.int(0, Math.max(0, customers.length - 20)))
    .slice(0, 20)
    .filter((c) => c.id !== vip.id);
  const copy = (o: Order): Order => ({ ...o });
  return [
    { label: 'the empty input (no orders, no customers)', orders: [], customers: [] },
    { label: 'the input with a single order, from a VIP', orders: [copy(vipOrder)], customers: [{ ...vip }, ...someCustomers.map((c) => ({ ...c }))] },
    {
      label: 'the input where nobody is a VIP',
      orders: [copy(plainOrder), copy(vipOrder)],
      customers: customers
        .slice(0, 50)
        .filter((c) => c.id !== vip.id)
        .map((c) => ({ ...c, vip: false }))
        .concat({ ...vip, vip: false }),
    },
    { label: 'the input with only orders of deleted accounts', orders: orphans.map(copy), customers: someCustomers.map((c) => ({ ...c })) },
  ];
}

/**
 * The report as plain data, read field by field: what the check compares.
 * Made inside the timed call, so nothing is left for later. A part that is
 * not the right kind is kept as it is, for the check to name.
 */
function plainReport(value: unknown): Report {
  if (value === null || typeof value !== 'object') return value as Report;
  if (typeof (value as { then?: unknown }).then === 'function') {
    throw new ExerciseShapeError('what buildReport returned is a Promise: it must return the report itself, computed before it returns');
  }
  const r = value as Record<string, unknown>;
  const emails = Array.isArray(r.emails) ? Array.from(r.emails as unknown[]) : r.emails;
  const groups = Array.isArray(r.groups)
    ? Array.from(r.groups as unknown[], (g) => {
        if (g === null || typeof g !== 'object') return g;
        const group = g as Record<string, unknown>;
        return {
          customerId: group.customerId,
          name: group.name,
          orderIds: Array.isArray(group.orderIds) ? Array.from(group.orderIds as unknown[]) : group.orderIds,
          totalCents: group.totalCents,
        };
      })
    : r.groups;
  return { vipOrderCount: r.vipOrderCount, emails, groups } as Report;
}

// ---------------------------------------------------------------------------
// Comparing outputs. The candidate's output comes from learner code, so it is
// checked for shape before it is compared.

const count = (n: number): string => n.toLocaleString('en-US');
const quote = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);
/** Ids are printed bare when they are strings, as in "customer cus_3k9x2a". */
const id = (value: unknown): string => (typeof value === 'string' ? value : describe(value));
const money = (cents: number): string =>
  Number.isInteger(cents) ? `$${(cents / 100).toFixed(2)}` : String(cents);
const plural = (n: number, one: string, many: string): string =>
  `${count(n)} ${n === 1 ? one : many}`;

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quote(value)}`;
}

function shapeProblem(actual: unknown): string | null {
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return `you returned ${describe(actual)}, not a report object ({ vipOrderCount, emails, groups })`;
  }
  const report = actual as Record<string, unknown>;
  if (typeof report.vipOrderCount !== 'number') {
    return `your report's vipOrderCount is ${describe(report.vipOrderCount)}, not a number`;
  }
  if (!Array.isArray(report.emails)) {
    return `your report's emails is ${describe(report.emails)}, not an array`;
  }
  if (!Array.isArray(report.groups)) {
    return `your report's groups is ${describe(report.groups)}, not an array`;
  }
  for (let i = 0; i < report.groups.length; i++) {
    const g = report.groups[i] as Partial<CustomerOrders> | null;
    if (g === null || typeof g !== 'object' || !Array.isArray(g.orderIds)) {
      return `group #${i + 1} in your report is ${describe(g)}, not an object with an orderIds array`;
    }
  }
  return null;
}

function compareEmails(expected: readonly string[], actual: readonly unknown[]): string | null {
  if (actual.length !== expected.length) {
    const head = `you returned ${plural(actual.length, 'email', 'emails')}, the baseline ${count(expected.length)}`;
    const seen = new Set<unknown>();
    for (const email of actual) {
      if (seen.has(email)) return `${head}: ${quote(email)} appears more than once`;
      seen.add(email);
    }
    const wanted = new Set<unknown>(expected);
    for (const email of expected) {
      if (seen.has(email)) continue;
      const asTyped = actual.find((e) => typeof e === 'string' && e.toLowerCase() === email);
      return asTyped === undefined
        ? `${head}: ${quote(email)} is missing`
        : `${head}: you kept ${quote(asTyped)} as typed, the baseline lowercases it to ${quote(email)}`;
    }
    for (const email of actual) {
      if (!wanted.has(email)) return `${head}: ${quote(email)} should not be there`;
    }
    return head;
  }
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      const got = actual[i];
      const sameSet = new Set<unknown>(expected).has(got);
      const caseOnly = typeof got === 'string' && got.toLowerCase() === expected[i];
      return (
        `email #${i + 1} in your list is ${quote(got)}, the baseline's ${quote(expected[i])}` +
        (sameSet ? ' (keep the emails in order of first appearance)' : '') +
        (caseOnly ? ' (the baseline lowercases emails)' : '')
      );
    }
  }
  return null;
}

function compareGroups(
  expected: readonly CustomerOrders[],
  actual: readonly CustomerOrders[],
): string | null {
  if (actual.length !== expected.length) {
    const head = `you returned ${plural(actual.length, 'customer group', 'customer groups')}, the baseline ${count(expected.length)}`;
    const ids = new Set(actual.map((g) => g.customerId));
    const missing = expected.find((g) => !ids.has(g.customerId));
    if (missing !== undefined) return `${head}: customer ${missing.customerId} has no group`;
    const seen = new Set<unknown>();
    for (const g of actual) {
      if (seen.has(g.customerId)) return `${head}: customer ${id(g.customerId)} has two groups`;
      seen.add(g.customerId);
    }
    const wanted = new Set(expected.map((g) => g.customerId));
    const extra = actual.find((g) => !wanted.has(g.customerId));
    if (extra !== undefined) return `${head}: customer ${id(extra.customerId)} should have no group`;
    return head;
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (got.customerId !== want.customerId) {
      const elsewhere = actual.some((g) => g.customerId === want.customerId);
      return (
        `group #${i + 1} in your report is customer ${id(got.customerId)}, the baseline's ${want.customerId}` +
        (elsewhere ? " (keep groups in the order of each customer's first order)" : '')
      );
    }
    const who = `customer ${want.customerId}'s group`;
    if (got.name !== want.name) {
      return `${who}: you named them ${quote(got.name)}, the baseline ${quote(want.name)}`;
    }
    if (got.orderIds.length !== want.orderIds.length) {
      return `${who}: you listed ${plural(got.orderIds.length, 'order', 'orders')}, the baseline ${count(want.orderIds.length)}`;
    }
    for (let k = 0; k < want.orderIds.length; k++) {
      if (got.orderIds[k] !== want.orderIds[k]) {
        return `${who}: order #${k + 1} is ${id(got.orderIds[k])}, the baseline's ${want.orderIds[k]} (keep orders in input order)`;
      }
    }
    if (got.totalCents !== want.totalCents) {
      return `${who}: your total is ${money(got.totalCents)}, the baseline's ${money(want.totalCents)}`;
    }
  }
  return null;
}

function reportCounters(output: unknown): Record<string, number> {
  // Learner output may be malformed; check() reports that, counters stay quiet.
  const r = (output ?? {}) as Partial<Report>;
  return {
    vipOrders: typeof r.vipOrderCount === 'number' ? r.vipOrderCount : 0,
    uniqueEmails: Array.isArray(r.emails) ? r.emails.length : 0,
    groups: Array.isArray(r.groups) ? r.groups.length : 0,
  };
}

function compareReports(expected: Report, actual: Report): string | null {
  const shape = shapeProblem(actual);
  if (shape !== null) return shape;
  if (actual.vipOrderCount !== expected.vipOrderCount) {
    return `you counted ${plural(actual.vipOrderCount, 'VIP order', 'VIP orders')}, the baseline ${count(expected.vipOrderCount)}`;
  }
  return compareEmails(expected.emails, actual.emails) ?? compareGroups(expected.groups, actual.groups);
}

export default defineLesson<Work, Output>({
  slug: '05-data-structures',
  timing: 'wall',
  exports: ['buildReport'],
  size: 20_000,

  // The bases take far longer to build than a call takes: built before Run.
  warm() {
    for (const size of GROWTH_SIZES) baseOf(size);
  },

  prepare(ctx) {
    return freshWork(ctx.rng, ctx.size);
  },

  call(mod, work) {
    const buildReport = exported<BuildReport>(mod, 'buildReport');
    const main = plainReport(buildReport(work.orders, work.customers));
    const edges = work.edges.map((edge) => plainReport(buildReport(edge.orders, edge.customers)));
    return { main, edges };
  },

  check(expected, actual, work) {
    for (let i = 0; i < work.edges.length; i++) {
      const difference = compareReports(expected.edges[i]!, actual.edges[i]!);
      if (difference !== null) return `on ${work.edges[i]!.label}: ${difference}`;
    }
    return compareReports(expected.main, actual.main);
  },

  counters(_work, output) {
    return reportCounters(output.main);
  },

  // Informative only: they describe the output, which must match the baseline's
  // anyway. No gates: this lesson is judged on time.
  counterSpecs: [
    { key: 'vipOrders', label: 'VIP orders', better: 'higher' },
    { key: 'uniqueEmails', label: 'unique emails', better: 'higher' },
    { key: 'groups', label: 'customer groups', better: 'higher' },
  ],

  // MEASUREMENT.md: at most half the lowest reference median measured. On the
  // 2-core machine, shared with several other people's builds and browsers
  // (load average 14-27), the reference's medians were 11.9x, 20.8x and
  // 20.2x on the earlier protocol, then 15.5x, 15.6x, 14.5x, 17.2x, 17.3x and
  // 13.4x in six runs of the current one; issue 10 found a lowest of 15.4x
  // over 10 runs. Half of the lowest, 11.9x, is 5.95x: the target is below it. Leaving any one of the four
  // searches in place measured 2-4.5x, which still fails or is inconclusive.
  target: 5.5,

  // Orders and customers grow together, so the starter's time grows with the
  // square of the size and the reference's linearly.
  growth: { sizes: GROWTH_SIZES },

  budgetMs: 10_000,
});
