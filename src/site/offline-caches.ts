/**
 * Where the service worker keeps what it has served, shared by the build
 * (src/site/offline.mjs writes the worker's routes) and the page
 * (src/ui/offline.ts fills the same caches for "Make the whole workshop
 * available offline"). Files under /_astro/ have a content hash in their
 * name and never change; pages do, so they are asked of the network first.
 */
export const ASSET_CACHE = 'fast-under-load-assets';
export const PAGE_CACHE = 'fast-under-load-pages';

/** The list of every file the workshop needs offline, with sizes, written at build time. */
export const OFFLINE_LIST = '/offline-files.json';

export interface OfflineList {
  /** Changes whenever a file does, so a new deploy asks for a new download. */
  version: string;
  bytes: number;
  files: { url: string; bytes: number }[];
}

export function cacheFor(pathname: string): string {
  return pathname.startsWith('/_astro/') ? ASSET_CACHE : PAGE_CACHE;
}
