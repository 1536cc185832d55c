/** Vitest glue around the real server, for integration test files (the benchmarks use server.ts without it). */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { removeDataDir, startServer, type RunningServer } from './server.ts'
import { connectClient, type TestClient } from './yclient.ts'

/**
 * For an integration test file: one real server for the file, and stock y-websocket clients that are
 * closed after each test. Call at the top level of the file.
 */
export function serverForFile(options: Parameters<typeof startServer>[0] = {}) {
  let server: RunningServer
  const clients: TestClient[] = []
  beforeAll(async () => {
    server = await startServer(options)
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(async () => {
    await server.stop()
    removeDataDir(server.dataDir)
  })
  return {
    get server() {
      return server
    },
    client(id: string, params?: Record<string, string>) {
      const c = connectClient(server.wsUrl, id, params)
      clients.push(c)
      return c
    },
  }
}
