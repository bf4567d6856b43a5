import type {
  CheckoutResult,
  CheckoutServices,
  Confirmation,
  Customer,
  Now,
  Order,
  Payment,
  PricedLine,
  PricedOrder,
  Reservation,
  Summary,
  Timer,
} from './types';

/**
 * Part (a): a timer. Returns a fresh timer that reads the time with `now`.
 *
 * Durations are kept per name inside the timer, so every createTimer starts
 * empty. `timed` reads the clock before and after, and records the duration
 * in `finally`, so a call that throws is timed too. Percentiles are
 * nearest-rank: pXX is the duration at rank ceil(XX × count / 100) of the
 * sorted durations, ranks counting from 1 (multiplying first keeps the rank
 * exact: 99.9 / 100 × 1000 is 999.0000000000001 in floating point).
 */
export function createTimer(now: Now): Timer {
  const durations = new Map<string, number[]>();
  return {
    async timed<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
      const start = now();
      try {
        return await fn();
      } finally {
        let list = durations.get(name);
        if (list === undefined) durations.set(name, (list = []));
        list.push(now() - start);
      }
    },
    summary(): Summary {
      const out: Summary = {};
      for (const [name, list] of durations) {
        const sorted = [...list].sort((a, b) => a - b);
        const at = (p: number): number => sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
        out[name] = {
          count: sorted.length,
          p50: at(50),
          p95: at(95),
          p99: at(99),
          p999: at(99.9),
          max: sorted[sorted.length - 1]!,
        };
      }
      return out;
    },
  };
}

/**
 * Part (b): one shopper's checkout at a grocery delivery service, in five
 * steps: validate, price, reserve, charge, confirm.
 *
 * Each step is wrapped in `timer.timed`. The report showed that the price
 * step, not the long validation, took most of the time: it asked the catalog
 * for one product at a time. It now asks for all of them in one round trip.
 */
export async function checkout(order: Order, services: CheckoutServices, timer: Timer): Promise<CheckoutResult> {
  const { customer, reasons } = await timer.timed('validate', () => validateOrder(order, services));
  if (reasons.length > 0) return { status: 'rejected', orderId: order.id, reasons };
  const priced = await timer.timed('price', () => priceOrder(order, services));
  const reservation = await timer.timed('reserve', () => reserveStock(order, services));
  const payment = await timer.timed('charge', () => chargeCustomer(customer, priced, reservation, services));
  return timer.timed('confirm', () => confirmOrder(order, customer, priced, reservation, payment, services));
}

// ---------------------------------------------------------------------------
// Step 1: validate. Loads the customer and checks every rule of the shop.

const MAX_LINES = 25;
const MAX_QUANTITY = 10;
const SKU = /^SKU-\d{4}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/;
const COUPON = /^([A-Z]{4})(\d{2})$/;
const MIN_DISCOUNT_PERCENT = 5;
const MAX_DISCOUNT_PERCENT = 30;
/** Postcode formats of the countries the shop delivers to. */
const POSTCODE: Record<string, RegExp> = {
  GB: /^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/,
  FR: /^\d{5}$/,
  DE: /^\d{5}$/,
  NL: /^\d{4} [A-Z]{2}$/,
  PT: /^\d{4}-\d{3}$/,
  PL: /^\d{2}-\d{3}$/,
};

async function validateOrder(order: Order, services: CheckoutServices): Promise<{ customer: Customer; reasons: string[] }> {
  const reasons: string[] = [];
  const customer = await services.getCustomer(order.customerId);

  // The account.
  if (customer.status !== 'active') {
    reasons.push(`the account of customer ${customer.id} is ${customer.status}`);
  }
  if (!EMAIL.test(customer.email)) {
    reasons.push(`customer ${customer.id} has no valid e-mail address on file`);
  }

  // The lines.
  if (order.lines.length === 0) {
    reasons.push('the order has no lines');
  } else if (order.lines.length > MAX_LINES) {
    reasons.push(`the order has ${order.lines.length} lines; at most ${MAX_LINES} are allowed`);
  }
  const seen = new Set<string>();
  order.lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (!SKU.test(line.sku)) {
      reasons.push(`${where}: "${line.sku}" is not a product code`);
      return;
    }
    if (seen.has(line.sku)) {
      reasons.push(`${where}: ${line.sku} is already on an earlier line`);
    }
    seen.add(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      reasons.push(`${where}: the quantity of ${line.sku} must be a whole number from 1 to ${MAX_QUANTITY}, not ${line.quantity}`);
    }
  });

  // The address.
  const country = order.shipTo.country.trim().toUpperCase();
  const postcode = order.shipTo.postcode.trim().toUpperCase();
  const pattern = POSTCODE[country];
  if (pattern === undefined) {
    reasons.push(`we do not deliver to "${order.shipTo.country}"`);
  } else if (!pattern.test(postcode)) {
    reasons.push(`"${order.shipTo.postcode}" is not a valid postcode in ${country}`);
  }

  // The coupon.
  if (order.coupon !== undefined) {
    const match = COUPON.exec(order.coupon);
    if (match === null) {
      reasons.push(`"${order.coupon}" is not a coupon code`);
    } else {
      const percent = Number(match[2]);
      if (percent < MIN_DISCOUNT_PERCENT || percent > MAX_DISCOUNT_PERCENT) {
        reasons.push(`coupon ${order.coupon} is not valid`);
      }
    }
  }

  return { customer, reasons };
}

// ---------------------------------------------------------------------------
// Step 2: price. Looks up the products and adds up the order.

/** Delivery is free from this subtotal (after the discount). */
const FREE_DELIVERY_FROM_CENTS = 20000;
const DELIVERY_CENTS: Record<string, number> = { GB: 395, FR: 590, DE: 590, NL: 490, PT: 690, PL: 690 };

async function priceOrder(order: Order, services: CheckoutServices): Promise<PricedOrder> {
  // One round trip for every product of the order. The bulk endpoint answers
  // in its own order (sorted by sku), so match products to lines by sku.
  const products = await services.getProducts(order.lines.map((line) => line.sku));
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const lines: PricedLine[] = [];
  for (const line of order.lines) {
    const product = bySku.get(line.sku)!;
    lines.push({
      sku: line.sku,
      name: product.name,
      quantity: line.quantity,
      unitCents: product.priceCents,
      lineCents: product.priceCents * line.quantity,
    });
  }
  return addUp(order, lines);
}

function addUp(order: Order, lines: PricedLine[]): PricedOrder {
  const subtotalCents = lines.reduce((sum, line) => sum + line.lineCents, 0);
  const percent = order.coupon === undefined ? 0 : Number(order.coupon.slice(4));
  const discountCents = Math.round((subtotalCents * percent) / 100);
  const country = order.shipTo.country.trim().toUpperCase();
  const shippingCents = subtotalCents - discountCents >= FREE_DELIVERY_FROM_CENTS ? 0 : (DELIVERY_CENTS[country] ?? 0);
  return {
    lines,
    subtotalCents,
    discountCents,
    shippingCents,
    totalCents: subtotalCents - discountCents + shippingCents,
    currency: country === 'GB' ? 'GBP' : 'EUR',
  };
}

// ---------------------------------------------------------------------------
// Step 3: reserve. Holds the stock for every line.

function reserveStock(order: Order, services: CheckoutServices): Promise<Reservation> {
  return services.reserveStock(
    order.id,
    order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  );
}

// ---------------------------------------------------------------------------
// Step 4: charge. Takes the payment.

function chargeCustomer(
  customer: Customer,
  priced: PricedOrder,
  reservation: Reservation,
  services: CheckoutServices,
): Promise<Payment> {
  return services.charge({
    customerId: customer.id,
    paymentToken: customer.paymentToken,
    amountCents: priced.totalCents,
    currency: priced.currency,
    reservationId: reservation.reservationId,
  });
}

// ---------------------------------------------------------------------------
// Step 5: confirm. Writes the confirmation e-mail and stores the order.

async function confirmOrder(
  order: Order,
  customer: Customer,
  priced: PricedOrder,
  reservation: Reservation,
  payment: Payment,
  services: CheckoutServices,
): Promise<Confirmation> {
  const confirmation: Confirmation = {
    status: 'confirmed',
    orderId: order.id,
    customer: { name: customer.name, email: customer.email },
    priced,
    reservationId: reservation.reservationId,
    warehouse: reservation.warehouse,
    paymentId: payment.paymentId,
    message: formatMessage(order, customer, priced, reservation, payment),
  };
  await services.saveOrder(confirmation);
  return confirmation;
}

function formatMessage(
  order: Order,
  customer: Customer,
  priced: PricedOrder,
  reservation: Reservation,
  payment: Payment,
): string {
  const symbol = priced.currency === 'GBP' ? '£' : '€';
  const money = (cents: number): string => `${cents < 0 ? '-' : ''}${symbol}${(Math.abs(cents) / 100).toFixed(2)}`;
  const width = Math.max(...priced.lines.map((line) => line.name.length), 'Delivery'.length);
  const row = (label: string, cents: number): string => `${label.padEnd(width + 6)}  ${money(cents).padStart(9)}`;
  const firstName = customer.name.split(' ')[0] ?? customer.name;
  const items = priced.lines.reduce((sum, line) => sum + line.quantity, 0);

  const out: string[] = [];
  out.push(`Hello ${firstName},`);
  out.push('');
  out.push(`thank you for your order ${order.id}: ${items} item${items === 1 ? '' : 's'}, packed at ${reservation.warehouse}.`);
  out.push('');
  for (const line of priced.lines) {
    out.push(row(`${String(line.quantity).padStart(2)} × ${line.name}`, line.lineCents));
  }
  out.push('-'.repeat(width + 17));
  out.push(row('Subtotal', priced.subtotalCents));
  if (priced.discountCents > 0) out.push(row(`Coupon ${order.coupon ?? ''}`, -priced.discountCents));
  out.push(row('Delivery', priced.shippingCents));
  out.push(row('Total', priced.totalCents));
  out.push('');
  out.push(`Paid by card (payment ${payment.paymentId}).`);
  out.push(`Delivering to ${order.shipTo.postcode.trim().toUpperCase()}, ${order.shipTo.country.trim().toUpperCase()}.`);
  return out.join('\n');
}
