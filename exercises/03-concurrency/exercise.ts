import type { PageServices, Profile, ProfileServices, ProductPage } from './types';

/**
 * Part (a): everything the product page for product `id` needs.
 *
 * It is correct, and each page takes as long as its three calls added up.
 * Make the page as fast as its slowest call, and return exactly the same
 * page.
 *
 * Look at the three `await`s: does any call need the answer of the one
 * before it? While one reply is on its way, what is this function doing?
 */
export async function loadProductPage(id: string, services: PageServices): Promise<ProductPage> {
  const details = await services.getDetails(id);
  const related = await services.getRelated(id);
  const inventory = await services.getInventory(id);
  return { details, related, inventory };
}

/**
 * Part (b): the public profiles of a product's reviewers (about 30), in the
 * same order as `ids`.
 *
 * It is correct, and it waits for one lookup to come back before it asks
 * for the next. The profiles API is happy to work on several of your
 * requests at once, but not on too many: past `services.maxInFlight` (5) it
 * rejects the request with an OverloadError. Make this fast without ever
 * going over that.
 *
 * A small helper that runs a function over a list with at most N calls in
 * flight, and keeps the results in the order of the list, is worth writing.
 * Replies come back in any order: think about where each one goes.
 */
export async function lookupAll(ids: readonly string[], services: ProfileServices): Promise<Profile[]> {
  const profiles: Profile[] = [];
  for (const id of ids) {
    profiles.push(await services.getProfile(id));
  }
  return profiles;
}
