/** One suite for every BoardStore implementation: a new backend passes this before it is used. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BoardStore, StoredBoard } from '../../server/store/types.ts'

let n = 0
function board(overrides: Partial<StoredBoard> = {}): StoredBoard {
  n++
  return {
    id: `board-id-000000000${n}`,
    viewId: `view-id-0000000000${n}`,
    title: `Bord ${n}`,
    keyHash: 'ab'.repeat(32),
    createdAt: new Date().toISOString(),
    locked: false,
    ...overrides,
  }
}

function update(key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

export function storeContractSuite(name: string, makeStore: () => BoardStore | Promise<BoardStore>): void {
  describe(`BoardStore contract: ${name}`, () => {
    it('creates and finds a board by id and by view id', async () => {
      const store = await makeStore()
      const b = board()
      await store.createBoard(b, update('a', '1'))
      expect(await store.getBoard(b.id)).toEqual(b)
      expect(await store.getBoardByViewId(b.viewId)).toEqual(b)
      expect(await store.getBoard('nope')).toBeUndefined()
      expect(await store.getBoardByViewId(b.id)).toBeUndefined()
      await store.close()
    })

    it('refuses a second board with the same id', async () => {
      const store = await makeStore()
      const b = board()
      await store.createBoard(b, update('a', '1'))
      await expect(store.createBoard({ ...b, viewId: 'other-view-id-1234' }, update('a', '1'))).rejects.toThrow()
      await store.close()
    })

    it('keeps updates in order and replays them into the same document', async () => {
      const store = await makeStore()
      const b = board()
      await store.createBoard(b, update('first', 'x'))
      const seqs = []
      for (let i = 0; i < 10; i++) seqs.push(await store.appendUpdate(b.id, update(`k${i}`, `v${i}`)))
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      const { updates, lastSeq } = await store.loadUpdates(b.id)
      expect(updates).toHaveLength(11)
      expect(lastSeq).toBe(seqs[seqs.length - 1])
      const doc = replay(updates)
      expect(doc.getMap('m').get('first')).toBe('x')
      expect(doc.getMap('m').get('k9')).toBe('v9')
      await store.close()
    })

    it('compaction replaces older updates by one snapshot and keeps later ones', async () => {
      const store = await makeStore()
      const b = board()
      const doc = new Y.Doc()
      doc.on('update', (u: Uint8Array) => void pending.push(u))
      const pending: Uint8Array[] = []
      doc.getMap('m').set('start', 1)
      await store.createBoard(b, pending.shift()!)
      let seq = 0
      for (let i = 0; i < 20; i++) {
        doc.getMap('m').set('n', i)
        seq = await store.appendUpdate(b.id, pending.shift()!)
      }
      await store.compact(b.id, Y.encodeStateAsUpdate(doc), seq)
      doc.getMap('m').set('after', true)
      await store.appendUpdate(b.id, pending.shift()!)
      const { updates } = await store.loadUpdates(b.id)
      expect(updates).toHaveLength(2)
      const replayed = replay(updates)
      expect(replayed.getMap('m').toJSON()).toEqual({ start: 1, n: 19, after: true })
      expect(await store.storedBytes(b.id)).toBe(updates.reduce((s, u) => s + u.byteLength, 0))
      await store.close()
    })

    it('keeps boards apart and remembers the lock', async () => {
      const store = await makeStore()
      const a = board()
      const c = board()
      await store.createBoard(a, update('who', 'a'))
      await store.createBoard(c, update('who', 'c'))
      await store.appendUpdate(a.id, update('only', 'a'))
      expect(replay((await store.loadUpdates(c.id)).updates).getMap('m').toJSON()).toEqual({ who: 'c' })
      await store.setLocked(a.id, true)
      expect((await store.getBoard(a.id))?.locked).toBe(true)
      expect((await store.getBoard(c.id))?.locked).toBe(false)
      await store.close()
    })

    it('finds a participant by token hash on their own board only, and keeps the token when they rejoin', async () => {
      const store = await makeStore()
      const a = board()
      const c = board()
      await store.createBoard(a, update('who', 'a'))
      await store.createBoard(c, update('who', 'c'))
      const anne = { authorId: 'anne-author-id', tokenHash: 'cd'.repeat(32), name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-12-01T10:00:00.000Z' }
      await store.saveParticipant(a.id, anne)
      expect(await store.findParticipant(a.id, anne.tokenHash)).toEqual(anne)
      expect(await store.findParticipant(c.id, anne.tokenHash)).toBeUndefined()
      expect(await store.findParticipant(a.id, 'ef'.repeat(32))).toBeUndefined()
      await store.saveParticipant(a.id, { ...anne, name: 'Anne de Vries', tokenHash: 'ef'.repeat(32), joinedAt: '2026-12-01T11:00:00.000Z' })
      expect(await store.findParticipant(a.id, anne.tokenHash)).toEqual({ ...anne, name: 'Anne de Vries' })
      expect(await store.findParticipant(a.id, 'ef'.repeat(32))).toBeUndefined()
      await store.close()
    })

    it('keeps each voter’s dots per board and round, replacing them whole', async () => {
      const store = await makeStore()
      const a = board()
      const c = board()
      await store.createBoard(a, update('who', 'a'))
      await store.createBoard(c, update('who', 'c'))
      expect(await store.loadVotes(a.id, 'ronde-1')).toEqual(new Map())
      await store.saveVote(a.id, 'ronde-1', 'anne', ['shape:a', 'shape:b'])
      await store.saveVote(a.id, 'ronde-1', 'bram', ['shape:a', 'shape:a'])
      await store.saveVote(a.id, 'ronde-2', 'anne', ['shape:c'])
      await store.saveVote(c.id, 'ronde-1', 'anne', ['shape:z'])
      await store.saveVote(a.id, 'ronde-1', 'anne', ['shape:b'])
      expect(await store.loadVotes(a.id, 'ronde-1')).toEqual(new Map([['anne', ['shape:b']], ['bram', ['shape:a', 'shape:a']]]))
      expect(await store.loadVotes(a.id, 'ronde-2')).toEqual(new Map([['anne', ['shape:c']]]))
      expect(await store.loadVotes(c.id, 'ronde-1')).toEqual(new Map([['anne', ['shape:z']]]))
      // Every dot taken back: the voter is still known, with none.
      await store.saveVote(a.id, 'ronde-1', 'bram', [])
      expect((await store.loadVotes(a.id, 'ronde-1')).get('bram')).toEqual([])
      // What a caller does with the answer does not change what is stored.
      ;(await store.loadVotes(a.id, 'ronde-1')).get('anne')!.push('shape:x')
      expect((await store.loadVotes(a.id, 'ronde-1')).get('anne')).toEqual(['shape:b'])
      await store.close()
    })

    it('finds a board by its join code, takes a new code, and refuses one another board has', async () => {
      const store = await makeStore()
      const a = board({ joinCode: 'K7M4QX' })
      const c = board({ joinCode: 'ABCDEF' })
      await store.createBoard(a, update('who', 'a'))
      await store.createBoard(c, update('who', 'c'))
      expect((await store.getBoardByJoinCode('K7M4QX'))?.id).toBe(a.id)
      await expect(store.createBoard(board({ joinCode: 'K7M4QX' }), update('who', 'x'))).rejects.toThrow()
      await store.setJoinCode(a.id, 'PQR234')
      expect(await store.getBoardByJoinCode('K7M4QX')).toBeUndefined()
      expect((await store.getBoard(a.id))?.joinCode).toBe('PQR234')
      await expect(store.setJoinCode(a.id, 'ABCDEF')).rejects.toThrow()
      await store.close()
    })

    it('deletes a board with everything it holds, leaves others alone, and remembers that it was deleted', async () => {
      const store = await makeStore()
      const gone = board({ joinCode: 'GQNE23' })
      const kept = board()
      await store.createBoard(gone, update('who', 'gone'))
      await store.createBoard(kept, update('who', 'kept'))
      await store.appendUpdate(gone.id, update('more', 'x'))
      const anne = { authorId: 'anne-author-id', tokenHash: 'cd'.repeat(32), name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-12-01T10:00:00.000Z' }
      await store.saveParticipant(gone.id, anne)
      await store.saveParticipant(kept.id, anne)
      await store.saveVote(gone.id, 'ronde-1', 'anne', ['shape:a'])
      await store.saveVersion(gone.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'manual', name: 'voor het wissen', notes: 1, changes: {} }, update('who', 'gone'))
      await store.saveVersion(kept.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'manual', name: null, notes: 1, changes: {} }, update('who', 'kept'))
      expect(await store.deleteBoards([gone.id, 'no-such-board-0001'], '2026-12-02T10:00:00.000Z')).toEqual([gone.id])
      expect(await store.getBoard(gone.id)).toBeUndefined()
      expect(await store.getBoardByViewId(gone.viewId)).toBeUndefined()
      expect(await store.getBoardByJoinCode('GQNE23')).toBeUndefined()
      expect((await store.loadUpdates(gone.id)).updates).toEqual([])
      expect(await store.findParticipant(gone.id, anne.tokenHash)).toBeUndefined()
      expect(await store.loadVotes(gone.id, 'ronde-1')).toEqual(new Map())
      // Its versions too (their snapshots are compressed: a search of the file's bytes would not see them).
      expect(await store.listVersions(gone.id)).toEqual([])
      expect(await store.listVersions(kept.id)).toHaveLength(1)
      expect(await store.deletedAt(gone.id)).toBe('2026-12-02T10:00:00.000Z')
      expect(await store.deletedAt(gone.viewId)).toBe('2026-12-02T10:00:00.000Z')
      expect(await store.deletedAt(kept.id)).toBeUndefined()
      expect(await store.getBoard(kept.id)).toEqual(kept)
      expect(await store.findParticipant(kept.id, anne.tokenHash)).toEqual(anne)
      // A new board may take the join code again.
      await store.createBoard(board({ joinCode: 'GQNE23' }), update('who', 'new'))
      await store.close()
    })

    it('finds boards not opened for a while, counting from creation, the last opening, or the date kept until', async () => {
      const store = await makeStore()
      const old = board({ createdAt: '2026-01-01T00:00:00.000Z' })
      const reopened = board({ createdAt: '2026-01-01T00:00:00.000Z' })
      const keptLonger = board({ createdAt: '2026-01-01T00:00:00.000Z' })
      const fresh = board({ createdAt: '2026-06-01T00:00:00.000Z' })
      for (const b of [old, reopened, keptLonger, fresh]) await store.createBoard(b, update('who', b.id))
      await store.touchBoard(reopened.id, '2026-05-20T00:00:00.000Z')
      await store.setRetainUntil(keptLonger.id, '2026-09-01T00:00:00.000Z')
      expect((await store.getBoard(reopened.id))?.lastOpenedAt).toBe('2026-05-20T00:00:00.000Z')
      expect((await store.getBoard(keptLonger.id))?.retainUntil).toBe('2026-09-01T00:00:00.000Z')
      const ours = (ids: string[]) => ids.filter((id) => [old.id, reopened.id, keptLonger.id, fresh.id].includes(id)).sort()
      expect(ours(await store.boardsToExpire('2026-05-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'))).toEqual([old.id])
      expect(ours(await store.boardsToExpire('2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'))).toEqual([old.id, reopened.id, keptLonger.id, fresh.id].sort())
      await store.close()
    })

    it('keeps versions per board with their snapshot, in order, with ids never handed out twice', async () => {
      const store = await makeStore()
      const a = board()
      const c = board()
      await store.createBoard(a, update('who', 'a'))
      await store.createBoard(c, update('who', 'c'))
      expect(await store.listVersions(a.id)).toEqual([])
      const snapshot = update('n', 'one')
      const first = await store.saveVersion(a.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'auto', name: null, notes: 3, changes: { 'Gemeente Utrecht': 2, '': 1 } }, snapshot)
      const named = await store.saveVersion(a.id, { createdAt: '2026-12-01T10:05:00.000Z', kind: 'manual', name: 'na de pauze', notes: 4, changes: {} }, update('n', 'two'))
      await store.saveVersion(c.id, { createdAt: '2026-12-01T10:06:00.000Z', kind: 'unload', name: null, notes: 0, changes: {} }, update('n', 'other'))
      expect(named.id).toBeGreaterThan(first.id)
      expect(first).toEqual({ id: first.id, createdAt: '2026-12-01T10:00:00.000Z', kind: 'auto', name: null, notes: 3, changes: { 'Gemeente Utrecht': 2, '': 1 }, bytes: first.bytes })
      expect(first.bytes).toBeGreaterThan(0)
      expect((await store.listVersions(a.id)).map((v) => [v.id, v.kind, v.name])).toEqual([[first.id, 'auto', null], [named.id, 'manual', 'na de pauze']])
      expect(await store.listVersions(a.id)).toEqual([first, named])
      const loaded = await store.loadVersion(a.id, named.id)
      expect(loaded?.version).toEqual(named)
      expect(replay([loaded!.snapshot]).getMap('m').get('n')).toBe('two')
      expect(await store.loadVersion(a.id, 999)).toBeUndefined()
      // Deleting the newest does not free its id.
      await store.deleteVersions(a.id, [named.id, 12345])
      expect((await store.listVersions(a.id)).map((v) => v.id)).toEqual([first.id])
      const third = await store.saveVersion(a.id, { createdAt: '2026-12-01T10:10:00.000Z', kind: 'before-restore', name: null, notes: 0, changes: {} }, update('n', 'three'))
      expect(third.id).toBeGreaterThan(named.id)
      expect((await store.listVersions(c.id)).map((v) => v.kind)).toEqual(['unload'])
      // What a caller does with an answer does not change what is stored.
      ;(await store.listVersions(a.id))[0].changes.x = 9
      expect((await store.listVersions(a.id))[0].changes).toEqual({ 'Gemeente Utrecht': 2, '': 1 })
      await expect(store.saveVersion('no-such-board-000001', { createdAt: '2026-12-01T10:00:00.000Z', kind: 'auto', name: null, notes: 0, changes: {} }, update('n', 'x'))).rejects.toThrow()
      await store.close()
    })
  })
}
