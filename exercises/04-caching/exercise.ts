import type { App, AppServices, Profile, ProfileChanges, SiteConfig } from './types';

/**
 * The data layer behind every request. The lesson creates one app per run
 * and sends it bursts of requests: each reads the site's settings and a
 * profile, and now and then a user edits their own profile and reads it back.
 *
 * It is correct, and every read is a database query. Most requests want the
 * same settings and the same few popular profiles, so the database answers
 * the same questions again and again, ten at a time, while the requests wait
 * in line. Make it fast, and keep it correct:
 *
 * - an answer may be at most `ttlMs` old: the settings and profiles change
 *   behind your back (an admin, a moderator);
 * - a user who updates their profile must see the update at once;
 * - at most `maxEntries` entries in memory at any moment (report them in
 *   `cacheSize`);
 * - when several requests miss the same key at the same moment, how many
 *   queries should the database see?
 *
 * Everything you keep belongs inside `createApp`: each run gets a new app and
 * a new database.
 */
export function createApp(services: AppServices): App {
  const { db } = services;

  return {
    async getConfig(): Promise<SiteConfig> {
      return db.getConfig();
    },

    async getProfile(userId: string): Promise<Profile> {
      return db.getProfile(userId);
    },

    async updateProfile(userId: string, changes: ProfileChanges): Promise<Profile> {
      return db.updateProfile(userId, changes);
    },

    cacheSize(): number {
      return 0;
    },
  };
}
