/** "Iedereen hierheen" on a partner's page: told of each jump made while the page is open. */
import { useEffect, useRef } from 'react'
import type * as Y from 'yjs'
import { BoardMapKeys, type Summon } from '../../shared/protocol.ts'
import { useBoardMapValue } from './boardMap.ts'

/** Calls `onSummon` for every new jump; not for the one already there when the page opened (a late joiner is not thrown to an old spot). */
export function useNewSummon(doc: Y.Doc | null, onSummon: (summon: Summon) => void): void {
  const summon = useBoardMapValue(doc, BoardMapKeys.summon, (v) => (v && typeof v === 'object' ? (v as Summon) : null))
  const seen = useRef<string | null | undefined>(undefined)
  useEffect(() => {
    if (seen.current === undefined) {
      seen.current = summon?.id ?? null
      return
    }
    if (!summon || summon.id === seen.current) return
    seen.current = summon.id
    onSummon(summon)
  }, [summon?.id])
}
