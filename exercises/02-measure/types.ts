/**
 * Reads a clock, in milliseconds. In production this would be
 * `performance.now`; here it is the simulated clock the services run on, so
 * use it (not `performance.now` or `Date.now`) for every reading.
 */
export type Now = () => number;

/**
 * One step's figures in a summary, in milliseconds.
 *
 * Percentiles use the **nearest-rank** definition: `pXX` is the smallest
 * recorded duration with at least XX% of the durations at or below it. With
 * the durations sorted ascending that is the one at rank `ceil(XX × count / 100)`
 * (ranks count from 1), so it is always a duration that was really observed,
 * never an interpolated one.
 */
export interface StepStats {
  /** How many calls were timed under this name. */
  count: number;
  /** Nearest-rank median. */
  p50: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
  /** Nearest-rank 99th percentile. */
  p99: number;
  /** Nearest-rank 99.9th percentile: the slowest call in a thousand. */
  p999: number;
  /** The slowest call. */
  max: number;
}

/** Every name passed to `timed`, with its figures. */
export type Summary = Record<string, StepStats>;

/** What `createTimer` returns. Each timer starts empty and keeps its own durations. */
export interface Timer {
  /**
   * Runs `fn`, records how long it took under `name`, and returns (or throws)
   * exactly what `fn` returns (or throws). `fn` may return a value or a
   * promise; when it returns a promise, the time runs until it settles.
   * Calls may overlap, as a server's requests do: each is timed from its
   * own start to its own end.
   */
  timed<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
  /** count, p50, p95, p99, p999 and max for every name timed so far. */
  summary(): Summary;
}

/** The five steps of `checkout`, as they must be named in the report. */
export type StepName = 'validate' | 'price' | 'reserve' | 'charge' | 'confirm';

/** One line of an order, as the shopper submitted it. */
export interface OrderLine {
  /** e.g. `"SKU-1042"`. */
  sku: string;
  quantity: number;
}

export interface Order {
  /** e.g. `"O-48213"`. */
  id: string;
  /** e.g. `"C-117"`. */
  customerId: string;
  lines: OrderLine[];
  shipTo: { country: string; postcode: string };
  /** A discount code such as `"SAVE15"`, if the shopper entered one. */
  coupon?: string;
}

/** A customer record, from the customer database. */
export interface Customer {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  /** The card on file, as a token the payment provider understands. */
  paymentToken: string;
}

/** A product, from the catalog. */
export interface Product {
  sku: string;
  name: string;
  /** Price of one unit in cents (an integer, so sums are exact). */
  priceCents: number;
}

export interface PricedLine {
  sku: string;
  name: string;
  quantity: number;
  unitCents: number;
  /** unitCents × quantity. */
  lineCents: number;
}

/** The price step's answer: every line priced, and the totals. */
export interface PricedOrder {
  lines: PricedLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  /** `"GBP"` for the United Kingdom, `"EUR"` elsewhere. */
  currency: 'GBP' | 'EUR';
}

export interface Reservation {
  reservationId: string;
  /** The warehouse that will ship the order. */
  warehouse: string;
}

export interface ChargeRequest {
  customerId: string;
  paymentToken: string;
  amountCents: number;
  currency: 'GBP' | 'EUR';
  /** The provider refuses a charge without a live stock reservation. */
  reservationId: string;
}

export interface Payment {
  paymentId: string;
  amountCents: number;
}

/** What `checkout` returns for an order it accepted. */
export interface Confirmation {
  status: 'confirmed';
  orderId: string;
  customer: { name: string; email: string };
  priced: PricedOrder;
  reservationId: string;
  warehouse: string;
  paymentId: string;
  /** The confirmation e-mail's text. */
  message: string;
}

/** What `checkout` returns for an order that failed validation: nothing was reserved or charged. */
export interface Rejection {
  status: 'rejected';
  orderId: string;
  /** Every problem found, in the order the rules check them. */
  reasons: string[];
}

export type CheckoutResult = Confirmation | Rejection;

/**
 * The remote services behind checkout. Every call is a network round trip
 * (typical latencies below); none of them costs anything when it is not called.
 */
export interface CheckoutServices {
  /** The customer database. 8–14 ms. */
  getCustomer(id: string): Promise<Customer>;
  /** The catalog: one product. 15–25 ms a call. */
  getProduct(sku: string): Promise<Product>;
  /**
   * The catalog's bulk endpoint: many products in one round trip, 20–30 ms
   * however many you ask for. It answers one product per distinct sku, sorted
   * by sku, not in the order you asked.
   */
  getProducts(skus: readonly string[]): Promise<Product[]>;
  /** The warehouse: holds stock for every line of an order at once. 25–40 ms. */
  reserveStock(orderId: string, lines: readonly OrderLine[]): Promise<Reservation>;
  /** The payment provider. 50–80 ms. */
  charge(request: ChargeRequest): Promise<Payment>;
  /** The orders database: stores the confirmation. 10–15 ms. */
  saveOrder(confirmation: Confirmation): Promise<void>;
}
