import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: the e2e tests run a browser and a server each; more workers only make them slower.
    maxWorkers: 2,
    // Server logs of passing tests are noise; a failing test shows everything it printed.
    silent: 'passed-only',
  },
})
