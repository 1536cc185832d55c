/** Vitest glue around the real server, for integration test files (the benchmarks use server.ts without it). */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { joinBoard, removeDataDir, startServer, type RunningServer } from './server.ts'
import { noteRecord } from './records.ts'
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
    /**
     * A partner who joined through the API and connected with their token; `note` makes a complete note
     * in their name, as their page would.
     */
    async partner(boardId: string, name = 'Anne', organisation = 'Gemeente Utrecht') {
      const joined = await joinBoard(server, boardId, { name, organisation })
      const c = connectClient(server.wsUrl, boardId, { token: joined.participant.token })
      clients.push(c)
      const meta = { authorId: joined.participant.authorId, author: name, organisation: joined.organisation.name }
      return Object.assign(c, {
        joined,
        meta,
        note: (id: string, text = '', at: { x: number; y: number; parentId?: string } = { x: 0, y: 0 }) => noteRecord(id, text, at, meta),
      })
    },
  }
}
