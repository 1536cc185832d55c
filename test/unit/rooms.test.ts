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

describe('a board being deleted', () => {
  it('is refused to anyone arriving after its connections were closed, before and after the store deleted it', async () => {
    const store = new MemoryStore()
    const board = { id: 'board-being-deleted-1', viewId: 'view-being-deleted-1', title: 'Weg', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
    await store.createBoard(board, Y.encodeStateAsUpdate(new Y.Doc()))
    const rooms = new Rooms(store, { compactAfterUpdates: 500, awarenessFlushMs: 50, unloadDelayMs: 60_000, versionIntervalMs: 0 })
    const room = await rooms.acquire(board)
    rooms.release(room)
    await rooms.evict(board.id, CloseCode.deleted, 'the board was deleted')
    // The store has not deleted it yet: a connection arriving now must not bring it back into memory.
    expect(await store.getBoard(board.id)).toBeDefined()
    await expect(rooms.acquire(board)).rejects.toBeInstanceOf(BoardDeletedError)
    await expect(rooms.withRoom(board, () => 'written')).rejects.toBeInstanceOf(BoardDeletedError)
    expect(rooms.size).toBe(0)
    await store.deleteBoards([board.id], new Date().toISOString())
    await expect(rooms.acquire(board)).rejects.toBeInstanceOf(BoardDeletedError)
    await rooms.closeAll()
  })
})

describe('fan-out of one event-loop turn', () => {
  async function roomWithPeers(count: number) {
    const store = new MemoryStore()
    const board = { id: `board-fan-out-${count}`, viewId: `view-fan-out-${count}`, title: 'Plenair', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
    await store.createBoard(board, Y.encodeStateAsUpdate(new Y.Doc()))
    const rooms = new Rooms(store, { compactAfterUpdates: 100_000, awarenessFlushMs: 50, unloadDelayMs: 60_000, versionIntervalMs: 0 })
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
})
