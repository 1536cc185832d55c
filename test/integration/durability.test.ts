// Nothing a partner wrote is lost: kill -9 the server mid-workshop, restart it, everyone converges.
import { afterEach, describe, expect, it } from 'vitest'
import { DocKeys } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, removeDataDir, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'

const clients: TestClient[] = []
const servers: RunningServer[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.kill()
})

describe('durability', () => {
  it('a SIGKILL loses nothing: the board is intact after restart, and clients that were online converge', async () => {
    const dataDir = tempDataDir()
    try {
      // Compact often, so the kill also lands around compactions.
      const env = { COMPACT_AFTER_UPDATES: '25' }
      let server = await startServer({ dataDir, env })
      servers.push(server)
      const board = await createBoard(server)
      const anne = await joinBoard(server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
      const bram = await joinBoard(server, board.id, { name: 'Bram', organisation: 'Woonstichting' })
      const byAnne = (id: string, text: string, x: number) => noteRecord(id, text, { x, y: 0 }, { authorId: anne.participant.authorId, author: 'Anne', organisation: anne.organisation.name })
      const byBram = (id: string, text: string) => noteRecord(id, text, { x: 0, y: 500 }, { authorId: bram.participant.authorId, author: 'Bram', organisation: bram.organisation.name })
      const a = connectClient(server.wsUrl, board.id, { token: anne.participant.token })
      const b = connectClient(server.wsUrl, board.id, { token: bram.participant.token })
      clients.push(a, b)
      await Promise.all([a.synced, b.synced])
      for (let i = 0; i < 120; i++) {
        a.records.set(`shape:a${i}`, byAnne(`shape:a${i}`, `Notitie ${i} van A`, i))
        if (i % 3 === 0) a.records.set(`shape:a${i}`, byAnne(`shape:a${i}`, `Notitie ${i} van A (bewerkt)`, i))
      }
      // The board also holds its document and page.
      const shapes = (c: TestClient) => [...c.records.map.keys()].filter((k) => k.startsWith('shape:')).length
      await waitFor(() => shapes(b) === 120, 10_000, 'b received all of a’s notes')

      await server.kill() // SIGKILL: no flush, no goodbye
      const port = server.port

      // While the server is down, b keeps writing (its notes live in its own doc).
      for (let i = 0; i < 10; i++) b.records.set(`shape:b${i}`, byBram(`shape:b${i}`, `Offline notitie ${i}`))

      server = await startServer({ dataDir, env, port })
      servers.push(server)

      // A fresh client that was never online before sees everything the server had acknowledged…
      const fresh = connectClient(server.wsUrl, board.id)
      clients.push(fresh)
      await fresh.synced
      for (let i = 0; i < 120; i++) {
        expect(fresh.records.get(`shape:a${i}`)).toEqual(byAnne(`shape:a${i}`, i % 3 === 0 ? `Notitie ${i} van A (bewerkt)` : `Notitie ${i} van A`, i))
      }
      // …and once the old clients have reconnected, all three hold the same board, b's offline notes included.
      await waitFor(
        () => shapes(a) === 130 && shapes(fresh) === 130 && shapes(b) === 130,
        15_000,
        'all clients converge after restart',
      )
      const json = (c: TestClient) => JSON.stringify([...c.records.map.entries()].sort(([x], [y]) => x.localeCompare(y)))
      expect(json(a)).toBe(json(fresh))
      expect(json(b)).toBe(json(fresh))
    } finally {
      removeDataDir(dataDir)
    }
  })

  it('a SIGKILL during a restore loses nothing: afterwards the board is the version or what it was, never half, and the version is still there', async () => {
    const dataDir = tempDataDir()
    try {
      let server = await startServer({ dataDir })
      servers.push(server)
      const board = await createBoard(server)
      const call = (path: string) => fetch(`${server.url}/api/boards/${board.id}${path}`, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })
      const facilitator = connectClient(server.wsUrl, board.id, { key: board.facilitatorKey })
      clients.push(facilitator)
      await facilitator.synced
      const note = (i: number) => noteRecord(`shape:n${i}`, `Notitie ${i} van voor de pauze`, { x: (i % 20) * 220, y: Math.floor(i / 20) * 220 }, { authorId: '', author: '', organisation: '' })
      facilitator.doc.transact(() => {
        for (let i = 0; i < 400; i++) facilitator.records.set(`shape:n${i}`, note(i))
      })
      const shapes = (c: TestClient) => [...c.records.map.keys()].filter((k) => k.startsWith('shape:')).length
      // Give the server the notes before keeping the version (the facilitator's updates are in flight).
      const fresh = connectClient(server.wsUrl, board.id)
      clients.push(fresh)
      await fresh.synced
      await waitFor(() => shapes(fresh) === 400, 10_000, 'the server has every note')
      const saved = (await (await call('/versions')).json()) as { id: number }
      // The board wiped, as by a select-all and Delete.
      facilitator.doc.transact(() => {
        for (let i = 0; i < 400; i++) facilitator.records.delete(`shape:n${i}`)
      })
      await waitFor(() => shapes(fresh) === 0, 10_000, 'the wipe reached the server')
      fresh.destroy()
      facilitator.destroy()

      // The restore is asked for, and the server is killed while it works on it.
      const restoring = call(`/versions/${saved.id}/restore`).catch(() => null)
      await new Promise((resolve) => setTimeout(resolve, 5))
      await server.kill()
      await restoring
      const port = server.port
      server = await startServer({ dataDir, port })
      servers.push(server)

      const after = connectClient(server.wsUrl, board.id)
      clients.push(after)
      await after.synced
      expect([0, 400]).toContain(shapes(after))
      // The version survived: restoring it now gives every note back, once.
      const restored = await call(`/versions/${saved.id}/restore`)
      expect(restored.status).toBe(200)
      await waitFor(() => shapes(after) === 400, 10_000, 'the version restored after the restart')
      expect(after.doc.getArray(DocKeys.records).length).toBe(after.records.map.size)
    } finally {
      removeDataDir(dataDir)
    }
  })
})
