/** A board being deleted is never loaded again, even while the store still holds it. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardDeletedError, Rooms } from '../../server/rooms.ts'
import { MemoryStore } from '../../server/store/memory.ts'
import { CloseCode } from '../../shared/protocol.ts'

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
