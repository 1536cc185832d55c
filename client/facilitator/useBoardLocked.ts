/** Whether the facilitator has closed the board: the server writes it into the board's document. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'

export function useBoardLocked(doc: Y.Doc | null): boolean {
  const [locked, setLocked] = useState(false)
  useEffect(() => {
    if (!doc) return
    const map = doc.getMap(DocKeys.board)
    const read = () => setLocked(map.get(BoardMapKeys.locked) === true)
    read()
    map.observe(read)
    return () => map.unobserve(read)
  }, [doc])
  return locked
}
