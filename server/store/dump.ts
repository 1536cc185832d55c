/**
 * Everything a store keeps of one board, as it is stored: what `npm run db:copy` reads from one backend
 * and writes into another. Version snapshots stay in their stored (deflated) form.
 */
import type { StoredBoard, StoredParticipant, StoredVersion } from './types.ts'

export interface BoardDump {
  board: StoredBoard
  /** The highest version id ever handed out on this board (ids are never reused). */
  lastVersionId: number
  /** In order; the first may be a compacted snapshot. */
  updates: { seq: number; data: Uint8Array }[]
  participants: StoredParticipant[]
  votes: { roundId: string; voterId: string; dots: string[] }[]
  versions: { version: Omit<StoredVersion, 'bytes'>; storedSnapshot: Uint8Array }[]
}

/** What is left of a deleted board: a hash of its id or view id (never the id itself) and when. */
export interface Tombstone {
  key: string
  deletedAt: string
}

/** What a store holds of one board, to check a copy. */
export interface BoardCounts {
  updates: number
  updateBytes: number
  participants: number
  votes: number
  versions: number
}
