import { spawn } from 'node:child_process';

/**
 * Serves the built site (`npm run build` first) with `astro preview` for the
 * page benchmarks, and stops it again. Each benchmark passes its own port, so
 * it never meets a test server or another benchmark.
 */
export interface Preview {
  base: string;
  stop(): void;
}

async function waitForServer(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server did not answer at ${url}; did you run npm run build?`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Starts `astro preview` on `port`, or uses the built site already served there (as Playwright's webServer does). */
export async function startPreview(port: number): Promise<Preview> {
  if (await answers(`http://localhost:${port}/`)) return { base: `http://localhost:${port}`, stop: () => undefined };
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', 'localhost'], { stdio: 'ignore', detached: true });
  const base = `http://localhost:${port}`;
  const stop = () => {
    if (server.pid) process.kill(-server.pid);
  };
  try {
    await waitForServer(base);
  } catch (error) {
    stop();
    throw error;
  }
  return { base, stop };
}
