import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Container } from './container.ts';

/**
 * A `Container` made of a temporary folder and child processes: what the
 * container runtime is tested against where no WebContainer can boot. `node`
 * is the Node running this process.
 */
export async function createNodeContainer(): Promise<Container & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'container-'));
  const children = new Set<ReturnType<typeof spawn>>();
  return {
    dir,
    async mount(files) {
      for (const [name, contents] of Object.entries(files)) {
        const file = path.join(dir, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, contents);
      }
    },
    async spawn(command, args) {
      const child = spawn(command === 'node' ? process.execPath : command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      const listeners: ((chunk: string) => void)[] = [];
      const forward = (data: Buffer) => listeners.forEach((l) => l(data.toString('utf8')));
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      const exit = new Promise<number>((resolve) => child.on('close', (code) => (children.delete(child), resolve(code ?? 1))));
      return { onOutput: (l) => listeners.push(l), exit, kill: () => void child.kill('SIGKILL') };
    },
    teardown() {
      for (const child of children) child.kill('SIGKILL');
      void rm(dir, { recursive: true, force: true });
    },
  };
}
