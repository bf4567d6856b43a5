import { runInWorker, type WorkerPort } from '../controller.ts';
import type { HostMessage, WorkerMessage } from '../protocol.ts';
import type { Runtime } from '../runtime.ts';
import { MESSAGE_PREFIX, type Container, type Files } from './container.ts';

/**
 * Runs lessons in real Node inside a container (a WebContainer in the
 * browser). The prebuilt runner bundle is mounted once; each run writes its
 * request and spawns `node runner.mjs`. The runner speaks the same protocol
 * as the Web Worker, over stdout, so the watchdog, progress and verdicts are
 * shared. A busy loop cannot be killed inside a WebContainer, so Stop and the
 * watchdog tear the whole container down and the next run gets a new one.
 */
export interface ContainerRuntimeOptions {
  /** A ready container; called again after a teardown. */
  getContainer(): Promise<Container>;
  /** The runner bundle: runner.mjs, specs/<slug>.mjs and their assets. */
  bundle(): Promise<Files>;
  /** Output that is not a runner message: the process's own console, for a terminal panel. */
  onTerminal?(chunk: string): void;
  reason?: string;
}

export function createContainerRuntime(options: ContainerRuntimeOptions): Runtime {
  let ready: Promise<Container> | undefined;
  const prepare = (): Promise<Container> =>
    (ready ??= (async () => {
      const container = await options.getContainer();
      await container.mount(await options.bundle());
      return container;
    })());

  const createWorker = (): WorkerPort => {
    const listeners: ((m: WorkerMessage) => void)[] = [];
    const errorListeners: ((m: string) => void)[] = [];
    let finished = false;
    let kill: (() => void) | undefined;
    let completed = false;
    const emit = (m: WorkerMessage) => {
      if (m.type === 'result') completed = true;
      listeners.forEach((l) => l(m));
    };
    const fail = (message: string) => errorListeners.forEach((l) => l(message));
    let buffer = '';
    const onOutput = (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        const at = line.indexOf(MESSAGE_PREFIX);
        if (at !== -1) {
          emit(JSON.parse(line.slice(at + MESSAGE_PREFIX.length)) as WorkerMessage);
          if (at > 0) options.onTerminal?.(`${line.slice(0, at)}\n`);
        } else {
          options.onTerminal?.(`${line}\n`);
        }
      }
    };
    return {
      post(message: HostMessage) {
        // A process per run reads its whole request at once: there is nothing to prepare ahead.
        if (message.type !== 'start') return;
        void (async () => {
          try {
            const container = await prepare();
            if (finished) return;
            await container.mount({ 'request.json': JSON.stringify(message.request) });
            const process = await container.spawn('node', ['runner.mjs', 'request.json']);
            kill = () => {
              process.kill();
              // A busy loop ignores kill() in a WebContainer: only a teardown ends it.
              container.teardown();
              ready = undefined;
            };
            if (finished) return kill();
            process.onOutput(onOutput);
            const code = await process.exit;
            if (!finished && code !== 0) fail(`node exited with code ${code}`);
          } catch (error) {
            ready = undefined;
            fail(error instanceof Error ? error.message : String(error));
          }
        })();
      },
      onMessage: (listener) => listeners.push(listener),
      onError: (listener) => errorListeners.push(listener),
      terminate() {
        if (finished) return;
        finished = true;
        // After a result the runner exits by itself and the container is kept for the next run.
        if (!completed) kill?.();
      },
    };
  };

  return {
    kind: 'webcontainer',
    reason: options.reason ?? 'real Node in your browser',
    run: (request, handlers) =>
      runInWorker(createWorker, request, handlers, {
        // Mounting the bundle and starting Node take longer than a worker.
        bootBudgetMs: 60_000,
        // A container process speaks over stdout and sends no heartbeats.
        limits: { heartbeats: false },
        env: { runtime: 'webcontainer', version: 'WebContainer', crossOriginIsolated: true, timerTickMs: 0 },
      }),
  };
}
