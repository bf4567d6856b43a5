import { cacheFor, OFFLINE_LIST, type OfflineList } from '../site/offline-caches.ts';

/**
 * The offline copy, seen from the page. The service worker (src/site/offline.mjs)
 * keeps what each page fetches; on request, `downloadWholeWorkshop` stores
 * every other file too, so every lesson opens and runs with the network gone.
 * Which version was stored is remembered, so a new deploy asks again.
 */
const DONE_KEY = 'perf-workshop:v1:offline-version';

export async function fetchOfflineList(): Promise<OfflineList> {
  const response = await fetch(OFFLINE_LIST, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${OFFLINE_LIST}: ${response.status}`);
  return (await response.json()) as OfflineList;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;
}

function storedVersion(): string | null {
  try {
    return localStorage.getItem(DONE_KEY);
  } catch {
    return null;
  }
}

/** True when this device holds the whole workshop as listed. */
export function wholeWorkshopStored(list: OfflineList): boolean {
  return storedVersion() === list.version;
}

/** Puts one of the site's files into the service worker's cache for it, unless it is there already. */
async function storeFile(url: string): Promise<void> {
  const cache = await caches.open(cacheFor(url));
  if (await cache.match(url, { ignoreVary: true })) return;
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await cache.put(url, response);
}

/** The runner's own scripts, for a run started in the page where the frame cannot be used (src/runner/browser/frame.ts). */
const RUNNER_FILE = /^\/_astro\/(runner|thread)-[^/]+\.js$/;

/**
 * Keeps what this page loaded before the service worker ran (on a first
 * visit, everything): the page, its files, and the runner's scripts, so a
 * page seen once opens and runs again offline. Only files of the site's own
 * list, and only what the page already used: nothing heavy comes with it.
 */
export async function keepThisPage(): Promise<void> {
  const list = await fetchOfflineList();
  const known = new Set(list.files.map((f) => f.url));
  const keep = (url: string) => {
    if (known.has(url)) void storeFile(url).catch(() => {});
  };
  keep(location.pathname);
  for (const url of list.files.map((f) => f.url).filter((u) => RUNNER_FILE.test(u))) keep(url);
  // Buffered: what was loaded before now, then whatever the page loads later (an editor that comes
  // once the exercise is in view), in case it came before the service worker took the page over.
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      const url = new URL(entry.name);
      if (url.origin === location.origin) keep(url.pathname);
    }
  }).observe({ type: 'resource', buffered: true });
}

/** Fetches every file of the list into the service worker's caches, a few at a time. */
export async function downloadWholeWorkshop(list: OfflineList, onProgress: (doneBytes: number) => void): Promise<void> {
  let done = 0;
  const queue = [...list.files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await storeFile(file.url);
      done += file.bytes;
      onProgress(done);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  try {
    localStorage.setItem(DONE_KEY, list.version);
  } catch {
    // The files are stored; only the reminder is lost.
  }
}

/** Registers the service worker and shows "Available offline" once the whole workshop is stored. */
export function registerOffline(status: HTMLElement): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then(() => keepThisPage())
      .catch(() => {
        // No offline copy (private mode, a host without HTTPS, offline already); the site works as before.
      });
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
  if (storedVersion() !== null) {
    void fetchOfflineList()
      .then((list) => {
        status.hidden = !wholeWorkshopStored(list);
      })
      .catch(() => {
        // Offline already: what was stored is what there is.
        status.hidden = false;
      });
  }
  addEventListener('workshop-offline', () => (status.hidden = false));
}
