/**
 * A candidate near lesson 05's target, for the benchmark of steady verdicts
 * (`npm run bench:verdicts -- --lesson 05-data-structures --candidate scripts/bench-candidates/05-near-target.ts`):
 * the reference's report, computed REPEATS times. Honest and correct, only slower.
 */
import type { Customer, CustomerOrders, Order, Report } from '../../exercises/05-data-structures/types';

const REPEATS = 3;

export function buildReport(orders: readonly Order[], customers: readonly Customer[]): Report {
  let report = reportOnce(orders, customers);
  for (let i = 1; i < REPEATS; i++) report = reportOnce(orders, customers);
  return report;
}

function reportOnce(orders: readonly Order[], customers: readonly Customer[]): Report {
  // 1. Keep the orders placed by VIP customers.
  const vipIds = new Set(customers.filter((c) => c.vip).map((c) => c.id));
  const vipOrders: Order[] = [];
  for (const order of orders) {
    if (vipIds.has(order.customerId)) {
      vipOrders.push(order);
    }
  }

  // 2. Distinct emails, ignoring case, in order of first appearance.
  const emails = new Set<string>();
  for (const order of vipOrders) {
    const email = order.email.toLowerCase();
    emails.add(email); // adding an element already present changes nothing
  }

  // 3. Group the VIP orders by customer; groups in order of first
  //    appearance.
  const customersById = new Map(customers.map((c) => [c.id, c] as const));
  const groups = new Map<string, CustomerOrders>();
  for (const order of vipOrders) {
    let group = groups.get(order.customerId);
    if (group === undefined) {
      // Step 1 kept only orders whose customer exists, so this always finds
      // one.
      const customer = customersById.get(order.customerId)!;
      group = { customerId: customer.id, name: customer.name, orderIds: [], totalCents: 0 };
      groups.set(order.customerId, group);
    }
    group.orderIds.push(order.id);
    group.totalCents += order.totalCents;
  }

  return { vipOrderCount: vipOrders.length, emails: [...emails], groups: [...groups.values()] };
}
