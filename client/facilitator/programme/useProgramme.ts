/** The board's programme as it changes, and where the template frames lie in the records (the list view has no canvas). */
import type * as Y from 'yjs'
import { isProgramme, type Programme } from '../../../shared/board/programme.ts'
import { templateFramesOn } from '../../../shared/board/placeNote.ts'
import { BoardMapKeys } from '../../../shared/protocol.ts'
import { useBoardMapValue } from '../boardMap.ts'
import type { Bounds } from './actions.ts'

export function useProgramme(doc: Y.Doc | null): Programme | null {
  return useBoardMapValue(doc, BoardMapKeys.programme, (value) => (isProgramme(value) ? value : null))
}

/** Where each template frame lies, from the board's records (for the list view, which has no canvas), by shape id. */
export function frameBoundsOfRecords(records: Iterable<unknown>): Record<string, Bounds> {
  const bounds: Record<string, Bounds> = {}
  for (const frame of templateFramesOn(records)) bounds[frame.id] = { x: frame.placement.x, y: frame.placement.y, w: frame.size.w, h: frame.size.h }
  return bounds
}
