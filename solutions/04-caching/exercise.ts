import type { App, AppServices, Profile, ProfileChanges, SiteConfig } from './types';

/**
 * The data layer behind every request, with a cache in front of the
 * database.
 *
 * One Map holds every entry, settings and profiles alike. Each entry is the
 * promise of the database's answer, stored the moment the query starts, so
 * requests that miss the same key while the query is on its way all wait
 * for that one query (single-flight). An entry expires `ttlMs` after its
 * query started, which is never later than `ttlMs` after the database
 * answered. A Map remembers insertion order: moving a key to the end on
 * every hit keeps the least recently used key first, and that is the one
 * evicted when the cache is full. Updating a profile deletes its entry, so
 * the next read asks the database.
 */
export function createApp(services: AppServices): App {
  const { db, clock, ttlMs, maxEntries } = services;
  const cache = new Map<string, { value: Promise<unknown>; expiresAt: number }>();

  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = clock.now();
    const entry = cache.get(key);
    cache.delete(key);
    if (entry && now < entry.expiresAt) {
      cache.set(key, entry); // now the most recently used
      return entry.value as Promise<T>;
    }
    const value = load();
    cache.set(key, { value, expiresAt: now + ttlMs });
    // A failed query is not an answer: forget it so the next read retries.
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    while (cache.size > maxEntries) {
      cache.delete(cache.keys().next().value!); // the least recently used
    }
    return value;
  }

  return {
    async getConfig(): Promise<SiteConfig> {
      return cached('config', () => db.getConfig());
    },

    async getProfile(userId: string): Promise<Profile> {
      return cached(`profile:${userId}`, () => db.getProfile(userId));
    },

    async updateProfile(userId: string, changes: ProfileChanges): Promise<Profile> {
      const updated = await db.updateProfile(userId, changes);
      cache.delete(`profile:${userId}`);
      return updated;
    },

    cacheSize(): number {
      return cache.size;
    },
  };
}
