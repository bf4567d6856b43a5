/// <reference lib="webworker" />
/**
 * Fetches for a runner worker in the runner frame (frame.ts), made by the
 * page instead, in its fetch relay (fetch-relay.ts). The frame's origin is
 * opaque, so its requests use no cache at all (not the service worker's, not
 * the browser's): lesson 06 alone would download its database and PGlite,
 * 17 MB, on every run, and nothing would load offline. The page fetches with
 * its caches and keeps what it fetched for the next run.
 *
 * Only the site's own files go this way (the runner asks for nothing else);
 * module imports do not go through `fetch` and still come from the network.
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
const fetched = new Map<string, Promise<{ body: Blob; contentType: string }>>();

export async function answerPageFetch(request: PageFetchRequest): Promise<PageFetchReply> {
  const url = new URL(request.url);
  if (url.origin !== location.origin) return { type: 'page-fetched', id: request.id, error: 'not a file of this site' };
  let file = fetched.get(url.href);
  if (!file) {
    file = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return { body: await response.blob(), contentType: response.headers.get('Content-Type') ?? '' };
    });
    fetched.set(url.href, file);
    file.catch(() => fetched.delete(url.href));
  }
  try {
    return { type: 'page-fetched', id: request.id, ...(await file) };
  } catch (error) {
    return { type: 'page-fetched', id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
