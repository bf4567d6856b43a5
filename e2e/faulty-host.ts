import { request as forward, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A host in front of the preview server that answers some requests badly, for
 * the tests of how the page copes with a host it cannot fully use.
 *
 * The fault is made here, on the wire, rather than by Playwright's routing:
 * the runner frame's workers live in a process of their own, and Playwright
 * routes a worker's requests only once it has attached to it, so a first
 * request could slip past a route and the test would not be testing its case.
 */
export type Fault =
  /** Sends the answer without `Access-Control-Allow-Origin`, as a host that was never told about it would. */
  | 'no-cors'
  /** Never answers, as a network that hangs. */
  | 'hang';

export interface FaultyHost {
  /** Where the page is to be opened, for example `${base}/lessons/01-async-io/`. */
  base: string;
  /** The paths of the requests the fault was applied to, in order. */
  faulted: string[];
  close(): Promise<void>;
}

/** Forwards every request to `target`, applying `faultFor`'s fault (if any) to each. */
export async function startFaultyHost(target: string, faultFor: (request: IncomingMessage) => Fault | undefined): Promise<FaultyHost> {
  const upstream = new URL(target);
  const faulted: string[] = [];
  const held = new Set<ServerResponse>();

  const server = createServer((incoming, outgoing) => {
    const fault = faultFor(incoming);
    if (fault) faulted.push(new URL(incoming.url ?? '/', upstream).pathname);
    if (fault === 'hang') {
      held.add(outgoing);
      return;
    }
    const headers = { ...incoming.headers, host: upstream.host };
    const proxied = forward({ hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers }, (answer) => {
      const answerHeaders = { ...answer.headers };
      if (fault === 'no-cors') delete answerHeaders['access-control-allow-origin'];
      outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(outgoing);
    });
    proxied.on('error', () => outgoing.destroy());
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    base: `http://localhost:${port}`,
    faulted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The runner's module, asked for with `fetch` (as the page's fetch relay asks for the runner frame) rather than as a worker's script. */
export const isRelayedRunnerRequest = (request: IncomingMessage): boolean =>
  /\/_astro\/runner-[^/]*\.js$/.test(new URL(request.url ?? '/', 'http://x').pathname) && request.headers['sec-fetch-dest'] === 'empty';

/** Asked for by the runner frame itself, whose origin is opaque (`Origin: null`). */
export const isFrameRequest = (request: IncomingMessage): boolean => request.headers.origin === 'null';
