import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: the e2e tests run a browser and a server each; more workers only make them slower.
    maxWorkers: 2,
  },
})
