/**
 * Deleting boards: by the facilitator (DELETE /api/boards/:id) and after RETENTION_DAYS without anyone
 * opening them (a sweep at start and every hour). Both go the same way, by the board's owner only (with
 * several instances, a board another one serves is left to it): every open connection is closed with
 * 4410, the board leaves memory without being written back, and the store removes it for real.
 */
import { CloseCode } from '../shared/protocol.ts'
import { log } from './log.ts'
import { NotOwnerError } from './ownership.ts'
import type { Rooms } from './rooms.ts'
import type { BoardStore, StoredBoard } from './store/types.ts'

const HOUR_MS = 60 * 60 * 1000
/** "Langer bewaren" moves the date one retention period on, but never further than this many from today. */
export const MAX_KEEP_PERIODS = 4

/** When the board goes unless someone opens it before; null when boards are kept for ever. */
export function deletesAt(board: StoredBoard, retentionMs: number): string | null {
  if (retentionMs <= 0) return null
  const fromOpening = Date.parse(board.lastOpenedAt ?? board.createdAt) + retentionMs
  const kept = board.retainUntil ? Date.parse(board.retainUntil) : 0
  return new Date(Math.max(fromOpening, kept)).toISOString()
}

/** The date "Langer bewaren" keeps the board until: one period past what it was, within the limit. */
export function keptLonger(board: StoredBoard, retentionMs: number, now = Date.now()): string {
  const current = Date.parse(deletesAt(board, retentionMs) ?? new Date(now).toISOString())
  return new Date(Math.min(Math.max(current, now) + retentionMs, now + MAX_KEEP_PERIODS * retentionMs)).toISOString()
}

export interface Deletion {
  /** Deletes one board; resolves with when, or undefined when there was no such board. NotOwnerError: another instance serves it. */
  deleteBoard(id: string, why: 'facilitator' | 'retention'): Promise<string | undefined>
  /** Deletes every board not opened for RETENTION_DAYS; resolves with how many. */
  sweep(): Promise<number>
  /** Sweeps now and then every hour (more often when the retention is shorter than that, in tests). */
  start(): void
  stop(): void
}

export function createDeletion({ store, rooms, retentionMs }: { store: BoardStore; rooms: Rooms; retentionMs: number }): Deletion {
  let timer: NodeJS.Timeout | null = null
  let sweeping: Promise<number> | null = null

  /** Deletes the boards this instance can own now; the others (served elsewhere) come back in `busy`. */
  async function remove(ids: string[], why: 'facilitator' | 'retention'): Promise<{ deleted: string[]; busy: string[] }> {
    // Connections first: nobody may write into a board while it is being deleted.
    const result = await rooms.deleteOwned(ids, { code: CloseCode.deleted, reason: 'the board was deleted', askOwner: why === 'facilitator' }, (owned) =>
      store.deleteBoards(owned, new Date().toISOString()),
    )
    for (const id of result.deleted) log.info('board.deleted', { board: id, why })
    if (result.busy.length > 0) log.info('board.delete-deferred', { boards: result.busy.length, why, reason: 'another instance serves them' })
    return result
  }

  async function sweepNow(): Promise<number> {
    if (retentionMs <= 0) return 0
    const now = Date.now()
    const expired = await store.boardsToExpire(new Date(now - retentionMs).toISOString(), new Date(now).toISOString())
    // A board someone has open is in use, whatever the store says: its clock starts again when it is left.
    const idle = expired.filter((id) => !rooms.get(id))
    // One another instance serves is left to a later sweep (of that instance or this).
    return idle.length === 0 ? 0 : (await remove(idle, 'retention')).deleted.length
  }

  const deletion: Deletion = {
    async deleteBoard(id, why) {
      const { deleted: [deleted], busy } = await remove([id], why)
      // The balancer sent this here, but another instance serves the board: try again (it is handed over).
      if (busy.length > 0) throw new NotOwnerError(id)
      return deleted ? ((await store.deletedAt(deleted)) ?? new Date().toISOString()) : undefined
    },
    sweep() {
      // One sweep at a time: an hourly one may meet a slow one still running.
      sweeping ??= sweepNow().finally(() => (sweeping = null))
      return sweeping
    },
    start() {
      if (retentionMs <= 0 || timer) return
      const run = () =>
        void deletion.sweep().catch((error: unknown) => log.error('retention.sweep-failed', { error: String(error) }))
      run()
      timer = setInterval(run, Math.min(HOUR_MS, Math.max(100, retentionMs / 4)))
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
  return deletion
}
