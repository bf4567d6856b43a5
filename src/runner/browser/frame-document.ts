/**
 * The document of the runner frame (see frame.ts): a page with one script and
 * no content, which starts workers when its parent asks and relays their
 * messages. It has an opaque origin, so its own code is all inline, and each
 * worker starts from a script the page sends (see bootstrapScript in
 * module-worker.ts), which loads the worker's modules through the page.
 *
 * The script runs in the frame, not here: it is written as a function so it
 * is type-checked, then turned into source text. It must use nothing from
 * outside its own body.
 */

/** What the parent says to the frame, on its window. */
export type ToFrame =
  | { type: 'ping'; id: number }
  /**
   * Start a worker from `script`, a classic script's source; its messages go
   * through the first transferred port, and the second is handed to it for
   * its fetches (page-fetch.ts).
   */
  | { type: 'spawn'; script: string; name: string };

/** What the frame says to the parent, on its window. */
export type FromFrame = { type: 'ready' } | { type: 'pong'; id: number };

/** What goes through a worker's port, in either direction. */
export type PortTraffic =
  | { kind: 'post'; data: unknown }
  | { kind: 'terminate' }
  | { kind: 'message'; data: unknown }
  | { kind: 'error'; message: string };

function frameMain(): void {
  const toParent = (message: FromFrame) => parent.postMessage(message, '*');
  addEventListener('message', (event: MessageEvent<ToFrame>) => {
    // Only the page that made this frame may start workers in it.
    if (event.source !== parent) return;
    const message = event.data;
    if (message.type === 'ping') {
      toParent({ type: 'pong', id: message.id });
      return;
    }
    const port = event.ports[0];
    if (message.type !== 'spawn' || !port) return;
    // A worker's script must have its creator's origin, and this frame's is opaque: a blob of its own has it.
    const script = URL.createObjectURL(new Blob([message.script], { type: 'text/javascript' }));
    const worker = new Worker(script, { name: message.name });
    const fetchPort = event.ports[1];
    if (fetchPort) worker.postMessage({ type: 'fetch-port' }, [fetchPort]);
    const send = (traffic: PortTraffic) => port.postMessage(traffic);
    worker.addEventListener('message', (e) => send({ kind: 'message', data: e.data }));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      send({ kind: 'error', message: e.message || 'the worker failed to load' });
    });
    port.addEventListener('message', (e: MessageEvent<PortTraffic>) => {
      if (e.data.kind === 'post') worker.postMessage(e.data.data);
      if (e.data.kind === 'terminate') {
        worker.terminate();
        port.close();
        URL.revokeObjectURL(script);
      }
    });
    port.start();
  });
  toParent({ type: 'ready' });
}

/** The frame's whole document, for `srcdoc`. */
export function frameDocument(): string {
  return `<!doctype html><meta charset="utf-8"><title>Runner</title><script>(${frameMain.toString()})();</script>`;
}
