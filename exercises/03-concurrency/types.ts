/** A product's own data, from the catalog service. */
export interface ProductDetails {
  /** Unique, e.g. `"p482"`. */
  id: string;
  /** Display name, e.g. `"Walnut desk lamp"`. */
  name: string;
  /** Price in cents (an integer, so sums are exact). */
  priceCents: number;
}

/** A product shown in the "you may also like" strip. */
export interface RelatedItem {
  id: string;
  name: string;
  priceCents: number;
}

/** How many units are in stock, and where. */
export interface Inventory {
  /** The `ProductDetails.id` this stock belongs to. */
  productId: string;
  /** Units available right now; 0 means sold out. */
  inStock: number;
  /** The warehouse that ships it, e.g. `"Leeds"`. */
  warehouse: string;
}

/** Everything the product page needs: what `loadProductPage` returns. */
export interface ProductPage {
  details: ProductDetails;
  related: RelatedItem[];
  inventory: Inventory;
}

/**
 * Three independent remote services behind the product page. Each call is a
 * network round trip; none of them needs another's answer to be asked.
 */
export interface PageServices {
  /** The catalog service. Usually answers in 40–70 ms. */
  getDetails(id: string): Promise<ProductDetails>;
  /** The recommendations service. The slowest: usually 80–130 ms. */
  getRelated(id: string): Promise<RelatedItem[]>;
  /** The stock service. Usually 20–45 ms. */
  getInventory(id: string): Promise<Inventory>;
}

/** A reviewer's public profile. */
export interface Profile {
  /** Unique, e.g. `"u1093"`. */
  id: string;
  displayName: string;
  /** How many reviews they have written. */
  reviewCount: number;
  /** True when they bought the product they review. */
  verified: boolean;
}

/**
 * The profiles API, shared and rate-limited: it accepts at most `maxInFlight`
 * of your requests at a time and rejects any request beyond that with an
 * `OverloadError` (as a real API answers HTTP 429).
 */
export interface ProfileServices {
  /** One profile. Usually answers in 20–45 ms. */
  getProfile(id: string): Promise<Profile>;
  /** How many requests may be in flight at once (5). */
  readonly maxInFlight: number;
}
