/** Whether the facilitator has closed the board: the server writes it into the board's document. */
import type * as Y from 'yjs'
import { BoardMapKeys } from '../../shared/protocol.ts'
import { useBoardMapValue } from './boardMap.ts'

export function useBoardLocked(doc: Y.Doc | null): boolean {
  return useBoardMapValue(doc, BoardMapKeys.locked, (value) => value === true)
}
