/** One line of a shopping cart. */
export interface CartLine {
  /** The product, e.g. `"p1042"`. Each product appears on one line only. */
  productId: string;
  /** How many units; at least 1. */
  quantity: number;
}

/** A product's current price, as the price API returns it. */
export interface Price {
  /** The product this price belongs to. */
  productId: string;
  /** The price of one unit, in cents (an integer, so sums are exact). */
  unitCents: number;
}

/** A cart line with its price. */
export interface PricedLine {
  productId: string;
  quantity: number;
  /** The price of one unit, in cents. */
  unitCents: number;
  /** `unitCents * quantity`. */
  lineCents: number;
}

/** What `priceCart` returns. */
export interface PricedCart {
  /** The lines whose product has a price, in the cart's order. */
  lines: PricedLine[];
  /** The sum of every `lineCents`. */
  totalCents: number;
  /** Products the price API does not know (discontinued), in the cart's order. */
  unavailable: string[];
}

/**
 * The price API. Every call is one network round trip. Your HTTP client keeps
 * at most 6 connections to it: a request made while 6 are busy waits for a
 * free one (as with `new http.Agent({ maxSockets: 6 })`).
 */
export interface PriceApi {
  /**
   * One product's price, or `undefined` when the API does not know the id
   * (HTTP 404). Usually answers in 15–30 ms.
   */
  getPrice(id: string): Promise<Price | undefined>;
  /**
   * The prices of up to `maxBatch` products in one round trip. Usually 20–35
   * ms, plus about 0.4 ms per id.
   *
   * Read the reply with care: it comes in the API's own order (sorted by
   * product id), not in the order of `ids`; it has one entry per id it knows,
   * however many times that id was asked; and it leaves out ids it does not
   * know. More than `maxBatch` ids are rejected with an error (HTTP 413).
   *
   * When the API is down, every call rejects (HTTP 503) after its usual
   * round trip.
   */
  getPrices(ids: readonly string[]): Promise<Price[]>;
  /** The most ids `getPrices` accepts in one call (50). */
  readonly maxBatch: number;
}

/** What `createPriceLoader` returns: one per page request. */
export interface PriceLoader {
  /** The price of one product, or `undefined` when the price API does not know the id. */
  load(id: string): Promise<Price | undefined>;
}
