import type { Customer, CustomerOrders, Order, Report } from './types';

/**
 * The reference solution. Same steps and same output as the starter; every
 * search of a list inside a loop is replaced by a structure built once
 * before the loop and asked by key inside it:
 *
 * - a Set answers "is this in the collection?" in constant time on average;
 * - a Map answers "what is stored under this key?" in constant time on
 *   average.
 *
 * Both remember insertion order, so "in order of first appearance" comes
 * free.
 */
export function buildReport(orders: readonly Order[], customers: readonly Customer[]): Report {
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
