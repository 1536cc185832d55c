/** Typed access to the shared types of a board's Y.Doc (layout: shared/protocol.ts, docs/document-format.md). */
import type { SerializedSchema, TLRecord } from 'tldraw'
import type * as Y from 'yjs'
import { KeyValueArray, type KeyValueChange } from '../../shared/board/keyValue.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'

export type RecordsMap = KeyValueArray<TLRecord>

/** One change in the records map. */
export type RecordChange = KeyValueChange<TLRecord>

// The key-value view cleans up duplicate entries when it is constructed and on every change: two
// instances on one doc would both clean up. So there is exactly one per doc.
const recordsMaps = new WeakMap<Y.Doc, RecordsMap>()

/** The doc's tldraw records, keyed by record id (document-scoped records only; malformed entries skipped). */
export function recordsOf(doc: Y.Doc): RecordsMap {
  let map = recordsMaps.get(doc)
  if (!map) {
    map = new KeyValueArray<TLRecord>(doc.getArray(DocKeys.records))
    recordsMaps.set(doc, map)
  }
  return map
}

export function boardMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DocKeys.board)
}

/** The tldraw schema the doc's records were last written with, if a client recorded one. */
export function readStoredSchema(doc: Y.Doc): SerializedSchema | undefined {
  const value = boardMapOf(doc).get(BoardMapKeys.schema)
  return value && typeof value === 'object' ? (value as SerializedSchema) : undefined
}

/** All records in the doc as a plain object (the `store` half of a tldraw store snapshot). */
export function docRecords(doc: Y.Doc): Record<string, TLRecord> {
  const out: Record<string, TLRecord> = {}
  for (const [id, entry] of recordsOf(doc).map) out[id] = entry.val
  return out
}
