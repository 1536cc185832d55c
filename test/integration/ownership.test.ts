// One owner per board, enforced by PostgreSQL: two instances in this process on one database. The second
// is refused (close code 1013, HTTP 503), a stale owner's writes are fenced off, a lost lock closes the
// board's connections, and a PostgreSQL restart is ridden out without dropping the boards that are loaded.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { NotOwnerError, PostgresOwnership } from '../../server/ownership.ts'
import { PostgresStore } from '../../server/store/postgres.ts'
import { CloseCode, type CreateBoardResponse } from '../../shared/protocol.ts'
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts'
import { noteRecord } from '../helpers/records.ts'
import { waitFor } from '../helpers/server.ts'
import { closeCode, connectClient, rawSocket, type TestClient } from '../helpers/yclient.ts'

let cluster: TestPostgres
beforeAll(async () => {
  cluster = await startPostgres()
})
afterAll(async () => {
  await cluster?.stop()
})

const apps: App[] = []
const clients: TestClient[] = []
const dirs: string[] = []
const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const a of apps.splice(0)) await a.close().catch(() => {})
  for (const close of closers.splice(0)) await close().catch(() => {})
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

interface Instance {
  app: App
  url: string
  wsUrl: string
  ownership: PostgresOwnership
}

async function startInstance(databaseUrl: string, instanceId: string, reconnectMinMs?: number): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), 'waterlijn-own-'))
  dirs.push(dir)
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: databaseUrl, INSTANCE_ID: instanceId, ROOM_UNLOAD_DELAY_MS: '100', BOARDS_PER_MINUTE_PER_ADDRESS: '0', JOINS_PER_MINUTE_PER_ADDRESS: '0' })
  const store = await PostgresStore.open(databaseUrl)
  const ownership = new PostgresOwnership(databaseUrl, instanceId, { reconnectMinMs })
  await ownership.start()
  const app = createApp(config, store, ownership)
  apps.push(app)
  const port = await app.listen()
  return { app, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, ownership }
}

async function createBoard(instance: Instance): Promise<CreateBoardResponse> {
  const res = await fetch(`${instance.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Eigenaarschap"}' })
  expect(res.status).toBe(201)
  return res.json()
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

const shapes = (c: TestClient) => [...c.records.map.keys()].filter((k) => k.startsWith('shape:')).length
const note = (i: number, text = `Notitie ${i}`) => noteRecord(`shape:n${i}`, text, { x: i * 10, y: 0 }, { authorId: '', author: '', organisation: '' })

/** Ownerships of one board never overlap in time, and each new one has a higher epoch. */
async function expectNoOverlap(url: string, boardId: string): Promise<number> {
  const rows = await query<{ epoch: string; acquired_at: Date; released_at: Date | null }>(url, 'SELECT epoch, acquired_at, released_at FROM ownership_log WHERE board_id = $1 ORDER BY acquired_at', [boardId])
  for (let i = 1; i < rows.length; i++) {
    expect(Number(rows[i].epoch)).toBeGreaterThan(Number(rows[i - 1].epoch))
    expect(rows[i - 1].released_at).not.toBeNull()
    expect(rows[i - 1].released_at!.getTime()).toBeLessThanOrEqual(rows[i].acquired_at.getTime())
  }
  return rows.length
}

describe('one owner per board', () => {
  it('a second instance is told to try again (1013 on the websocket, 503 on the API) and takes the board once the first lets go', async () => {
    const url = await cluster.createDatabase()
    const a = await startInstance(url, 'a')
    const b = await startInstance(url, 'b')
    const board = await createBoard(a)
    const writer = connectClient(a.wsUrl, board.id, { key: board.facilitatorKey })
    clients.push(writer)
    await writer.synced
    writer.records.set('shape:n1', note(1))
    expect(a.ownership.ownedBoards).toEqual([board.id])

    // B must not load (and fork) the board A serves.
    const refused = await rawSocket(`${b.wsUrl}/ws/${board.id}`)
    if (!('socket' in refused)) throw new Error(`upgrade refused with ${refused.status}`)
    expect(await closeCode(refused.socket)).toBe(CloseCode.notOwner)
    const api = await fetch(`${b.url}/api/boards/${board.id}/versions`, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toBe('1')
    // Nor lock or delete it: B answers 503 and changes nothing.
    const authorization = `Bearer ${board.facilitatorKey}`
    const lock = await fetch(`${b.url}/api/boards/${board.id}/lock`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"locked":true}' })
    expect(lock.status).toBe(503)
    expect((await query<{ locked: boolean }>(url, 'SELECT locked FROM boards WHERE id = $1', [board.id]))[0].locked).toBe(false)
    const removed = await fetch(`${b.url}/api/boards/${board.id}`, { method: 'DELETE', headers: { authorization } })
    expect(removed.status).toBe(503)
    // B's retention sweep leaves it too, however long ago the store says it was opened.
    await query(url, "UPDATE boards SET last_opened_at = now() - interval '1000 days' WHERE id = $1", [board.id])
    expect(await b.app.deletion.sweep()).toBe(0)
    expect((await query(url, 'SELECT id FROM boards WHERE id = $1', [board.id])).length).toBe(1)
    // A stock client keeps trying (1013 is not final), and gets in once A has let the board go.
    const patient = connectClient(b.wsUrl, board.id)
    clients.push(patient)
    await new Promise((r) => setTimeout(r, 300))
    expect(b.ownership.ownedBoards).toEqual([])
    writer.destroy()
    await waitFor(() => a.ownership.ownedBoards.length === 0, 5000, 'A releases the board after its last connection left')
    await patient.synced
    await waitFor(() => shapes(patient) === 1, 5000, 'B loaded what A stored')
    expect(b.ownership.ownedBoards).toEqual([board.id])
    expect(await expectNoOverlap(url, board.id)).toBe(2)
  })

  it('hands a board over to the instance its people are sent to: the owner, asked for it elsewhere, stores it and lets go', async () => {
    const url = await cluster.createDatabase()
    const a = await startInstance(url, 'a')
    const b = await startInstance(url, 'b')
    const board = await createBoard(a)
    const early = connectClient(a.wsUrl, board.id, { key: board.facilitatorKey })
    clients.push(early)
    await early.synced
    early.records.set('shape:n1', note(1))
    const closes: number[] = []
    early.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code))
    // Everyone else is sent to B (as a balancer does once it has settled): B refuses, and says so.
    const later = connectClient(b.wsUrl, board.id, { key: board.facilitatorKey })
    clients.push(later)
    await later.synced
    // (Connected straight to A, this one would now ask A for the board back: no balancer here.)
    early.destroy()
    await waitFor(() => shapes(later) === 1, 5000, 'B has what A stored')
    expect(b.ownership.ownedBoards).toEqual([board.id])
    expect(closes).toContain(CloseCode.notOwner)
    expect(await expectNoOverlap(url, board.id)).toBe(2)
  })

  it('fences off a stale owner: once another instance took the board, its writes are refused and its connections closed', async () => {
    const url = await cluster.createDatabase()
    // A takes a second before it makes its ownership connection again: C is first.
    const a = await startInstance(url, 'a', 1000)
    const board = await createBoard(a)
    const lost: string[][] = []
    a.ownership.onLost((ids) => lost.push(ids))
    const client = connectClient(a.wsUrl, board.id, { key: board.facilitatorKey })
    clients.push(client)
    await client.synced
    client.records.set('shape:n1', note(1))
    await waitFor(async () => (await query(url, 'SELECT 1 FROM updates WHERE board_id = $1', [board.id])).length >= 2, 5000, 'the first note is stored')
    const closes: number[] = []
    client.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code))

    // A's lock goes (its ownership connection is cut), and before A can take it again, C takes the board.
    const c = new PostgresOwnership(url, 'c')
    closers.push(() => c.close())
    await query(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'waterlijn-ownership:a'`)
    const taken = await waitFor(() => c.acquire(board.id), 5000, 'C takes the board')
    expect(taken.epoch).toBe(2)

    // A stale write, straight at the store: refused.
    const store = await PostgresStore.open(url)
    closers.push(() => store.close())
    const stale = new Y.Doc()
    stale.getMap('x').set('y', 1)
    await expect(store.appendUpdate(board.id, Y.encodeStateAsUpdate(stale), 1)).rejects.toBeInstanceOf(NotOwnerError)
    await expect(store.compact(board.id, Y.encodeStateAsUpdate(stale), 1, 1)).rejects.toBeInstanceOf(NotOwnerError)
    expect(await store.appendUpdate(board.id, Y.encodeStateAsUpdate(stale), 2)).toBeGreaterThan(0)

    // A learns it lost the board (when it takes its locks again) and closes the board's connections with 1013.
    await waitFor(() => lost.length > 0, 5000, 'A hears the board is lost')
    expect(lost.flat()).toEqual([board.id])
    await waitFor(() => closes.includes(CloseCode.notOwner), 5000, 'the client was told to try again')
    expect(a.app.rooms.get(board.id)).toBeUndefined()
    // Not a single write of A under the old epoch after C took over: the store holds A's note and C's map.
    const loaded = new Y.Doc()
    for (const update of (await store.loadUpdates(board.id)).updates) Y.applyUpdate(loaded, update)
    expect(loaded.getMap('x').get('y')).toBe(1)
    await c.release(taken)
    expect(await expectNoOverlap(url, board.id)).toBe(2)
  })

  it('rides out a PostgreSQL restart: loaded boards stay open, a write that cannot be stored closes its connection with 4503, and nothing is lost', async () => {
    const url = await cluster.createDatabase()
    const a = await startInstance(url, 'a')
    const board = await createBoard(a)
    const writer = connectClient(a.wsUrl, board.id, { key: board.facilitatorKey })
    const reader = connectClient(a.wsUrl, board.id)
    clients.push(writer, reader)
    await Promise.all([writer.synced, reader.synced])
    writer.records.set('shape:n0', note(0))
    await waitFor(() => shapes(reader) === 1, 5000, 'the reader has the first note')
    const writerCloses: number[] = []
    const readerCloses: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => event && writerCloses.push(event.code))
    reader.provider.on('connection-close', (event: CloseEvent | null) => event && readerCloses.push(event.code))

    await cluster.restart(async () => {
      writer.records.set('shape:n1', note(1, 'Geschreven terwijl de database weg was'))
      await waitFor(() => writerCloses.includes(CloseCode.storeUnavailable), 10_000, 'the writer is told its change could not be stored')
      // The board stays in memory and served: the reader got the note, live.
      await waitFor(() => shapes(reader) === 2, 5000, 'the reader sees the new note')
    })
    writer.records.set('shape:n2', note(2, 'Na de herstart'))
    await waitFor(() => shapes(reader) === 3, 15_000, 'the writer is back and writes again')
    expect(readerCloses).toEqual([])
    expect(a.ownership.ownedBoards).toEqual([board.id])

    // Everything is in PostgreSQL: a fresh load of the board, not from any client.
    await waitFor(async () => {
      const store = await PostgresStore.open(url)
      try {
        const doc = new Y.Doc()
        for (const update of (await store.loadUpdates(board.id)).updates) Y.applyUpdate(doc, update)
        const records = doc.getArray<{ key: string }>('tldraw').toArray().map((e) => e.key)
        return ['shape:n0', 'shape:n1', 'shape:n2'].every((k) => records.includes(k))
      } finally {
        await store.close()
      }
    }, 15_000, 'every note is stored')
  })
})
