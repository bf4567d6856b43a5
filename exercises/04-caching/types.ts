/** The site's settings: one row, read by every request. */
export interface SiteConfig {
  /** Goes up by one each time an admin edits the settings. */
  version: number;
  /** The notice shown at the top of every page. */
  banner: string;
  /** The colour theme, e.g. `"dusk"`. */
  theme: string;
  /** The largest upload accepted, in megabytes. */
  maxUploadMb: number;
}

/** A user's public profile. */
export interface Profile {
  /** Unique, e.g. `"u1042"`. */
  id: string;
  displayName: string;
  /** A short line the user writes about themselves, e.g. `"Back on Monday"`. */
  status: string;
  city: string;
  /** Goes up by one on every update of this profile. */
  version: number;
}

/** What a user may change in their own profile; fields left out stay as they are. */
export interface ProfileChanges {
  status?: string;
  city?: string;
}

/**
 * The database. Every call is a query, a round trip of 10–50 ms, and the
 * database runs at most 10 queries at a time: further queries wait in line
 * for a free connection, so every query you make slows down everyone else's.
 * Now and then a query fails (the connection is reset): it rejects after its
 * usual round trip, and the next query of the same key may well succeed.
 */
export interface Database {
  /** The site's settings. An admin edits them now and then, directly in the database. */
  getConfig(): Promise<SiteConfig>;
  /** One user's profile. A moderator edits one now and then, directly in the database. */
  getProfile(userId: string): Promise<Profile>;
  /** Applies `changes` to a user's profile and answers with the profile as it now is. */
  updateProfile(userId: string, changes: ProfileChanges): Promise<Profile>;
}

/** Tells the time. Use it rather than `Date.now()`: the exercise runs on simulated time. */
export interface Clock {
  /** Milliseconds since the run started. */
  now(): number;
}

/** What `createApp` is given. */
export interface AppServices {
  db: Database;
  clock: Clock;
  /**
   * How stale a cached answer may be, in milliseconds (1000): an entry read
   * from the database at time t may be served until t + ttlMs, never later.
   */
  ttlMs: number;
  /**
   * The most entries your cache may hold at any moment, settings and profiles
   * together (100). Entries still waiting for the database count too.
   */
  maxEntries: number;
}

/** The data layer the request handlers call: what `createApp` returns. */
export interface App {
  getConfig(): Promise<SiteConfig>;
  getProfile(userId: string): Promise<Profile>;
  /** Must return the updated profile; a later `getProfile` must see the update at once. */
  updateProfile(userId: string, changes: ProfileChanges): Promise<Profile>;
  /** How many entries your cache holds right now (0 if you have no cache). */
  cacheSize(): number;
}
