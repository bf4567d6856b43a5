import type { PageServices, Profile, ProfileServices, ProductPage } from './types';

/**
 * Part (a): everything the product page for product `id` needs.
 *
 * The three calls are independent, so all three are started at once and the
 * page waits for them together: it takes as long as the slowest one.
 */
export async function loadProductPage(id: string, services: PageServices): Promise<ProductPage> {
  const [details, related, inventory] = await Promise.all([
    services.getDetails(id),
    services.getRelated(id),
    services.getInventory(id),
  ]);
  return { details, related, inventory };
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and returns
 * the results in the order of `items` (what p-limit gives you with
 * Promise.all). `limit` workers each take the next item as soon as their
 * previous one is done.
 */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  }
  const workers = Array.from({ length: Math.min(limit, items.length) }, () => worker());
  await Promise.all(workers);
  return results;
}

/**
 * Part (b): the public profiles of a product's reviewers (about 30), in the
 * same order as `ids`, with at most `services.maxInFlight` requests in
 * flight.
 */
export async function lookupAll(ids: readonly string[], services: ProfileServices): Promise<Profile[]> {
  return mapLimit(ids, services.maxInFlight, (id) => services.getProfile(id));
}
