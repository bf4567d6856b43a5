import type { CartLine, Price, PriceApi, PriceLoader, PricedCart, PricedLine } from './types';

/**
 * The prices of `ids`, in as few round trips as the API allows: each id
 * asked once, in chunks of at most `api.maxBatch`, all chunks in flight
 * together. The replies come in the API's own order and leave out unknown
 * ids, so they are filed by `productId`, never by position: an id missing
 * from the map is one the API does not know.
 */
async function fetchPrices(ids: readonly string[], api: PriceApi): Promise<Map<string, Price>> {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += api.maxBatch) chunks.push(unique.slice(i, i + api.maxBatch));
  const replies = await Promise.all(chunks.map((chunk) => api.getPrices(chunk)));
  const prices = new Map<string, Price>();
  for (const reply of replies) {
    for (const price of reply) prices.set(price.productId, price);
  }
  return prices;
}

/**
 * Part (a): prices a cart of 100 lines in two round trips (100 ids, at most
 * 50 per call), then builds exactly the cart the one-by-one version built.
 */
export async function priceCart(cart: readonly CartLine[], api: PriceApi): Promise<PricedCart> {
  const prices = await fetchPrices(
    cart.map((line) => line.productId),
    api,
  );
  const lines: PricedLine[] = [];
  const unavailable: string[] = [];
  for (const line of cart) {
    const price: Price | undefined = prices.get(line.productId);
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

/** One caller of `load` waiting for its answer. */
interface Waiting {
  id: string;
  resolve: (price: Price | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Part (b): a price loader, as DataLoader does it. `load` only queues the
 * id and returns a promise; the first `load` of a tick schedules one
 * dispatch for after the current synchronous work (a microtask), by which
 * time every resolver of the wave has asked. The dispatch fetches each
 * distinct id once and hands every caller the answer for its own id,
 * duplicates included.
 */
export function createPriceLoader(api: PriceApi): PriceLoader {
  let queue: Waiting[] = [];

  async function dispatch(batch: Waiting[]): Promise<void> {
    try {
      const prices = await fetchPrices(
        batch.map((waiting) => waiting.id),
        api,
      );
      for (const waiting of batch) waiting.resolve(prices.get(waiting.id));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }

  return {
    load(id: string): Promise<Price | undefined> {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) {
          queueMicrotask(() => {
            const batch = queue;
            queue = [];
            void dispatch(batch);
          });
        }
        queue.push({ id, resolve, reject });
      });
    },
  };
}
