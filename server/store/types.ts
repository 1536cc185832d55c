/**
 * The storage interface. Rooms only talk to this, so a second backend (another database) can be added
 * without touching them; test/unit/store-contract.ts runs the same suite against every implementation.
 */

export interface StoredBoard {
  id: string
  viewId: string
  title: string
  /** SHA-256 of the facilitator key, hex. */
  keyHash: string
  /** ISO 8601. */
  createdAt: string
  locked: boolean
}

export interface StoredUpdates {
  /** Yjs updates in the order they were stored; the first may be a compacted snapshot. */
  updates: Uint8Array[]
  /** Sequence number of the last update, 0 when there is none. */
  lastSeq: number
}

export interface BoardStore {
  /** Stores a new board with its first document state. Fails if the id or view id exists. */
  createBoard(board: StoredBoard, initialUpdate: Uint8Array): Promise<void>
  getBoard(id: string): Promise<StoredBoard | undefined>
  getBoardByViewId(viewId: string): Promise<StoredBoard | undefined>
  setLocked(id: string, locked: boolean): Promise<void>
  loadUpdates(id: string): Promise<StoredUpdates>
  /** Appends one update durably; resolves with its sequence number. */
  appendUpdate(id: string, update: Uint8Array): Promise<number>
  /** Replaces every update up to and including `uptoSeq` by one snapshot (compaction). */
  compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>
  /** Bytes stored for the board's document (updates and snapshot). */
  storedBytes(id: string): Promise<number>
  close(): Promise<void>
}
