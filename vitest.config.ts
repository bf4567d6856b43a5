import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test (x.ts, x.spec.ts); end-to-end tests live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'exercises/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // On CPUs with memory protection keys (AMD EPYC, recent Xeons), V8's JIT-page
    // tracking can lose a page while many PGlite instances compile and free their
    // WebAssembly across worker threads, and the process aborts with
    // "Check failed: jit_page.has_value()" (nodejs/node#64500). The flag turns that
    // tracking off; the npm scripts that run lessons in Node pass it too.
    execArgv: ['--no-memory-protection-keys'],
  },
});
