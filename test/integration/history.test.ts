// A board's history: versions kept while it changes, restored live for everyone as a forward change.
import { join } from 'node:path'
import { deflateSync, inflateSync } from 'node:zlib'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { richTextToPlain } from '../../shared/board/richText.ts'
import { BoardMapKeys, DocKeys, type CreateBoardResponse, type LastRestore, type RestoreResponse, type VersionDetail, type VersionInfo } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, removeDataDir, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'

// Versions every 300 ms instead of every 5 minutes.
const env = { VERSION_INTERVAL_MS: '300' }
let server: RunningServer
const clients: TestClient[] = []
beforeAll(async () => {
  server = await startServer({ env })
})
afterAll(async () => {
  await server.stop()
  removeDataDir(server.dataDir)
})
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})

function connect(board: CreateBoardResponse, params: Record<string, string>): TestClient {
  const client = connectClient(server.wsUrl, board.id, params)
  clients.push(client)
  return client
}

async function api<T>(board: CreateBoardResponse, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/boards/${board.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${board.facilitatorKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json() as Promise<T>
}

const versions = async (board: CreateBoardResponse) => (await api<{ versions: VersionInfo[] }>(board, 'GET', '/versions')).versions

/** Note id → text, as a client sees the board. */
function notes(client: TestClient): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, entry] of client.records.map) {
    const record = (entry as { val: unknown }).val as { typeName?: string; type?: string; props?: { richText?: unknown } }
    if (record.typeName === 'shape' && record.type === 'note') out[key] = richTextToPlain(record.props?.richText as never)
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)))
}

/** Every record exactly once in the array: no duplicate entries left behind by a merge. */
function entriesPerKey(client: TestClient): number {
  return client.doc.getArray(DocKeys.records).length / client.records.map.size
}

describe('history', () => {
  it('restores a version for everyone, and a laptop that was offline merges into it without duplicates or deleted notes coming back', async () => {
    const board = await createBoard(server)
    const anne = await joinBoard(server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
    const bram = await joinBoard(server, board.id, { name: 'Bram', organisation: 'Woonstichting' })
    const byAnne = (id: string, text: string) => noteRecord(id, text, { x: 0, y: 0 }, { authorId: anne.participant.authorId, author: 'Anne', organisation: anne.organisation.name })
    const byBram = (id: string, text: string) => noteRecord(id, text, { x: 0, y: 500 }, { authorId: bram.participant.authorId, author: 'Bram', organisation: bram.organisation.name })
    const a = connect(board, { token: anne.participant.token })
    const b = connect(board, { token: bram.participant.token })
    const facilitator = connect(board, { key: board.facilitatorKey })
    await Promise.all([a.synced, b.synced, facilitator.synced])

    for (let i = 0; i < 5; i++) a.records.set(`shape:a${i}`, byAnne(`shape:a${i}`, `Ambitie ${i}`))
    b.records.set('shape:b0', byBram('shape:b0', 'Zorg van Bram'))
    await waitFor(() => Object.keys(notes(b)).length === 6 && Object.keys(notes(facilitator)).length === 6, 5000, 'everyone has the six notes')
    const six = await waitFor(async () => (await versions(board)).find((v) => v.notes === 6), 5000, 'a version with six notes')
    expect(six.organisations.map((o) => o.organisation)).toContain('Gemeente Utrecht')

    // Bram's laptop loses the network while it still holds Anne's fifth note.
    b.provider.disconnect()
    a.records.delete('shape:a4')
    const five = await waitFor(async () => (await versions(board)).find((v) => v.id > six.id && v.notes === 5), 5000, 'a version after the deletion')
    const atVersion = notes(a)
    expect(Object.keys(atVersion).sort()).toEqual(['shape:a0', 'shape:a1', 'shape:a2', 'shape:a3', 'shape:b0'])

    // The facilitator's select-all + Delete.
    for (const id of Object.keys(notes(facilitator))) facilitator.records.delete(id)
    await waitFor(() => Object.keys(notes(a)).length === 0, 5000, 'the wipe reaches Anne')

    // Offline, Bram writes a new note and rewords his own.
    b.records.set('shape:b1', byBram('shape:b1', 'Offline geschreven'))
    b.records.set('shape:b0', byBram('shape:b0', 'Zorg van Bram, offline herschreven'))

    const restore = await api<RestoreResponse>(board, 'POST', `/versions/${five.id}/restore`)
    expect(restore.restored.id).toBe(five.id)
    expect(restore.before).toMatchObject({ kind: 'before-restore', notes: 0 })
    await waitFor(() => JSON.stringify(notes(a)) === JSON.stringify(atVersion) && JSON.stringify(notes(facilitator)) === JSON.stringify(atVersion), 5000, 'the restore reaches everyone online')
    const lastRestore = a.doc.getMap(DocKeys.board).get(BoardMapKeys.lastRestore) as LastRestore
    expect(lastRestore).toMatchObject({ versionId: five.id, versionCreatedAt: five.createdAt, beforeVersionId: restore.before.id, by: 'facilitator' })

    // Bram comes back: his offline work merges into the restored board; Anne's deleted note stays deleted.
    b.provider.connect()
    const expected = (c: TestClient) => {
      const n = notes(c)
      return Object.keys(n).sort().join() === 'shape:a0,shape:a1,shape:a2,shape:a3,shape:b0,shape:b1' && entriesPerKey(c) === 1
    }
    await waitFor(() => expected(a) && expected(b) && expected(facilitator), 10_000, 'everyone converges after Bram is back')
    const json = (c: TestClient) => JSON.stringify([...c.records.map.entries()].sort(([x], [y]) => x.localeCompare(y)))
    expect(json(b)).toBe(json(a))
    expect(json(facilitator)).toBe(json(a))
    expect(notes(a)['shape:b1']).toBe('Offline geschreven')
    // Which of two concurrent versions of his note wins is Yjs's choice; that there is one is ours.
    expect(['Zorg van Bram', 'Zorg van Bram, offline herschreven']).toContain(notes(a)['shape:b0'])
    expect(notes(a)['shape:a4']).toBeUndefined()
  })

  it('keeps the state before a restore as a version, so the restore can be undone', async () => {
    const board = await createBoard(server)
    const facilitator = connect(board, { key: board.facilitatorKey })
    const other = connect(board, {})
    await Promise.all([facilitator.synced, other.synced])
    const note = (id: string, text: string) => noteRecord(id, text, { x: 0, y: 0 }, { authorId: '', author: '', organisation: '' })
    facilitator.records.set('shape:one', note('shape:one', 'Voor de pauze'))
    await waitFor(() => Object.keys(notes(other)).length === 1, 5000, 'the note arrives')
    const saved = await api<VersionInfo>(board, 'POST', '/versions', { name: '  voor   de pauze ' })
    expect(saved).toMatchObject({ kind: 'manual', name: 'voor de pauze', notes: 1 })

    facilitator.records.delete('shape:one')
    facilitator.records.set('shape:two', note('shape:two', 'Na de pauze'))
    await waitFor(() => notes(other)['shape:two'], 5000, 'the change arrives')

    const { before } = await api<RestoreResponse>(board, 'POST', `/versions/${saved.id}/restore`)
    await waitFor(() => JSON.stringify(notes(other)) === JSON.stringify({ 'shape:one': 'Voor de pauze' }), 5000, 'the named version is back')
    const list = await versions(board)
    expect(list[0]).toEqual(expect.objectContaining({ id: before.id, kind: 'before-restore', notes: 1 }))
    expect(list.map((v) => v.id)).toEqual([...list.map((v) => v.id)].sort((x, y) => y - x))

    // Undo: back to how it was just before the restore.
    await api<RestoreResponse>(board, 'POST', `/versions/${before.id}/restore`)
    await waitFor(() => JSON.stringify(notes(other)) === JSON.stringify({ 'shape:two': 'Na de pauze' }), 5000, 'the restore is undone')
    expect(JSON.stringify(notes(facilitator))).toBe(JSON.stringify({ 'shape:two': 'Na de pauze' }))

    const detail = await api<VersionDetail>(board, 'GET', `/versions/${saved.id}`)
    expect(detail.name).toBe('voor de pauze')
    expect(detail.records.filter((r) => r.typeName === 'shape').map((r) => r.id)).toEqual(['shape:one'])
  })

  it('answers wrong requests clearly', async () => {
    const board = await createBoard(server)
    const base = `${server.url}/api/boards/${board.id}/versions`
    const auth = { authorization: `Bearer ${board.facilitatorKey}` }
    const json = { ...auth, 'content-type': 'application/json' }
    expect((await fetch(base)).status).toBe(401)
    expect((await fetch(base, { headers: { authorization: 'Bearer wrong-key' } })).status).toBe(403)
    expect((await fetch(`${base}/1/restore`, { method: 'POST' })).status).toBe(401)
    expect((await fetch(`${server.url}/api/boards/no-such-board-0000000/versions`, { headers: auth })).status).toBe(404)
    expect((await fetch(`${base}/999`, { headers: auth })).status).toBe(404)
    expect((await fetch(`${base}/abc`, { headers: auth })).status).toBe(404)
    expect((await fetch(`${base}/999/restore`, { method: 'POST', headers: auth })).status).toBe(404)
    expect((await fetch(base, { method: 'POST', headers: json, body: JSON.stringify({ name: 'x'.repeat(81) }) })).status).toBe(400)
    expect((await fetch(base, { method: 'POST', headers: json, body: JSON.stringify({ name: 42 }) })).status).toBe(400)
    expect((await fetch(base, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'auto' }) })).status).toBe(400)
    expect((await fetch(base, { method: 'POST', headers: json, body: '{' })).status).toBe(400)
    expect((await fetch(base, { method: 'DELETE', headers: auth })).status).toBe(405)
    // Without a body: a version without a name.
    const res = await fetch(base, { method: 'POST', headers: auth })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ kind: 'manual', name: null })
  })
})

describe('history across a restart', () => {
  it('keeps the versions, and one of how the board was left', async () => {
    const dataDir = tempDataDir()
    let own = await startServer({ dataDir, env: { VERSION_INTERVAL_MS: '0' } })
    try {
      const board = await createBoard(own)
      const facilitator = connectClient(own.wsUrl, board.id, { key: board.facilitatorKey })
      clients.push(facilitator)
      await facilitator.synced
      const note = (id: string, text: string) => noteRecord(id, text, { x: 0, y: 0 }, { authorId: '', author: '', organisation: '' })
      facilitator.records.set('shape:one', note('shape:one', 'Eerste'))
      const call = (o: RunningServer, path: string, init: RequestInit = {}) =>
        fetch(`${o.url}/api/boards/${board.id}/versions${path}`, { ...init, headers: { authorization: `Bearer ${board.facilitatorKey}`, 'content-type': 'application/json' } })
      await waitFor(async () => (await (await call(own, '', { method: 'POST', body: JSON.stringify({ name: 'begin' }) })).json()).notes === 1, 5000, 'a version with the note')
      facilitator.records.set('shape:two', note('shape:two', 'Tweede'))
      await new Promise((r) => setTimeout(r, 200))
      facilitator.destroy()
      await own.stop()
      own = await startServer({ dataDir })
      const list = (await (await call(own, '')).json()).versions as VersionInfo[]
      expect(list[0]).toMatchObject({ kind: 'unload', notes: 2 })
      const named = list.find((v) => v.name === 'begin')!
      expect(named).toMatchObject({ kind: 'manual', notes: 1 })
      const detail = (await (await call(own, `/${named.id}`)).json()) as VersionDetail
      expect(detail.records.filter((r) => r.typeName === 'shape').map((r) => r.id)).toEqual(['shape:one'])
    } finally {
      await own.stop()
      removeDataDir(dataDir)
    }
  })

  it('a version written by a newer server is answered with a clear 422, and stays stored', async () => {
    const dataDir = tempDataDir()
    let own = await startServer({ dataDir, env })
    try {
      const board = await createBoard(own)
      const call = (method: 'GET' | 'POST', path: string) =>
        fetch(`${own.url}/api/boards/${board.id}${path}`, { method, headers: { authorization: `Bearer ${board.facilitatorKey}` } })
      const saved = (await (await call('POST', '/versions')).json()) as VersionInfo
      await own.stop()
      // As a newer tldraw would have written it: a migration this server does not know.
      const Database = (await import('better-sqlite3')).default
      const db = new Database(join(dataDir, 'waterlijn.sqlite'))
      const row = db.prepare('SELECT snapshot FROM versions WHERE board_id = ? AND id = ?').get(board.id, saved.id) as { snapshot: Buffer }
      const doc = new Y.Doc()
      Y.applyUpdate(doc, inflateSync(row.snapshot))
      const schema = doc.getMap(DocKeys.board).get(BoardMapKeys.schema) as { sequences: Record<string, number> }
      doc.getMap(DocKeys.board).set(BoardMapKeys.schema, { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.note': 999 } })
      db.prepare('UPDATE versions SET snapshot = ? WHERE board_id = ? AND id = ?').run(deflateSync(Y.encodeStateAsUpdate(doc)), board.id, saved.id)
      db.close()

      own = await startServer({ dataDir, env })
      const preview = await call('GET', `/versions/${saved.id}`)
      expect(preview.status).toBe(422)
      expect(((await preview.json()) as { error: string }).error).toMatch(/newer Waterlijn/)
      expect((await call('POST', `/versions/${saved.id}/restore`)).status).toBe(422)
      const list = (await (await call('GET', '/versions')).json()) as { versions: VersionInfo[] }
      expect(list.versions.map((v) => v.id)).toContain(saved.id)
    } finally {
      await own.stop()
      removeDataDir(dataDir)
    }
  })
})

