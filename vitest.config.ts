import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test (x.ts, x.spec.ts); end-to-end tests live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'exercises/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
