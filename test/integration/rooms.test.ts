// Rooms in-process, with a slow store: a board loads once for a crowd, nobody sees it empty, and it
// leaves memory when the last person leaves.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { SqliteStore } from '../../server/store/sqlite.ts'
import type { StoredUpdates } from '../../server/store/types.ts'
import { DocKeys } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'

class SlowStore extends SqliteStore {
  loadCalls = 0
  override async loadUpdates(id: string): Promise<StoredUpdates> {
    this.loadCalls++
    await new Promise((r) => setTimeout(r, 300))
    return super.loadUpdates(id)
  }
}

/** How many of these record ids are shapes (the board also holds its document and page). */
function shapes(ids: Iterable<string>): number {
  return [...ids].filter((id) => id.startsWith('shape:')).length
}

// Twenty stock y-websocket clients in one process: each listens for the process's exit.
process.setMaxListeners(40)

let app: App | null = null
let dir = ''
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await app?.close()
  app = null
  rmSync(dir, { recursive: true, force: true })
})

async function start(env: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'waterlijn-rooms-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ROOM_UNLOAD_DELAY_MS: '50', ...env })
  const store = new SlowStore(join(dir, 'waterlijn.sqlite'))
  app = createApp(config, store)
  const port = await app.listen()
  const base = `http://127.0.0.1:${port}`
  const res = await fetch(`${base}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Drukte"}' })
  const board = await res.json()
  return { store, board, base, wsUrl: `ws://127.0.0.1:${port}` }
}

describe('rooms', () => {
  it('twenty laptops in the same second: the board is loaded once and nobody sees it empty', async () => {
    const { store, board, wsUrl } = await start()
    // Put 30 notes on the board, then let it leave memory.
    const first = connectClient(wsUrl, board.id, { key: board.facilitatorKey })
    await first.synced
    for (let i = 0; i < 30; i++) first.records.set(`shape:${i}`, noteRecord(`shape:${i}`, `notitie ${i}`, { x: i, y: 0 }))
    await waitFor(async () => {
      const s = await store.loadUpdates(board.id)
      const d = new Y.Doc()
      s.updates.forEach((u) => Y.applyUpdate(d, u))
      return shapes(d.getArray<{ key: string }>(DocKeys.records).toArray().map((e) => e.key)) === 30
    }, 5000, 'notes stored')
    first.destroy()
    await waitFor(() => app!.rooms.size === 0, 5000, 'board unloaded')
    store.loadCalls = 0

    const sizesAtSync: number[] = []
    const crowd = Array.from({ length: 20 }, () => {
      const c = connectClient(wsUrl, board.id)
      clients.push(c)
      c.provider.once('sync', () => sizesAtSync.push(shapes(c.records.map.keys())))
      return c
    })
    await Promise.all(crowd.map((c) => c.synced))
    expect(store.loadCalls).toBe(1)
    expect(sizesAtSync).toEqual(Array(20).fill(30))
  })

  it('a board leaves memory after the last connection, compacted, and comes back intact', async () => {
    const { store, board, wsUrl } = await start()
    const a = connectClient(wsUrl, board.id, { key: board.facilitatorKey })
    await a.synced
    expect(app!.rooms.size).toBe(1)
    for (let i = 0; i < 100; i++) a.records.set('shape:moving', noteRecord('shape:moving', 'onderweg', { x: i, y: 0 }))
    a.destroy()
    await waitFor(() => app!.rooms.size === 0, 5000, 'board unloaded')
    // 100 updates were folded into one snapshot when the board left memory.
    await waitFor(async () => (await store.loadUpdates(board.id)).updates.length === 1, 5000, 'compacted')

    const b = connectClient(wsUrl, board.id)
    clients.push(b)
    await b.synced
    expect(b.records.get('shape:moving')).toEqual(noteRecord('shape:moving', 'onderweg', { x: 99, y: 0 }))
  })
})
