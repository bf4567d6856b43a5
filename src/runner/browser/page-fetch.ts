/// <reference lib="webworker" />
/**
 * Fetches for a runner worker in the runner frame (frame.ts), made by the
 * page instead. The frame's origin is opaque, so its requests use no cache at
 * all (not the service worker's, not the browser's): lesson 06 alone would
 * download its database and PGlite, 17 MB, on every run, and nothing would
 * load offline. The page fetches with its caches and keeps what it fetched
 * for the next run.
 *
 * Only the site's own files go this way (the runner asks for nothing else);
 * module imports do not go through `fetch` and still come from the network.
 */

/** Asked by the worker, answered by the page; both travel through the frame like any other message. */
export type PageFetchRequest = { type: 'page-fetch'; id: number; url: string };
export type PageFetchReply =
  | { type: 'page-fetched'; id: number; body: Blob; contentType: string }
  | { type: 'page-fetched'; id: number; error: string };

export function isPageFetchRequest(message: unknown): message is PageFetchRequest {
  return (message as { type?: unknown } | null)?.type === 'page-fetch';
}

/** In the worker: `fetch` of the site's files asks the page. */
export function fetchThroughPage(site: string): void {
  const pending = new Map<number, (reply: PageFetchReply) => void>();
  let nextId = 0;
  self.addEventListener('message', (event: MessageEvent<PageFetchReply>) => {
    if (event.data?.type !== 'page-fetched') return;
    pending.get(event.data.id)?.(event.data);
    pending.delete(event.data.id);
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
      self.postMessage({ type: 'page-fetch', id, url: url.href } satisfies PageFetchRequest);
    });
  };
}

/** In the page: what the worker asked for, from the page's caches, once per page. */
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
