import type { VersionKind } from '../../shared/protocol.ts'

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
  /** The short code people type to join (shared/joinCode.ts), when the board has one. */
  joinCode?: string
  /** ISO 8601: the last time the board was loaded, joined or left (retention counts from here; else from createdAt). */
  lastOpenedAt?: string
  /** ISO 8601: the facilitator asked to keep the board at least until then ("Langer bewaren"). */
  retainUntil?: string
}

export interface StoredUpdates {
  /** Yjs updates in the order they were stored; the first may be a compacted snapshot. */
  updates: Uint8Array[]
  /** Sequence number of the last update, 0 when there is none. */
  lastSeq: number
}

/** A person as the server knows them on one board (see ParticipantCredentials in shared/protocol.ts). */
export interface StoredParticipant {
  authorId: string
  /** SHA-256 of their token, hex. */
  tokenHash: string
  name: string
  /** The organisation as registered on the board (its first spelling). */
  organisation: string
  /** ISO 8601, the first time they joined. */
  joinedAt: string
}

/** A kept version of a board (server/versions.ts), without its snapshot. */
export interface StoredVersion {
  /** Counts up per board. */
  id: number
  /** ISO 8601. */
  createdAt: string
  kind: VersionKind
  name: string | null
  /** Notes on the board in this version. */
  notes: number
  /** Records changed since the previous version, per organisation name ('' for the facilitator without one). */
  changes: Record<string, number>
  /** What the version takes in the store (a store may compress the snapshot). */
  bytes: number
}

export type NewVersion = Omit<StoredVersion, 'id' | 'bytes'>

export interface BoardStore {
  /** Stores a new board with its first document state. Fails if the id or view id exists. */
  createBoard(board: StoredBoard, initialUpdate: Uint8Array): Promise<void>
  getBoard(id: string): Promise<StoredBoard | undefined>
  getBoardByViewId(viewId: string): Promise<StoredBoard | undefined>
  setLocked(id: string, locked: boolean): Promise<void>
  loadUpdates(id: string): Promise<StoredUpdates>
  /**
   * Appends one update durably; resolves with its sequence number. `fence`: the ownership epoch the
   * writer holds (server/ownership.ts); a store shared by several instances rejects with NotOwnerError
   * once another instance took the board over. A store of one process ignores it.
   */
  appendUpdate(id: string, update: Uint8Array, fence?: number): Promise<number>
  /** Replaces every update up to and including `uptoSeq` by one snapshot (compaction); `fence` as for appendUpdate. */
  compact(id: string, snapshot: Uint8Array, uptoSeq: number, fence?: number): Promise<void>
  /** The board whose join code this is. */
  getBoardByJoinCode(code: string): Promise<StoredBoard | undefined>
  /** Gives the board a new join code; fails when another board has it. */
  setJoinCode(id: string, code: string): Promise<void>
  /** Adds a participant, or updates the name and organisation of the one with this author id. */
  saveParticipant(boardId: string, participant: StoredParticipant): Promise<void>
  /** The participant of this board whose token has this hash. */
  findParticipant(boardId: string, tokenHash: string): Promise<StoredParticipant | undefined>
  /**
   * Stores one voter's dots in one voting round (note ids, a note twice when stacking), replacing what
   * they had. The server keeps votes here, not in the document, while a round's results are hidden.
   */
  saveVote(boardId: string, roundId: string, voterId: string, dots: readonly string[]): Promise<void>
  /** Every voter's dots in this round: voter (author) id → note ids. Voters who took every dot back have []. */
  loadVotes(boardId: string, roundId: string): Promise<Map<string, string[]>>
  /** Notes that someone had the board open at `at` (ISO 8601): the retention clock starts again. */
  touchBoard(id: string, at: string): Promise<void>
  /** Keeps the board at least until `until` (ISO 8601), whenever it was last opened. */
  setRetainUntil(id: string, until: string): Promise<void>
  /** Boards last opened (or, never opened, created) before `openedBefore` and not kept past `now`. */
  boardsToExpire(openedBefore: string, now: string): Promise<string[]>
  /**
   * Removes these boards and everything stored with them (updates, participants, votes, versions) for
   * real: afterwards their content is in neither the database file nor its journal. Only a tombstone
   * stays (a hash of the board and view id, and `deletedAt`), so a link opened later can say the board
   * was deleted. Resolves with the ids that existed.
   */
  deleteBoards(ids: readonly string[], deletedAt: string): Promise<string[]>
  /** When the board with this id or view id was deleted (ISO 8601); undefined when it was not. */
  deletedAt(idOrViewId: string): Promise<string | undefined>
  /** Keeps a version of the board: its whole document state (Y.encodeStateAsUpdate) and what it holds. */
  saveVersion(boardId: string, version: NewVersion, snapshot: Uint8Array): Promise<StoredVersion>
  /** The board's versions, oldest first. */
  listVersions(boardId: string): Promise<StoredVersion[]>
  /** One version with its snapshot. */
  loadVersion(boardId: string, versionId: number): Promise<{ version: StoredVersion; snapshot: Uint8Array } | undefined>
  /** Removes these versions of the board (thinning out old ones); unknown ids are ignored. */
  deleteVersions(boardId: string, versionIds: readonly number[]): Promise<void>
  /** Bytes stored for the board's document (updates and snapshot). */
  storedBytes(id: string): Promise<number>
  /** Resolves when the store answers (for /readyz); rejects when it cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}
