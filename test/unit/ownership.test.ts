/** Rooms serve a board only while they own it: load after acquiring, release after the last write, drop when lost. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NotOwnerError, type BoardLease, type BoardOwnership } from '../../server/ownership.ts'
import { createDeletion } from '../../server/retention.ts'
import { BoardDeletedError, Rooms, type Peer } from '../../server/rooms.ts'
import { MemoryStore } from '../../server/store/memory.ts'
import { KeyValueArray } from '../../shared/board/keyValue.ts'
import { CloseCode, DocKeys } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'

const note = (id: string) => noteRecord(id, 'Notitie', { x: 0, y: 0 }, { authorId: '', author: '', organisation: '' })

/** An ownership the test steers, recording what happened in order beside the store's calls. */
class ScriptedOwnership implements BoardOwnership {
  shared = true
  owner = true
  epoch = 0
  listeners: ((ids: string[]) => void)[] = []
  constructor(private events: string[]) {}
  asked: boolean[] = []
  async acquire(boardId: string, options: { askOwner?: boolean } = {}): Promise<BoardLease | null> {
    this.asked.push(options.askOwner ?? true)
    this.events.push(`acquire ${this.owner ? 'ok' : 'refused'}`)
    return this.owner ? { boardId, epoch: ++this.epoch } : null
  }
  async release(lease: BoardLease): Promise<void> {
    this.events.push(`release ${lease.epoch}`)
  }
  onLost(listener: (ids: string[]) => void): void {
    this.listeners.push(listener)
  }
  wanted: ((ids: string[]) => void)[] = []
  onWanted(listener: (ids: string[]) => void): void {
    this.wanted.push(listener)
  }
  async close(): Promise<void> {}
}

class RecordingStore extends MemoryStore {
  fences: (number | undefined)[] = []
  constructor(private events: string[]) {
    super()
  }
  override async loadUpdates(id: string) {
    this.events.push('load')
    return super.loadUpdates(id)
  }
  override async appendUpdate(id: string, update: Uint8Array, fence?: number) {
    this.fences.push(fence)
    this.events.push('append')
    return super.appendUpdate(id, update)
  }
  override async deleteBoards(ids: string[], deletedAt: string) {
    this.events.push(`delete ${ids.length}`)
    return super.deleteBoards(ids, deletedAt)
  }
  override async compact(id: string, snapshot: Uint8Array, uptoSeq: number, fence?: number) {
    this.fences.push(fence)
    this.events.push('compact')
    return super.compact(id, snapshot, uptoSeq)
  }
}

function peer(closed: number[]): Peer {
  return { role: 'facilitator', identity: null, send() {}, close: (code) => void closed.push(code), repaired() {} }
}

async function setUp() {
  const events: string[] = []
  const store = new RecordingStore(events)
  const ownership = new ScriptedOwnership(events)
  const board = { id: 'board-owned-1', viewId: 'view-owned-1', title: 'Eigen', keyHash: 'ab'.repeat(32), createdAt: new Date().toISOString(), locked: false }
  await store.createBoard(board, Y.encodeStateAsUpdate(new Y.Doc()))
  const rooms = new Rooms(store, { compactAfterUpdates: 500, awarenessFlushMs: 50, unloadDelayMs: 0, versionIntervalMs: 0, ownership })
  return { events, store, ownership, board, rooms }
}

describe('rooms and board ownership', () => {
  it('loads a board only once it owns it, writes under its epoch, and releases it after the last write', async () => {
    const { events, store, board, rooms } = await setUp()
    const room = await rooms.acquire(board)
    room.doc.getMap('m').set('k', 1)
    await room.flush()
    rooms.release(room)
    await new Promise((r) => setTimeout(r, 20))
    await rooms.closeAll()
    expect(events[0]).toBe('acquire ok')
    expect(events[1]).toBe('load')
    expect(events.at(-1)).toBe('release 1')
    expect(events.indexOf('release 1')).toBeGreaterThan(events.lastIndexOf('compact'))
    expect(store.fences.every((f) => f === 1)).toBe(true)
  })

  it('refuses a board another instance owns, without loading it', async () => {
    const { events, ownership, board, rooms } = await setUp()
    ownership.owner = false
    await expect(rooms.acquire(board)).rejects.toBeInstanceOf(NotOwnerError)
    await expect(rooms.withRoom(board, () => 'written')).rejects.toBeInstanceOf(NotOwnerError)
    expect(events).not.toContain('load')
    expect(rooms.size).toBe(0)
  })

  it('closes every connection with 1013 and drops the board at once when its ownership is lost', async () => {
    const { ownership, board, rooms } = await setUp()
    const room = await rooms.acquire(board)
    const closed: number[] = []
    room.addPeer(peer(closed))
    room.addPeer(peer(closed))
    for (const listener of ownership.listeners) listener([board.id])
    await new Promise((r) => setTimeout(r, 10))
    expect(closed).toEqual([CloseCode.notOwner, CloseCode.notOwner])
    expect(rooms.get(board.id)).toBeUndefined()
    // Back with a new epoch once it owns the board again.
    const again = await rooms.acquire(board)
    expect(again).not.toBe(room)
    await rooms.closeAll()
  })

  it('hands a board another instance is asked for over: connections told to try again, the board stored, then released', async () => {
    const { events, ownership, board, rooms } = await setUp()
    const room = await rooms.acquire(board)
    const closed: number[] = []
    const writer = peer(closed)
    room.addPeer(writer)
    Y.transact(room.doc, () => room.records.set('shape:n1', note('shape:n1')), writer)
    for (const listener of ownership.wanted) listener([board.id])
    await new Promise((r) => setTimeout(r, 20))
    expect(closed).toEqual([CloseCode.notOwner])
    expect(rooms.get(board.id)).toBeUndefined()
    expect(events.at(-1)).toBe('release 1')
    expect(events.indexOf('release 1')).toBeGreaterThan(events.lastIndexOf('compact'))
  })

  it('drops the board when a write is fenced off (another instance took it over)', async () => {
    const { store, board, rooms } = await setUp()
    const room = await rooms.acquire(board)
    const closed: number[] = []
    const writer = peer(closed)
    room.addPeer(writer)
    store.appendUpdate = async (id) => {
      throw new NotOwnerError(id)
    }
    Y.transact(room.doc, () => room.records.set('shape:n2', note('shape:n2')), writer)
    await room.flush()
    await new Promise((r) => setTimeout(r, 10))
    expect(closed).toEqual([CloseCode.notOwner])
    expect(rooms.get(board.id)).toBeUndefined()
  })

  it('store away: the writer is closed with 4503, the board stays, and it stores itself whole once the store is back', async () => {
    const { store, board, rooms } = await setUp()
    const room = await rooms.acquire(board)
    const writerClosed: number[] = []
    const readerClosed: number[] = []
    const writer = peer(writerClosed)
    room.addPeer(writer)
    room.addPeer(peer(readerClosed))
    const append = store.appendUpdate.bind(store)
    const compact = store.compact.bind(store)
    let down = true
    store.appendUpdate = async (...args) => (down ? Promise.reject(new Error('connection refused')) : append(...args))
    store.compact = async (...args) => (down ? Promise.reject(new Error('connection refused')) : compact(...args))
    Y.transact(room.doc, () => room.records.set('shape:n3', note('shape:n3')), writer)
    await room.flush()
    expect(writerClosed).toEqual([CloseCode.storeUnavailable])
    expect(readerClosed).toEqual([])
    expect(rooms.get(board.id)).toBe(room)
    expect(room.hasUnstoredChanges).toBe(true)
    down = false
    await new Promise((r) => setTimeout(r, 1300))
    expect(room.hasUnstoredChanges).toBe(false)
    const doc = new Y.Doc()
    for (const update of (await store.loadUpdates(board.id)).updates) Y.applyUpdate(doc, update)
    expect(new KeyValueArray(doc.getArray(DocKeys.records)).get('shape:n3')).toEqual(note('shape:n3'))
    await rooms.closeAll()
  })

  describe('deleting a board', () => {
    const DAY_MS = 24 * 60 * 60 * 1000
    async function expired() {
      const set = await setUp()
      // Nobody opened it for longer than the retention period.
      await set.store.touchBoard(set.board.id, new Date(Date.now() - 100 * DAY_MS).toISOString())
      return { ...set, deletion: createDeletion({ store: set.store, rooms: set.rooms, retentionMs: 90 * DAY_MS }) }
    }

    it('the sweep leaves a board another instance serves, without asking for it, and deletes it once nobody does', async () => {
      const { events, store, ownership, board, deletion } = await expired()
      ownership.owner = false
      expect(await deletion.sweep()).toBe(0)
      expect(await store.getBoard(board.id)).toBeDefined()
      expect(ownership.asked).toEqual([false])
      expect(events).not.toContain('delete 1')
      ownership.owner = true
      expect(await deletion.sweep()).toBe(1)
      expect(await store.getBoard(board.id)).toBeUndefined()
      // Deleted while owned: taken, deleted, let go.
      expect(events.slice(-3)).toEqual(['acquire ok', 'delete 1', 'release 1'])
    })

    it('the facilitator’s delete on an instance that does not serve the board: try again (the owner is asked to hand it over)', async () => {
      const { store, ownership, board, rooms, deletion } = await expired()
      ownership.owner = false
      await expect(deletion.deleteBoard(board.id, 'facilitator')).rejects.toBeInstanceOf(NotOwnerError)
      expect(ownership.asked).toEqual([true])
      expect(await store.getBoard(board.id)).toBeDefined()
      // Nothing here thinks it is deleted: once this instance owns it, it loads.
      ownership.owner = true
      const room = await rooms.acquire(board)
      rooms.release(room)
      expect(await deletion.deleteBoard(board.id, 'facilitator')).toBeDefined()
      expect(await store.getBoard(board.id)).toBeUndefined()
      await rooms.closeAll()
    })

    it('a board loaded here: its connections are closed with 4410 and it is deleted under the ownership it is served with', async () => {
      const { events, store, board, rooms, deletion } = await setUp().then(async (set) => ({ ...set, deletion: createDeletion({ store: set.store, rooms: set.rooms, retentionMs: 0 }) }))
      const room = await rooms.acquire(board)
      const closed: number[] = []
      room.addPeer(peer(closed))
      expect(await deletion.deleteBoard(board.id, 'facilitator')).toBeDefined()
      expect(closed).toEqual([CloseCode.deleted])
      expect(await store.getBoard(board.id)).toBeUndefined()
      expect(events.filter((e) => e.startsWith('release'))).toEqual(['release 1'])
      expect(events.indexOf('release 1')).toBeGreaterThan(events.indexOf('delete 1'))
      await expect(rooms.acquire(board)).rejects.toBeInstanceOf(BoardDeletedError)
    })
  })
})
