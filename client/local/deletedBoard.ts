/**
 * The server said a board was deleted: this browser forgets what it kept of it too — the offline copy
 * (IndexedDB), private notes waiting for a reveal, who the person was on it — and marks it in "Mijn borden".
 */
import { clearDocument } from 'y-indexeddb'
import { forgetKept } from '../facilitator/privateStore.ts'
import { forgetJoin, markBoardDeleted, myBoards } from './storage.ts'

/** The offline copy's database name (see client/sync/connection.ts). */
export const offlineCopyName = (room: string) => `waterlijn-${room}`

/** `room`: the board id or the view id the page opened. */
export async function forgetDeletedBoard(room: string, deletedAt: string): Promise<void> {
  // Both names the board went by in this browser: a facilitator may have opened the view link too.
  const known = myBoards().find((b) => b.id === room || b.viewId === room)
  const rooms = [...new Set([room, known?.id, known?.viewId].filter((r): r is string => !!r))]
  for (const r of rooms) {
    forgetKept(r)
    forgetJoin(r)
    try {
      sessionStorage.removeItem(`waterlijn.session.joined.${r}`)
    } catch {
      // storage forbidden: nothing kept
    }
  }
  markBoardDeleted(room, deletedAt)
  await Promise.all(rooms.map((r) => clearDocument(offlineCopyName(r)).catch(() => {})))
}
