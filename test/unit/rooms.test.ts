/** Rooms: a board being deleted is never loaded again; one turn's updates go out as one message. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { BoardDeletedError, Rooms, type Peer } from '../../server/rooms.ts'
import { MemoryStore } from '../../server/store/memory.ts'
import { CloseCode, DocKeys } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { waitFor } from '../helpers/server.ts'

describe('a board being deleted', () => {
  it('is refused to anyone arriving after its connections were closed, before and after the store deleted it', async () => {
    const store = new MemoryStore()
    const board = { id: 'board-being-deleted-1', viewId: 'view-being-deleted-1', title: 'Weg', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
    await store.createBoard(board, Y.encodeStateAsUpdate(new Y.Doc()))
    const rooms = new Rooms(store, { compactAfterUpdates: 500, awarenessFlushMs: 50, unloadDelayMs: 60_000, versionIntervalMs: 0 })
    const room = await rooms.acquire(board)
    const closed: number[] = []
    room.addPeer({ role: 'facilitator', identity: null, send() {}, close: (code) => void closed.push(code), repaired() {} })
    const result = await rooms.deleteOwned([board.id], { code: CloseCode.deleted, reason: 'the board was deleted', askOwner: true }, async (ids) => {
      expect(closed).toEqual([CloseCode.deleted])
      // The store has not deleted it yet: a connection arriving now must not bring it back into memory.
      expect(await store.getBoard(board.id)).toBeDefined()
      await expect(rooms.acquire(board)).rejects.toBeInstanceOf(BoardDeletedError)
      await expect(rooms.withRoom(board, () => 'written')).rejects.toBeInstanceOf(BoardDeletedError)
      expect(rooms.size).toBe(0)
      return store.deleteBoards(ids, new Date().toISOString())
    })
    expect(result).toEqual({ deleted: [board.id], busy: [] })
    await expect(rooms.acquire(board)).rejects.toBeInstanceOf(BoardDeletedError)
    await rooms.closeAll()
  })
})

describe('fan-out of one event-loop turn', () => {
  async function roomWithPeers(count: number, options: { fanOutIntervalMs?: number; busyLoad?: () => number } = {}) {
    const store = new MemoryStore()
    const board = { id: `board-fan-out-${count}`, viewId: `view-fan-out-${count}`, title: 'Plenair', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
    await store.createBoard(board, Y.encodeStateAsUpdate(new Y.Doc()))
    const rooms = new Rooms(store, { compactAfterUpdates: 100_000, awarenessFlushMs: 50, unloadDelayMs: 60_000, versionIntervalMs: 0, ...options })
    const room = await rooms.acquire(board)
    const peers = Array.from({ length: count }, (_, i) => {
      const received: Uint8Array[] = []
      const peer: Peer = {
        role: 'facilitator',
        identity: { authorId: `author-${i}`, name: `Deelnemer ${i}`, organisation: 'Gemeente' },
        send: (message) => void received.push(message),
        close: () => {},
        repaired: () => {},
      }
      room.addPeer(peer)
      return { peer, received }
    })
    // What the server itself set up in the board (its document and page) goes out first.
    await new Promise((resolve) => setImmediate(resolve))
    for (const p of peers) p.received.length = 0
    await room.flush()
    return { rooms, room, peers, store, board }
  }

  /** An update from its own replica: one note record, as a page writes it. */
  function noteUpdate(i: number): Uint8Array {
    const doc = new Y.Doc()
    doc.getArray(DocKeys.records).push([{ key: `shape:n${i}`, val: noteRecord(`shape:n${i}`, `Notitie ${i}`, { x: i * 10, y: 0 }) }])
    return Y.encodeStateAsUpdate(doc)
  }

  /** The records a peer holds after applying every message it received. */
  function recordsOf(received: Uint8Array[]): string[] {
    const doc = new Y.Doc()
    for (const message of received) {
      const decoder = decoding.createDecoder(message)
      decoding.readVarUint(decoder) // message type: sync
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)
    }
    return doc
      .getArray<{ key: string }>(DocKeys.records)
      .toArray()
      .map((e) => e.key)
      .filter((key) => key.startsWith('shape:'))
      .sort()
  }

  const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

  it('updates from one partner go to everyone else, not back to them', async () => {
    const { rooms, room, peers } = await roomWithPeers(3)
    Y.applyUpdate(room.doc, noteUpdate(1), peers[0].peer)
    Y.applyUpdate(room.doc, noteUpdate(2), peers[0].peer)
    await nextTurn()
    expect(peers.map((p) => p.received.length)).toEqual([0, 1, 1])
    expect(recordsOf(peers[1].received)).toEqual(['shape:n1', 'shape:n2'])
    await rooms.closeAll()
  })

  it('three hundred partners writing in the same turn: one merged message, the same for every partner', async () => {
    const { rooms, room, peers, store, board } = await roomWithPeers(300)
    const rowsBefore = (await store.loadUpdates(board.id)).updates.length
    peers.forEach(({ peer }, i) => Y.applyUpdate(room.doc, noteUpdate(i), peer))
    await nextTurn()
    // …and stored as one update, not three hundred.
    await room.flush()
    expect((await store.loadUpdates(board.id)).updates.length - rowsBefore).toBe(1)
    expect(peers.every((p) => p.received.length === 1)).toBe(true)
    // Merged once: every partner gets the very same bytes (merging per partner grew with the square of the writers).
    expect(new Set(peers.map((p) => p.received[0])).size).toBe(1)
    expect(recordsOf(peers[123].received)).toHaveLength(300)
    await rooms.closeAll()
  })

  it('a busy server sends a board’s changes together, at most once per interval; one that keeps up sends each turn’s at once', async () => {
    for (const busy of [false, true]) {
      const { rooms, room, peers } = await roomWithPeers(2, { fanOutIntervalMs: 30, busyLoad: () => (busy ? 0.9 : 0.2) })
      const arrived: number[] = []
      peers[1].peer.send = () => void arrived.push(performance.now())
      // The setup's own fan-out went a moment ago: wait out the interval so this one starts quiet.
      await new Promise((resolve) => setTimeout(resolve, 60))
      // A change after a quiet moment goes at once, busy or not.
      Y.applyUpdate(room.doc, noteUpdate(1), peers[0].peer)
      await nextTurn()
      expect(arrived).toHaveLength(1)
      Y.applyUpdate(room.doc, noteUpdate(2), peers[0].peer)
      Y.applyUpdate(room.doc, noteUpdate(3), peers[0].peer)
      await nextTurn()
      if (busy) {
        // Held back until the interval since the last one has passed, then both together.
        expect(arrived).toHaveLength(1)
        await waitFor(() => arrived.length === 2, 5000, 'the next two go out together')
        expect(arrived[1] - arrived[0]).toBeGreaterThanOrEqual(28)
      } else {
        expect(arrived).toHaveLength(2)
      }
      await nextTurn()
      expect(arrived).toHaveLength(2)
      await rooms.closeAll()
    }
  })

  describe('what a partner sent goes on as they sent it, when the board takes it in whole', () => {
    /** The Yjs update inside a fan-out message. */
    function payload(message: Uint8Array): Uint8Array {
      const decoder = decoding.createDecoder(message)
      decoding.readVarUint(decoder) // sync
      expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate)
      return decoding.readVarUint8Array(decoder)
    }
    const send = (room: Awaited<ReturnType<typeof roomWithPeers>>['room'], peer: Peer, update: Uint8Array) => room.applyPeerUpdate(peer, update, Y.decodeUpdate(update))
    /** A partner's replica writing two notes one after the other: the second update builds on the first. */
    function twoUpdates() {
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      const records = doc.getArray(DocKeys.records)
      records.push([{ key: 'shape:eerste', val: noteRecord('shape:eerste', 'Eerste', { x: 0, y: 0 }) }])
      records.push([{ key: 'shape:tweede', val: noteRecord('shape:tweede', 'Tweede', { x: 10, y: 0 }) }])
      return updates
    }

    it('a new change: the very bytes go to the others and into the store', async () => {
      const { rooms, room, peers, store } = await roomWithPeers(2)
      const appended: Uint8Array[] = []
      const append = store.appendUpdate.bind(store)
      store.appendUpdate = (id: string, update: Uint8Array) => (appended.push(update), append(id, update))
      const [update] = twoUpdates()
      send(room, peers[0].peer, update)
      await room.flush()
      expect(peers[1].received).toHaveLength(1)
      expect(payload(peers[1].received[0])).toEqual(update)
      // Not encoded again from the board (which gives equal bytes, at a fifth of the server's work): the same ones.
      expect(appended).toHaveLength(1)
      expect(appended[0]).toBe(update)
      await rooms.closeAll()
    })

    it('a resend of what the board has: only what is new goes on', async () => {
      const { rooms, room, peers } = await roomWithPeers(2)
      const [first, second] = twoUpdates()
      send(room, peers[0].peer, first)
      await nextTurn()
      peers[1].received.length = 0
      // After a reconnect a page sends everything the server may lack: here the first note once more.
      const both = Y.mergeUpdates([first, second])
      send(room, peers[0].peer, both)
      await nextTurn()
      expect(peers[1].received).toHaveLength(1)
      const relayed = payload(peers[1].received[0])
      expect(relayed.byteLength).toBeLessThan(both.byteLength)
      const keys = Y.decodeUpdate(relayed).structs.flatMap((s) => (s instanceof Y.Item ? (s.content.getContent() as { key: string }[]).map((e) => e.key) : []))
      expect(keys).toEqual(['shape:tweede'])
      await rooms.closeAll()
    })

    it('a change that arrives before what it builds on waits, then both go on', async () => {
      const { rooms, room, peers } = await roomWithPeers(2)
      const [first, second] = twoUpdates()
      send(room, peers[0].peer, second)
      await nextTurn()
      // The others cannot use it yet either: nothing is sent.
      expect(peers[1].received).toHaveLength(0)
      send(room, peers[0].peer, first)
      await nextTurn()
      expect(recordsOf(peers[1].received)).toEqual(['shape:eerste', 'shape:tweede'])
      await rooms.closeAll()
    })

    it('a change the server undoes: the others get it with the repair, and never see it', async () => {
      const { rooms, room, peers } = await roomWithPeers(2)
      const script = new Y.Doc()
      script.getArray(DocKeys.records).push([{ key: 'shape:echt', val: noteRecord('shape:echt', 'Echt', { x: 0, y: 0 }) }])
      script.getMap(DocKeys.organisations).set('Nep', { name: 'Nep' })
      send(room, peers[0].peer, Y.encodeStateAsUpdate(script))
      await nextTurn()
      expect(peers[1].received).toHaveLength(1)
      const seen = new Y.Doc()
      Y.applyUpdate(seen, payload(peers[1].received[0]))
      expect(seen.getMap(DocKeys.organisations).has('Nep')).toBe(false)
      expect(room.doc.getMap(DocKeys.organisations).has('Nep')).toBe(false)
      expect(recordsOf(peers[1].received)).toEqual(['shape:echt'])
      await rooms.closeAll()
    })
  })
})
