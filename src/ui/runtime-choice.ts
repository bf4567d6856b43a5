import { createWorkerRuntime } from '../runner/browser/runtime.ts';
import type { Files } from '../runner/container/container.ts';
import { createContainerRuntime } from '../runner/container/runtime.ts';
import { bootWebContainer } from '../runner/container/webcontainer.ts';
import type { Runtime } from '../runner/runtime.ts';

/**
 * Which runtime runs the learner's code. The Web Worker is ready at once and
 * works everywhere, offline included, so the page starts with it and never
 * waits. Meanwhile a WebContainer (real Node) tries to boot; if it does, the
 * learner may switch to it. If it cannot, a quiet badge says why.
 */
export type RuntimeKind = 'worker' | 'webcontainer';

export interface RuntimeChoice {
  current(): Runtime;
  /** Called whenever the runtime in use, or what is available, changes. */
  onChange(listener: (state: ChoiceState) => void): void;
  choose(kind: RuntimeKind): void;
}

export interface ChoiceState {
  kind: RuntimeKind;
  /** Why this runtime is in use, in a few words. */
  reason: string;
  containerAvailable: boolean;
  /** True while the WebContainer is still trying to boot. */
  booting: boolean;
}

const PREFERENCE_KEY = 'perf-workshop:v1:runtime';
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

async function bundleAvailable(): Promise<boolean> {
  try {
    return (await fetch('/container/manifest.json', { method: 'HEAD' })).ok;
  } catch {
    return false;
  }
}

export function createRuntimeChoice(onTerminal: (chunk: string) => void): RuntimeChoice {
  const worker = createWorkerRuntime();
  let container: Runtime | undefined;
  const listeners: ((s: ChoiceState) => void)[] = [];
  const preferred = (): RuntimeKind => (localStorage.getItem(PREFERENCE_KEY) === 'worker' ? 'worker' : 'webcontainer');
  const state: ChoiceState = { kind: 'worker', reason: 'starting real Node…', containerAvailable: false, booting: true };
  const publish = () => listeners.forEach((l) => l({ ...state }));

  void (async () => {
    let reason: string;
    if (!navigator.onLine) {
      reason = 'offline';
    } else if (!(await bundleAvailable())) {
      reason = 'real Node is not built into this site';
    } else {
      const outcome = await bootWebContainer(BOOT_TIMEOUT_MS);
      if (outcome.ok) {
        let first: typeof outcome.container | undefined = outcome.container;
        container = createContainerRuntime({
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
        state.containerAvailable = true;
        state.booting = false;
        state.kind = preferred();
        state.reason = state.kind === 'webcontainer' ? 'real Node in your browser' : 'your choice';
        publish();
        return;
      }
      reason = outcome.reason;
    }
    state.booting = false;
    state.reason = reason;
    publish();
  })();

  return {
    current: () => (state.kind === 'webcontainer' && container ? container : worker),
    onChange: (listener) => {
      listeners.push(listener);
      listener({ ...state });
    },
    choose(kind) {
      if (kind === 'webcontainer' && !container) return;
      localStorage.setItem(PREFERENCE_KEY, kind);
      state.kind = kind;
      state.reason = kind === 'webcontainer' ? 'real Node in your browser' : 'your choice';
      publish();
    },
  };
}
