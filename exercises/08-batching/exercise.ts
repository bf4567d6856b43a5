import type { CartLine, Price, PriceApi, PriceLoader, PricedCart, PricedLine } from './types';

/**
 * Part (a): prices a cart, such as one of 100 lines.
 *
 * It is correct, and it makes one round trip per line, each one waiting for
 * the one before: a hundred trips to the price API and back for one cart.
 * Make a 100-line cart cost at most two round trips (and any cart, even an
 * empty one, no more than it must), and return exactly the same cart.
 *
 * The price API can answer for many products in one call. Read the doc
 * comment of `getPrices` before you trust its reply: the order it answers in,
 * and what it leaves out, are not what you might expect.
 */
export async function priceCart(cart: readonly CartLine[], api: PriceApi): Promise<PricedCart> {
  const lines: PricedLine[] = [];
  const unavailable: string[] = [];
  for (const line of cart) {
    const price: Price | undefined = await api.getPrice(line.productId);
    if (price === undefined) {
      unavailable.push(line.productId);
      continue;
    }
    lines.push({
      productId: line.productId,
      quantity: line.quantity,
      unitCents: price.unitCents,
      lineCents: price.unitCents * line.quantity,
    });
  }
  const totalCents = lines.reduce((sum, line) => sum + line.lineCents, 0);
  return { lines, totalCents, unavailable };
}

/**
 * Part (b): a price loader for an order-history page.
 *
 * The page is rendered GraphQL-style: every order line has its own resolver,
 * which calls `load(productId)` knowing nothing of the others. 60 or more
 * of them ask at once, many for the same popular products; lines whose product
 * is discontinued then ask, in a second wave, for a substitute's price. The
 * lesson creates one loader per page request with `createPriceLoader(api)`,
 * so nothing is shared between requests.
 *
 * As written, every `load` is a round trip of its own, and the 6 connections
 * to the price API make the rest queue. All the resolvers of a wave call
 * `load` before any reply could possibly arrive: what if `load` only took
 * note of the id, and a moment later one request asked for every id noted so
 * far? Two resolvers may ask for the same id; each must get its own answer.
 * Make each wave of resolvers cost one round trip.
 */
export function createPriceLoader(api: PriceApi): PriceLoader {
  return {
    load(id: string): Promise<Price | undefined> {
      return api.getPrice(id);
    },
  };
}
