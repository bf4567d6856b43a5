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

/** Fetches every file of the list into the service worker's caches, a few at a time. */
export async function downloadWholeWorkshop(list: OfflineList, onProgress: (doneBytes: number) => void): Promise<void> {
  let done = 0;
  const queue = [...list.files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const cache = await caches.open(cacheFor(file.url));
      if (!(await cache.match(file.url, { ignoreVary: true }))) {
        const response = await fetch(file.url, { cache: 'no-cache' });
        if (!response.ok) throw new Error(`${file.url}: ${response.status}`);
        await cache.put(file.url, response);
      }
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
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline copy (private mode, a host without HTTPS); the site works as before.
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
