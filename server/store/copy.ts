/**
 * Copies everything a SQLite store holds into a PostgreSQL store (`npm run db:copy`): every board with
 * its updates as stored (a compacted snapshot stays one), participants, votes, versions, join code and
 * retention dates, and the tombstones of deleted boards. Each board is one transaction, read back and
 * counted before the next; a board the target holds already stops the copy before anything is written,
 * unless `skipExisting`.
 */
import type { BoardCounts } from './dump.ts'
import type { PostgresStore } from './postgres.ts'
import type { SqliteStore } from './sqlite.ts'

export interface CopySummary {
  boards: number
  /** Boards the target held already (only with skipExisting). */
  skipped: number
  updates: number
  updateBytes: number
  versions: number
  participants: number
  votes: number
  /** Tombstones the target did not have yet. */
  tombstones: number
}

export class CopyRefused extends Error {}

function same(a: BoardCounts, b: BoardCounts): boolean {
  return a.updates === b.updates && a.updateBytes === b.updateBytes && a.participants === b.participants && a.votes === b.votes && a.versions === b.versions
}

export async function copyBoards(
  from: SqliteStore,
  to: PostgresStore,
  options: { skipExisting?: boolean; onBoard?: (index: number, total: number) => void } = {},
): Promise<CopySummary> {
  const ids = from.boardIds()
  const existing = new Set(await to.existingBoardIds(ids))
  if (existing.size > 0 && !options.skipExisting) {
    const first = [...existing].slice(0, 3).join(', ')
    throw new CopyRefused(
      `The target database already holds ${existing.size} of the ${ids.length} boards (${first}${existing.size > 3 ? ', …' : ''}). ` +
        'Nothing was copied. Run again with --skip-existing to copy only the others.',
    )
  }
  const summary: CopySummary = { boards: 0, skipped: existing.size, updates: 0, updateBytes: 0, versions: 0, participants: 0, votes: 0, tombstones: 0 }
  const todo = ids.filter((id) => !existing.has(id))
  for (const [index, id] of todo.entries()) {
    const dump = from.dumpBoard(id)
    if (!dump) continue
    try {
      await to.restoreBoard(dump)
    } catch (error) {
      throw new Error(
        `Copying board ${id} failed (${error instanceof Error ? error.message : String(error)}); ${summary.boards} boards were copied before it. ` +
          'Run again with --skip-existing to go on after fixing the cause.',
      )
    }
    const expected = from.countBoard(id)
    const copied = await to.countBoard(id)
    if (!same(expected, copied)) {
      throw new Error(`Board ${id} reads back differently from what was copied: expected ${JSON.stringify(expected)}, found ${JSON.stringify(copied)}.`)
    }
    summary.boards++
    summary.updates += copied.updates
    summary.updateBytes += copied.updateBytes
    summary.versions += copied.versions
    summary.participants += copied.participants
    summary.votes += copied.votes
    options.onBoard?.(index + 1, todo.length)
  }
  summary.tombstones = await to.restoreTombstones(from.tombstones())
  return summary
}
