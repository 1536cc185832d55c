// Deleting a board, by its facilitator or after RETENTION_DAYS: every connection closes with 4410, every
// route says the board was deleted, and its notes are gone from the database file and its journal.
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CloseCode } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, removeDataDir, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.ts'
import { closeCode, connectClient, rawSocket, type TestClient } from '../helpers/yclient.ts'

const clients: TestClient[] = []
const servers: RunningServer[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.stop()
  for (const d of dirs.splice(0)) removeDataDir(d)
})

async function start(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<RunningServer> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir)
  const server = await startServer({ dataDir, env })
  servers.push(server)
  return server
}

/** The database file and its journal as bytes, to search for what must be gone. */
function storedBytes(server: RunningServer): string {
  const file = join(server.dataDir, 'waterlijn.sqlite')
  return [file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString('latin1') : '')).join('\n')
}

const info = (server: RunningServer, id: string, key?: string) =>
  fetch(`${server.url}/api/boards/${id}`, key ? { headers: { authorization: `Bearer ${key}` } } : {})
const remove = (server: RunningServer, id: string, key?: string) =>
  fetch(`${server.url}/api/boards/${id}`, { method: 'DELETE', headers: key ? { authorization: `Bearer ${key}` } : {} })

describe('deleting a board', () => {
  it('closes every open connection with 4410, answers 404 "deleted" everywhere, and leaves none of its notes in the file', async () => {
    const server = await start()
    const board = await createBoard(server, 'Bord-om-te-wissen-51c2')
    const other = await createBoard(server, 'Bord-dat-blijft')
    const anne = await joinBoard(server, board.id, { name: 'Anne-Uniek-93e1', organisation: 'Organisatie-Uniek-d7a0' })
    const secret = 'Vertrouwelijke-notitie-4b8e2f'
    const a = connectClient(server.wsUrl, board.id, { token: anne.participant.token })
    const viewer = connectClient(server.wsUrl, board.viewId)
    const keeper = connectClient(server.wsUrl, other.id, { key: other.facilitatorKey })
    clients.push(a, viewer, keeper)
    await Promise.all([a.synced, viewer.synced, keeper.synced])
    for (let i = 0; i < 20; i++) {
      a.records.set(`shape:n${i}`, noteRecord(`shape:n${i}`, `${secret} ${i}`, { x: i * 10, y: 0 }, { authorId: anne.participant.authorId, author: 'Anne-Uniek-93e1', organisation: anne.organisation.name }))
    }
    keeper.records.set('shape:k', noteRecord('shape:k', 'Blijvende notitie', { x: 0, y: 0 }))
    await waitFor(() => [...viewer.records.map.keys()].filter((k) => k.startsWith('shape:')).length === 20, 10_000, 'the viewer has every note')
    await waitFor(() => storedBytes(server).includes(secret), 10_000, 'the notes are stored')

    const closes = [a, viewer].map((c) => new Promise<number>((resolve) => c.provider.on('closed', ({ code }: { code: number }) => resolve(code))))
    const res = await remove(server, board.id, board.facilitatorKey)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ deleted: true, deletedAt: expect.any(String) })
    expect(await Promise.all(closes)).toEqual([CloseCode.deleted, CloseCode.deleted])

    for (const id of [board.id, board.viewId]) {
      const gone = await info(server, id)
      expect(gone.status).toBe(404)
      expect(await gone.json()).toMatchObject({ reason: 'deleted', deletedAt: expect.any(String) })
    }
    const join = await fetch(`${server.url}/api/boards/${board.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bram', organisation: 'Woonstichting' }) })
    expect(join.status).toBe(404)
    expect((await join.json()).reason).toBe('deleted')
    expect((await remove(server, board.id, board.facilitatorKey)).status).toBe(404)
    // A page that opens the board later is told too: the upgrade is accepted and closed with the code.
    for (const id of [board.id, board.viewId]) {
      const opened = await rawSocket(`${server.wsUrl}/ws/${id}`)
      if (!('socket' in opened)) throw new Error(`refused with ${opened.status}`)
      expect(await closeCode(opened.socket)).toBe(CloseCode.deleted)
    }
    // A board that never existed is still refused at the upgrade.
    expect(await rawSocket(`${server.wsUrl}/ws/AAAAAAAAAAAAAAAAAAAAAA`)).toEqual({ status: 404 })

    const bytes = storedBytes(server)
    expect(bytes).not.toContain(secret)
    expect(bytes).not.toContain('Anne-Uniek-93e1')
    expect(bytes).not.toContain('Organisatie-Uniek-d7a0')
    expect(bytes).not.toContain('Bord-om-te-wissen-51c2')
    expect(bytes).not.toContain(board.id)
    // The other board and its connection are untouched.
    expect((await info(server, other.id)).status).toBe(200)
    keeper.records.set('shape:k2', noteRecord('shape:k2', 'Nog een', { x: 0, y: 200 }))
    await waitFor(() => storedBytes(server).includes('Nog een'), 10_000, 'the other board still stores')
    expect(keeper.provider.wsconnected).toBe(true)

    // Nothing comes back after a restart either.
    await server.stop()
    const again = await start({}, server.dataDir)
    expect((await info(again, board.id)).status).toBe(404)
    expect(storedBytes(again)).not.toContain(secret)
  })

  it('needs the facilitator key: without it 401, with a wrong one 403, and nothing is deleted', async () => {
    const server = await start()
    const board = await createBoard(server)
    const other = await createBoard(server)
    expect((await remove(server, board.id)).status).toBe(401)
    expect((await remove(server, board.id, other.facilitatorKey)).status).toBe(403)
    expect((await remove(server, board.id, 'x'.repeat(43))).status).toBe(403)
    expect((await remove(server, board.viewId, board.facilitatorKey)).status).toBe(404)
    expect((await remove(server, 'not an id', board.facilitatorKey)).status).toBe(404)
    expect((await info(server, board.id)).status).toBe(200)
    const client = connectClient(server.wsUrl, board.id, { key: board.facilitatorKey })
    clients.push(client)
    await client.synced
  })
})

describe('retention', () => {
  it('tells the facilitator when the board goes, and "keep longer" moves the date a period on', async () => {
    const server = await start({ RETENTION_DAYS: '90' })
    const board = await createBoard(server)
    const body = await (await info(server, board.id, board.facilitatorKey)).json()
    const day = 24 * 60 * 60 * 1000
    expect(Date.parse(body.deletesAt) - Date.parse(body.createdAt)).toBe(90 * day)
    expect(body.lastOpenedAt).toBe(body.createdAt)
    const kept = await fetch(`${server.url}/api/boards/${board.id}/keep`, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })
    expect(kept.status).toBe(200)
    const after = await kept.json()
    expect(Date.parse(after.deletesAt) - Date.parse(body.deletesAt)).toBe(90 * day)
    expect((await info(server, board.id)).status).toBe(200)
    expect((await (await info(server, board.id)).json()).deletesAt).toBe(after.deletesAt)
    expect((await fetch(`${server.url}/api/boards/${board.id}/keep`, { method: 'POST' })).status).toBe(401)
  })

  it('a sweep deletes a board nobody opened for RETENTION_DAYS and keeps one that is open', async () => {
    // 0.00002 days: about 1.7 seconds.
    const server = await start({ RETENTION_DAYS: '0.00002' })
    const old = await createBoard(server, 'Oud-bord-e61f')
    const open = await createBoard(server, 'Open-bord')
    const client = connectClient(server.wsUrl, open.id, { key: open.facilitatorKey })
    clients.push(client)
    await client.synced
    await waitFor(async () => (await info(server, old.id)).status === 404, 15_000, 'the old board is swept')
    expect((await (await info(server, old.id)).json()).reason).toBe('deleted')
    expect((await info(server, open.id)).status).toBe(200)
    expect(client.provider.wsconnected).toBe(true)
    expect(storedBytes(server)).not.toContain('Oud-bord-e61f')
    const fresh = await createBoard(server)
    expect((await info(server, fresh.id)).status).toBe(200)
  })

  it('RETENTION_DAYS=0 keeps every board, however old; a sweep at start deletes what has expired', async () => {
    const dataDir = tempDataDir()
    let server = await start({ RETENTION_DAYS: '0' }, dataDir)
    const old = await createBoard(server)
    const recent = await createBoard(server)
    await server.stop()
    // Last opened years ago, as the file would say after a long time.
    const db = new Database(join(dataDir, 'waterlijn.sqlite'))
    db.prepare('UPDATE boards SET created_at = ?, last_opened_at = ? WHERE id = ?').run('2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z', old.id)
    db.close()
    server = await start({ RETENTION_DAYS: '0' }, dataDir)
    expect((await info(server, old.id)).status).toBe(200)
    expect((await (await info(server, old.id)).json()).deletesAt).toBeNull()
    await server.stop()
    server = await start({ RETENTION_DAYS: '30' }, dataDir)
    await waitFor(async () => (await info(server, old.id)).status === 404, 10_000, 'the sweep at start deletes the old board')
    expect((await info(server, recent.id)).status).toBe(200)
  })

  it('refuses a RETENTION_DAYS that is not a number, with a clear message', async () => {
    await expect(start({ RETENTION_DAYS: 'ninety' })).rejects.toThrow(/RETENTION_DAYS must be a number of days/)
  })
})

describe('privacy page', () => {
  it('is served by the board itself, in Dutch or English, and an operator’s text replaces it as text, not HTML', async () => {
    const server = await start({ RETENTION_DAYS: '60' })
    const nl = await fetch(`${server.url}/privacy`)
    expect(nl.status).toBe(200)
    expect(nl.headers.get('content-type')).toContain('text/html')
    const text = await nl.text()
    expect(text).toContain('Privacy op dit bord')
    expect(text).toContain('60 dagen')
    expect(await (await fetch(`${server.url}/privacy?lang=en`)).text()).toContain('at most 60 days')
    await server.stop()

    const dataDir = tempDataDir()
    dirs.push(dataDir)
    const file = join(dataDir, 'privacy.txt')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, 'Gemeente Voorbeeld bewaart dit bord.\n\n<script>alert(1)</script> & meer')
    const own = await start({ PRIVACY_TEXT_FILE: file }, dataDir)
    const page = await (await fetch(`${own.url}/privacy`)).text()
    expect(page).toContain('<p>Gemeente Voorbeeld bewaart dit bord.</p>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer')
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('Privacy op dit bord</p>')
  })
})
