/// <reference lib="webworker" />
import { fetchPortForChild } from './page-fetch.ts';
import { relinkModule } from './relink.ts';

/**
 * Starts a module worker from the site. A worker's script must have its
 * creator's origin; in the runner frame (frame.ts) that origin is opaque, so
 * there the worker starts from a script of the frame's own that loads the
 * module through the page (see bootstrapScript), and this worker answers its
 * fetches with its own, which go to the page too.
 */
export function startModuleWorker(url: URL, name: string): Worker {
  if (self.origin !== 'null') return new Worker(url, { type: 'module', name });
  const worker = new Worker(URL.createObjectURL(new Blob([bootstrapScript(url)], { type: 'text/javascript' })), { name });
  worker.postMessage({ type: 'fetch-port' }, [fetchPortForChild()]);
  return worker;
}

/**
 * A classic worker script that loads the module at `url` with its imports.
 *
 * In the runner frame nothing may come from the network: its requests are
 * of an opaque origin, which neither the site's service worker nor the
 * browser's cache serves, so offline they would fail and online they would
 * download the runner on every run. So the script fetches each module's text
 * through the port its creator hands it first (page-fetch.ts), which the page
 * answers from its caches; points the module's imports at the modules it
 * made of the ones before (relink.ts); and imports the result from a `blob:`
 * URL of its own. (Chromium refuses a module worker from a `blob:` URL of an
 * opaque origin, but a classic one may `import()` one.)
 *
 * A classic worker drops messages that come before anyone listens, and the
 * module listens only once it has loaded: the messages that came before are
 * kept and dispatched to it then, the port included, for the module's own
 * fetches. A module that cannot load is thrown outside the promise, so the
 * worker's creator sees an `error` (frame.ts then starts the worker in the
 * page instead).
 *
 * In development the site's modules are Vite's, not a build's: there the
 * module is imported from the site, which needs the network.
 */
export function bootstrapScript(url: URL): string {
  const load = import.meta.env.DEV ? 'direct' : 'through-page';
  return `(${bootstrapMain.toString()})(${JSON.stringify(url.href)}, ${JSON.stringify(load)}, ${relinkModule.toString()});`;
}

/** The bootstrap script's body, turned into source text: it must use nothing from outside it. */
function bootstrapMain(entry: string, load: 'direct' | 'through-page', relink: typeof relinkModule): void {
  const early: MessageEvent[] = [];
  let portCame: (port: MessagePort) => void = () => {};
  const port = new Promise<MessagePort>((resolve) => (portCame = resolve));
  const hold = (event: MessageEvent) => {
    early.push(event);
    if (event.data?.type === 'fetch-port' && event.ports[0]) portCame(event.ports[0]);
  };
  self.addEventListener('message', hold);

  // Negative ids: the module's own fetches (page-fetch.ts) count up from 0 on the same port.
  let nextId = -1;
  const replies = new Map<number, (reply: { body?: Blob; error?: string }) => void>();
  // One listener for every reply, added with the first fetch.
  const replying = port.then((to) => {
    to.addEventListener('message', (event: MessageEvent) => replies.get(event.data?.id)?.(event.data));
    to.start();
    return to;
  });
  const fetchText = async (url: string): Promise<string> => {
    const to = await replying;
    const id = nextId--;
    const reply = await new Promise<{ body?: Blob; error?: string }>((resolve) => {
      replies.set(id, resolve);
      to.postMessage({ type: 'page-fetch', id, url });
    });
    replies.delete(id);
    if (!reply.body) throw new Error(`could not load ${new URL(url).pathname}: ${reply.error}`);
    return reply.body.text();
  };

  /** Each module's `blob:` URL, made once its static imports have theirs. */
  const linked = new Map<string, Promise<string>>();
  const link = (url: string, importedBy: readonly string[]): Promise<string> => {
    if (importedBy.includes(url)) return Promise.reject(new Error(`the modules import each other: ${[...importedBy, url].join(' → ')}`));
    let made = linked.get(url);
    if (!made) {
      made = (async () => {
        const text = await fetchText(url);
        const { imports } = relink(text, url, () => undefined);
        const urls = new Map(await Promise.all(imports.map(async (dep) => [dep, await link(dep, [...importedBy, url])] as const)));
        const { source } = relink(text, url, (dep) => urls.get(dep));
        return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      })();
      linked.set(url, made);
    }
    return made;
  };
  (globalThis as { __linkedImport?: (url: string) => Promise<unknown> }).__linkedImport = (url) => link(url, []).then((blob) => import(blob));

  const loaded = load === 'direct' ? import(entry) : link(entry, []).then((blob) => import(blob));
  loaded.then(
    () => {
      self.removeEventListener('message', hold);
      for (const { data, ports } of early) self.dispatchEvent(new MessageEvent('message', { data, ports: [...ports] }));
    },
    (error) =>
      setTimeout(() => {
        throw error;
      }),
  );
}
