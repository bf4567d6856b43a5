/// <reference lib="webworker" />
import { ASSET_CACHE } from '../../site/offline-caches.ts';
/**
 * Fetches for a runner worker in the runner frame (frame.ts), made by the
 * page instead, in its fetch relay (fetch-relay.ts). The frame's origin is
 * opaque, so its requests use no cache at all (not the service worker's, not
 * the browser's): lesson 06 alone would download its database and PGlite,
 * 17 MB, on every run, and nothing would load offline. The page fetches with
 * its caches and keeps what it fetched for the next run.
 *
 * Only the site's own files go this way (the runner asks for nothing else).
 * The worker's modules come this way too: its bootstrap script fetches them
 * on the same port (see bootstrapScript in module-worker.ts).
 */

/** Asked by the worker, answered by the page's fetch relay, on a port between the two. */
export type PageFetchRequest = { type: 'page-fetch'; id: number; url: string };
export type PageFetchReply =
  | { type: 'page-fetched'; id: number; body: Blob; contentType: string }
  | { type: 'page-fetched'; id: number; error: string };

export function isPageFetchRequest(message: unknown): message is PageFetchRequest {
  return (message as { type?: unknown } | null)?.type === 'page-fetch';
}

/** Sent by the runner frame to its worker before anything else: the port its fetches go through (fetch-relay.ts). */
export type FetchPortMessage = { type: 'fetch-port' };

/**
 * In the worker: `fetch` of the site's files asks the page, through the port
 * the frame hands over first (requests made before it came wait for it).
 */
export function fetchThroughPage(site: string): void {
  const pending = new Map<number, (reply: PageFetchReply) => void>();
  const waiting: PageFetchRequest[] = [];
  let port: MessagePort | undefined;
  let nextId = 0;
  self.addEventListener('message', (event: MessageEvent<FetchPortMessage>) => {
    if (event.data?.type !== 'fetch-port' || !event.ports[0]) return;
    port = event.ports[0];
    port.addEventListener('message', (reply: MessageEvent<PageFetchReply>) => {
      if (reply.data?.type !== 'page-fetched') return;
      pending.get(reply.data.id)?.(reply.data);
      pending.delete(reply.data.id);
    });
    port.start();
    for (const request of waiting.splice(0)) port.postMessage(request);
  });
  const direct = self.fetch.bind(self);
  const siteOrigin = new URL(site).origin;
  self.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), site);
    if (url.origin !== siteOrigin || (init?.method ?? 'GET') !== 'GET') return direct(input, init);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        if ('error' in reply) reject(new TypeError(`could not load ${url.pathname}: ${reply.error}`));
        else resolve(new Response(reply.body, { headers: { 'Content-Type': reply.contentType } }));
      });
      const request: PageFetchRequest = { type: 'page-fetch', id, url: url.href };
      if (port) port.postMessage(request);
      else waiting.push(request);
    });
  };
}

/** In the page (in fetch-relay.ts, a worker of the page's): what the worker asked for, from the page's caches, once per page. */
const fetched = new Map<string, Promise<FetchedFile>>();

export function answerPageFetch(request: PageFetchRequest): Promise<PageFetchReply> {
  const url = new URL(request.url);
  if (url.origin !== location.origin) return Promise.resolve({ type: 'page-fetched', id: request.id, error: 'not a file of this site' });
  let file = fetched.get(url.href);
  if (!file) {
    file = assetFetch(url).then(fileOf);
    fetched.set(url.href, file);
    file.catch(() => fetched.delete(url.href));
  }
  return replyTo(request, file);
}

/**
 * The site's build files (under /_astro/, named by their content, so never
 * stale) come from the service worker's cache first, and what comes from the
 * network is kept there, as the service worker does for the page. The fetch
 * relay needs this of its own: a worker started before the service worker
 * took the page over (on a first visit, always) is not served by it, and
 * then nothing the frame's runs used would be there offline.
 */
async function assetFetch(url: URL): Promise<Response> {
  if (!url.pathname.startsWith('/_astro/') || typeof caches === 'undefined') return fetch(url);
  const cache = await caches.open(ASSET_CACHE).catch(() => undefined);
  const kept = await cache?.match(url, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(url);
  if (response.ok && cache) await cache.put(url, response.clone()).catch(() => {});
  return response;
}

/**
 * In a worker of the frame's: a port for a worker it starts itself (see
 * startModuleWorker), answered with this worker's own `fetch`, which asks
 * the page in turn.
 */
export function fetchPortForChild(): MessagePort {
  const channel = new MessageChannel();
  channel.port1.addEventListener('message', (event: MessageEvent) => {
    if (!isPageFetchRequest(event.data)) return;
    void replyTo(event.data, fetch(event.data.url).then(fileOf)).then((reply) => channel.port1.postMessage(reply));
  });
  channel.port1.start();
  return channel.port2;
}

interface FetchedFile {
  body: Blob;
  contentType: string;
}

async function fileOf(response: Response): Promise<FetchedFile> {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { body: await response.blob(), contentType: response.headers.get('Content-Type') ?? '' };
}

async function replyTo(request: PageFetchRequest, file: Promise<FetchedFile>): Promise<PageFetchReply> {
  try {
    return { type: 'page-fetched', id: request.id, ...(await file) };
  } catch (error) {
    return { type: 'page-fetched', id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
