/** Reads the tldraw records of a board's document without changing it (unlike constructing a YKeyValue). */
import type * as Y from 'yjs'

export interface KeyValueEntry<T = unknown> {
  key: string
  val: T
}

/**
 * Record id → record, following YKeyValue's rule that the rightmost entry of a key wins. Entries that
 * are not `{ key: string, val: object }` are skipped (see keyValue.ts).
 */
export function readRecords<T = unknown>(array: Y.Array<KeyValueEntry<T>>): Map<string, T> {
  const records = new Map<string, T>()
  for (const entry of array.toArray() as unknown[]) {
    if (!entry || typeof entry !== 'object') continue
    const { key, val } = entry as Partial<KeyValueEntry<T>>
    if (typeof key === 'string' && !!val && typeof val === 'object') records.set(key, val)
  }
  return records
}
