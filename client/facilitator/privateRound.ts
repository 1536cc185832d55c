/** The board's private writing round, as the facilitator set it (read by the canvas and the list view). */
import type * as Y from 'yjs'
import { BoardMapKeys, type PrivateRound } from '../../shared/protocol.ts'
import { useBoardMapValue } from './boardMap.ts'

function isPrivateRound(value: unknown): value is PrivateRound {
  return !!value && typeof value === 'object' && typeof (value as PrivateRound).id === 'string' && typeof (value as PrivateRound).open === 'boolean'
}

export function usePrivateRound(doc: Y.Doc | null): PrivateRound | null {
  return useBoardMapValue(doc, BoardMapKeys.privateRound, (value) => (isPrivateRound(value) ? value : null))
}
