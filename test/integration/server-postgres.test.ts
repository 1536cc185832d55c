// The real server on PostgreSQL (DATABASE_URL): a stock y-websocket client writes to a board, the server
// stops and starts again on the same database (with a new, empty DATA_DIR), and the board is all there.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { noteRecord } from '../helpers/records.ts'
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts'
import { createBoard, joinBoard, removeDataDir, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'

// The server stops cleanly and PostgreSQL stays up: fsync makes no difference here.
let cluster: TestPostgres
beforeAll(async () => {
  cluster = await startPostgres()
})
afterAll(async () => {
  await cluster?.stop()
})
const clients: TestClient[] = []
const servers: RunningServer[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.kill()
  for (const d of dirs.splice(0)) removeDataDir(d)
})

describe('the server on PostgreSQL', () => {
  it('keeps a board in PostgreSQL across a restart, with its people, and nothing in DATA_DIR', async () => {
    const env = { DATABASE_URL: await cluster.createDatabase(), COMPACT_AFTER_UPDATES: '20' }
    const firstDir = tempDataDir()
    dirs.push(firstDir)
    let server = await startServer({ dataDir: firstDir, env })
    servers.push(server)
    await waitFor(() => /boards are stored in PostgreSQL at 127\.0\.0\.1:\d+\/waterlijn_test_1\n/.test(server.output()), 5000, 'the server says where the boards are')
    const board = await createBoard(server, 'Werksessie op PostgreSQL')
    const anne = await joinBoard(server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
    const byAnne = (i: number) => noteRecord(`shape:n${i}`, `Notitie ${i}`, { x: i * 10, y: 0 }, { authorId: anne.participant.authorId, author: 'Anne', organisation: anne.organisation.name })
    const writer = connectClient(server.wsUrl, board.id, { token: anne.participant.token })
    clients.push(writer)
    await writer.synced
    for (let i = 0; i < 50; i++) writer.records.set(`shape:n${i}`, byAnne(i))
    const shapes = (c: TestClient) => [...c.records.map.keys()].filter((k) => k.startsWith('shape:')).length
    const reader = connectClient(server.wsUrl, board.id)
    clients.push(reader)
    await waitFor(() => shapes(reader) === 50, 10_000, 'a second client has every note')
    writer.destroy()
    reader.destroy()
    await server.stop()
    expect(existsSync(join(firstDir, 'waterlijn.sqlite'))).toBe(false)

    const secondDir = tempDataDir()
    dirs.push(secondDir)
    server = await startServer({ dataDir: secondDir, env })
    servers.push(server)
    const fresh = connectClient(server.wsUrl, board.id)
    clients.push(fresh)
    await fresh.synced
    expect(shapes(fresh)).toBe(50)
    for (let i = 0; i < 50; i++) expect(fresh.records.get(`shape:n${i}`)).toEqual(byAnne(i))
    // Anne's token still works: the server knows her from the database.
    const back = await fetch(`${server.url}/api/boards/${board.id}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Anne', organisation: 'Gemeente Utrecht', token: anne.participant.token }),
    })
    expect(back.status).toBe(200)
    expect((await back.json()).participant.authorId).toBe(anne.participant.authorId)
    expect(existsSync(join(secondDir, 'waterlijn.sqlite'))).toBe(false)
  })

  it('does not start on a database of a newer schema, and says why', async () => {
    const url = await cluster.createDatabase()
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('CREATE TABLE waterlijn_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO waterlijn_schema (version) VALUES (999)')
    await client.end()
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    await expect(startServer({ dataDir, env: { DATABASE_URL: url } })).rejects.toThrow(/newer version \(schema 999/)
  })
})
