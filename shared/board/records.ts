/** Reads the tldraw records of a board's document without changing it (unlike constructing a YKeyValue). */
import type * as Y from 'yjs'

export interface KeyValueEntry<T = unknown> {
  key: string
  val: T
}

/** Record id → record, following YKeyValue's rule that the rightmost entry of a key wins. */
export function readRecords<T = unknown>(array: Y.Array<KeyValueEntry<T>>): Map<string, T> {
  const records = new Map<string, T>()
  for (const entry of array.toArray()) records.set(entry.key, entry.val)
  return records
}
