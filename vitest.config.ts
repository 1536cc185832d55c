import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the tests slower.
    maxWorkers: 2,
    // Server logs of passing tests are noise; a failing test shows everything it printed.
    silent: 'passed-only',
    projects: [
      { extends: true, test: { name: 'unit and integration', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      // Each browser test file runs a server and several Chromium pages: one file at a time, so two of
      // them never fight over two cores.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
})
