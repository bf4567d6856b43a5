/// <reference lib="webworker" />
import { answerPageFetch, isPageFetchRequest } from './page-fetch.ts';

/**
 * The page's fetches for the runner frame's workers (page-fetch.ts), made in
 * a worker of the page's own rather than on its main thread. A worker of the
 * page has the page's origin, so it fetches through the site's service worker
 * and the browser's cache as the page would; but while the page is busy (its
 * editor loads for about two seconds after it opens) its main thread would
 * answer late, and 06's database would wait for it. Each runner worker gets
 * a port of its own to this one.
 */
self.addEventListener('message', (event: MessageEvent) => {
  for (const port of event.ports) {
    port.addEventListener('message', (request: MessageEvent) => {
      if (isPageFetchRequest(request.data)) void answerPageFetch(request.data).then((reply) => port.postMessage(reply));
    });
    port.start();
  }
});
