/** The board's settings map (lock, timer, follow-me, rounds …): reading a value as it changes, and the facilitator's writes. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { boardKeyRefusal, type boardKeyRules } from '../../shared/board/rules.ts'
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

const FACILITATOR = { role: 'facilitator', authorId: null, name: '', organisation: '' } as const

/**
 * The facilitator sets (or, with `undefined`, removes) a board setting. The value is checked against the
 * same rule the server enforces first: a value the server would undo is never written.
 */
export function writeBoardSetting(doc: Y.Doc, key: keyof typeof boardKeyRules, value: unknown): boolean {
  const refusal = boardKeyRefusal(FACILITATOR, key, value)
  if (refusal) {
    console.error(`waterlijn: not written: ${refusal}`)
    return false
  }
  const map = doc.getMap(DocKeys.board)
  if (value === undefined) map.delete(key)
  else map.set(key, value)
  return true
}
