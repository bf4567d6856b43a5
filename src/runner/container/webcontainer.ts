import type { FileSystemTree, WebContainer } from '@webcontainer/api';
import type { Container, Files } from './container.ts';

/**
 * Boots StackBlitz's WebContainer (real Node in the browser) and adapts it to
 * `Container`. Facts that shape this file:
 * - Without a network to StackBlitz, `WebContainer.boot()` never settles, and
 *   a second `boot()` waits on the first: so it is raced against a time limit
 *   and called at most once per page.
 * - It needs a cross-origin isolated page.
 */
export type BootOutcome = { ok: true; container: Container } | { ok: false; reason: string };

let booting: Promise<BootOutcome> | undefined;
let settled: BootOutcome | undefined;

/**
 * Boots once per page. `fresh` asks for a new container after the last one
 * was torn down; that is safe only once the previous boot has succeeded, so a
 * boot that failed or never settled is never repeated.
 */
export function bootWebContainer(timeoutMs: number, options: { fresh?: boolean } = {}): Promise<BootOutcome> {
  if (options.fresh && settled?.ok) booting = undefined;
  booting ??= boot(timeoutMs).then((outcome) => (settled = outcome));
  return booting;
}

async function boot(timeoutMs: number): Promise<BootOutcome> {
  if (!globalThis.crossOriginIsolated) return { ok: false, reason: 'not cross-origin isolated' };
  if (typeof SharedArrayBuffer === 'undefined') return { ok: false, reason: 'browser not supported' };
  if (!navigator.onLine) return { ok: false, reason: 'offline' };
  let api: typeof import('@webcontainer/api');
  try {
    api = await import('@webcontainer/api');
  } catch {
    return { ok: false, reason: 'could not load the WebContainer API' };
  }
  const timeout = new Promise<BootOutcome>((resolve) =>
    setTimeout(() => resolve({ ok: false, reason: 'boot timed out' }), timeoutMs),
  );
  const booted = api.WebContainer.boot({ coep: 'require-corp', workdirName: 'workshop' }).then(
    (wc): BootOutcome => ({ ok: true, container: adapt(wc) }),
    (error: unknown): BootOutcome => ({ ok: false, reason: `boot failed: ${error instanceof Error ? error.message : String(error)}` }),
  );
  return Promise.race([booted, timeout]);
}

function toTree(files: Files): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`${path}: ${part} is a file`);
      dir = node.directory;
    }
    dir[parts.at(-1)!] = { file: { contents } };
  }
  return root;
}

function adapt(wc: WebContainer): Container {
  return {
    mount: (files) => wc.mount(toTree(files)),
    async spawn(command, args) {
      const process = await wc.spawn(command, args);
      const listeners: ((chunk: string) => void)[] = [];
      void process.output.pipeTo(new WritableStream({ write: (chunk) => listeners.forEach((l) => l(chunk)) }));
      return { onOutput: (l) => listeners.push(l), exit: process.exit, kill: () => process.kill() };
    },
    teardown: () => wc.teardown(),
  };
}
