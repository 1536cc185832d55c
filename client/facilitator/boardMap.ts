/** One value of the board's settings map (lock, timer, follow-me, rounds …), kept current as it changes. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { DocKeys } from '../../shared/protocol.ts'

/** `read` turns the stored value into what the caller wants (and rejects what is not of that shape). */
export function useBoardMapValue<T>(doc: Y.Doc | null, key: string, read: (value: unknown) => T): T {
  const [value, setValue] = useState<T>(() => read(undefined))
  useEffect(() => {
    if (!doc) return
    const map = doc.getMap(DocKeys.board)
    const update = () => setValue(read(map.get(key)))
    update()
    map.observe(update)
    return () => map.unobserve(update)
    // `read` is a pure function of the value: a new one each render need not resubscribe.
  }, [doc, key])
  return value
}
