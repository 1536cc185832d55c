/**
 * What a deleted board leaves behind in every store: a hash of its id (and of its view id), so a link
 * opened later can say the board was deleted without the store keeping either id. The same in SQLite and
 * PostgreSQL, so `db:copy` carries tombstones over as they are.
 */
import { createHash } from 'node:crypto'

export function tombstoneKey(id: string): string {
  return createHash('sha256').update(`deleted-board:${id}`, 'utf8').digest('hex')
}
