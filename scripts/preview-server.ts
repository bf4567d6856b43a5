import { spawn } from 'node:child_process';

/**
 * The built site (`npm run build` first), served by `astro preview` with the
 * same headers a host sends, for the page benchmarks. Call `stop()` when done.
 */
export async function startPreview(port: number): Promise<{ base: string; stop(): void }> {
  const base = `http://localhost:${port}`;
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', 'localhost'], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(base)).ok) return { base, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`the preview server did not answer at ${base}; did you run npm run build?`);
}
