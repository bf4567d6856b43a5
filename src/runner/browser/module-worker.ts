/**
 * Starts a module worker from the site. A worker's script must have its
 * creator's origin; in the runner frame (frame.ts) that origin is opaque, so
 * there the worker starts from a script of the frame's own that imports the
 * module (the site serves its files with CORS for this).
 */
export function startModuleWorker(url: URL, name: string): Worker {
  if (self.origin !== 'null') return new Worker(url, { type: 'module', name });
  return new Worker(URL.createObjectURL(new Blob([bootstrapScript(url)], { type: 'text/javascript' })), { name });
}

/**
 * A classic worker script that imports the module at `url`. Chromium refuses
 * a module worker from a `blob:` URL of an opaque origin, but a classic one
 * may `import()`. A classic worker drops messages that come before anyone
 * listens, and the module listens only once it has loaded: the messages that
 * came before are kept and dispatched to it then. A module that cannot load
 * is thrown outside the promise, so the worker's creator sees an `error`.
 */
export function bootstrapScript(url: URL): string {
  return `const early = [];
const hold = (event) => early.push(event);
self.addEventListener('message', hold);
import(${JSON.stringify(url.href)}).then(
  () => {
    self.removeEventListener('message', hold);
    for (const { data, ports } of early) self.dispatchEvent(new MessageEvent('message', { data, ports: [...ports] }));
  },
  (error) => setTimeout(() => { throw error; }),
);`;
}
