import type { Files } from '../runner/container/container.ts';
import type { Runtime } from '../runner/runtime.ts';
import { pageWorkerRuntime } from './runner-ahead.ts';

/**
 * Which runtime runs the learner's code. The Web Worker is ready at once,
 * works everywhere (offline included) and keeps everything on this device, so
 * the page always starts with it. Real Node in a WebContainer is only offered:
 * booting one connects to StackBlitz's servers, so nothing of it is loaded or
 * contacted until the learner chooses it, on this page.
 */
export type RuntimeKind = 'worker' | 'webcontainer';

export interface RuntimeChoice {
  current(): Runtime;
  /** Called at once, then whenever the runtime in use, or what is on offer, changes. */
  onChange(listener: (state: ChoiceState) => void): void;
  /** Switches runtime; choosing real Node boots a WebContainer first (and falls back to the worker, saying why). */
  choose(kind: RuntimeKind): Promise<void>;
}

export interface ChoiceState {
  kind: RuntimeKind;
  /** Why this runtime is in use, in a few words. */
  reason: string;
  /** Real Node can be offered here: the page is cross-origin isolated, online, and the site has its bundle. */
  containerOffered: boolean;
  /** True while a WebContainer the learner chose is booting. */
  booting: boolean;
}

export const BOOT_TIMEOUT_MS = 10_000;

async function fetchBundle(): Promise<Files> {
  const manifest = (await (await fetch('/container/manifest.json')).json()) as { files: string[] };
  const files: Files = {};
  await Promise.all(
    manifest.files.map(async (name) => {
      const response = await fetch(`/container/${name}`);
      if (!response.ok) throw new Error(`/container/${name}: ${response.status}`);
      files[name] = new Uint8Array(await response.arrayBuffer());
    }),
  );
  return files;
}

/** Same-origin only: is real Node's bundle part of this build? */
async function bundleAvailable(): Promise<boolean> {
  try {
    return (await fetch('/container/manifest.json', { method: 'HEAD' })).ok;
  } catch {
    return false;
  }
}

export function createRuntimeChoice(onTerminal: (chunk: string) => void): RuntimeChoice {
  const worker = pageWorkerRuntime();
  let container: Runtime | undefined;
  const listeners: ((s: ChoiceState) => void)[] = [];
  const state: ChoiceState = { kind: 'worker', reason: 'on this device', containerOffered: false, booting: false };
  const publish = () => listeners.forEach((l) => l({ ...state }));

  const offerable = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  if (offerable) {
    void bundleAvailable().then((available) => {
      state.containerOffered = available;
      publish();
    });
  }

  async function bootContainer(): Promise<Runtime | string> {
    // Loaded only now: these modules are what talks to StackBlitz.
    const [{ bootWebContainer }, { createContainerRuntime }] = await Promise.all([
      import('../runner/container/webcontainer.ts'),
      import('../runner/container/runtime.ts'),
    ]);
    const outcome = await bootWebContainer(BOOT_TIMEOUT_MS);
    if (!outcome.ok) return outcome.reason;
    let first: typeof outcome.container | undefined = outcome.container;
    return createContainerRuntime({
      // A teardown (Stop, the watchdog) ends a container; the next run boots another.
      getContainer: async () => {
        if (first) {
          const c = first;
          first = undefined;
          return c;
        }
        const again = await bootWebContainer(BOOT_TIMEOUT_MS, { fresh: true });
        if (!again.ok) throw new Error(`real Node could not restart: ${again.reason}`);
        return again.container;
      },
      bundle: fetchBundle,
      onTerminal,
    });
  }

  return {
    current: () => (state.kind === 'webcontainer' && container ? container : worker),
    onChange: (listener) => {
      listeners.push(listener);
      listener({ ...state });
    },
    async choose(kind) {
      if (kind === 'worker') {
        Object.assign(state, { kind, reason: 'on this device', booting: false });
        publish();
        return;
      }
      if (!container) {
        Object.assign(state, { booting: true, reason: 'connecting to StackBlitz…' });
        publish();
        const booted = await bootContainer().catch((error: unknown) => `could not start: ${String(error)}`);
        if (typeof booted === 'string') {
          Object.assign(state, { kind: 'worker', booting: false, reason: `real Node unavailable: ${booted}` });
          publish();
          return;
        }
        container = booted;
      }
      Object.assign(state, { kind: 'webcontainer', booting: false, reason: 'real Node in your browser' });
      publish();
    },
  };
}
