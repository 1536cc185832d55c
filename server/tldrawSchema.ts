/**
 * The tldraw schema on the server: the same version the page runs (both pinned), so the server can tell a
 * record the page can load from one it cannot, bring an old board's records up to date once, and set up
 * a new board's document and page itself (no page has to "seed because the board looked empty").
 */
import { createTLSchema, DocumentRecordType, PageRecordType, TLDOCUMENT_ID } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { BoardMapKeys, DOCUMENT_FORMAT_VERSION, DocKeys } from '../shared/protocol.ts'
import type { KeyValueArray } from '../shared/board/keyValue.ts'
import type { RecordValidator } from '../shared/board/rules.ts'

const schema = createTLSchema()
const serialized = schema.serialize()
type SerializedSchema = Parameters<typeof schema.getMigrationsSince>[0]

/** tldraw's default page id, the one every page of this version expects to find. */
export const DEFAULT_PAGE_ID = 'page:page'

export const validateRecord: RecordValidator = (record) => {
  const type = (schema.types as Record<string, { validate(r: unknown): unknown } | undefined>)[String(record.typeName)]
  if (!type) return `unknown record type "${String(record.typeName).slice(0, 40)}"`
  try {
    type.validate(record)
    return null
  } catch (error) {
    return String(error instanceof Error ? error.message : error).slice(0, 200)
  }
}

export function currentSchema(): SerializedSchema {
  return serialized
}

/** Whether `stored` holds migrations this server does not know (written by a newer version). */
function isNewer(stored: SerializedSchema): boolean {
  if (!('sequences' in stored)) return false
  return Object.entries(stored.sequences as Record<string, number>).some(([sequence, version]) => serialized.sequences[sequence] === undefined || version > serialized.sequences[sequence])
}

export type PrepareResult = 'ready' | 'migrated' | 'newer' | 'unmigratable'

/**
 * Makes the doc fit this version: format version and schema recorded, records migrated from an older
 * schema, the document and page records present. Call inside a transaction of the server's own.
 */
export function prepareBoardDoc(doc: Y.Doc, records: KeyValueArray<Record<string, unknown>>): PrepareResult {
  const board = doc.getMap<unknown>(DocKeys.board)
  if (board.get(BoardMapKeys.formatVersion) !== DOCUMENT_FORMAT_VERSION) board.set(BoardMapKeys.formatVersion, DOCUMENT_FORMAT_VERSION)
  const stored = board.get(BoardMapKeys.schema) as SerializedSchema | undefined
  let result: PrepareResult = 'ready'
  if (stored && typeof stored === 'object') {
    if (isNewer(stored)) return 'newer'
    const migrations = schema.getMigrationsSince(stored)
    if (!migrations.ok || migrations.value.length > 0) {
      const original = Object.fromEntries([...records.map].map(([id, entry]) => [id, entry.val]))
      const migrated = schema.migrateStoreSnapshot({ store: original as never, schema: stored })
      if (migrated.type === 'success') {
        for (const [id, record] of Object.entries(migrated.value)) {
          if (JSON.stringify(record) !== JSON.stringify(original[id])) records.set(id, record as unknown as Record<string, unknown>)
        }
        result = 'migrated'
      } else {
        return 'unmigratable'
      }
    }
  }
  if (!stored || result === 'migrated') board.set(BoardMapKeys.schema, serialized)
  if (!records.has(TLDOCUMENT_ID)) records.set(TLDOCUMENT_ID, DocumentRecordType.create({ id: TLDOCUMENT_ID }) as unknown as Record<string, unknown>)
  if (![...records.map.values()].some((entry) => entry.val.typeName === 'page')) {
    records.set(DEFAULT_PAGE_ID, PageRecordType.create({ id: DEFAULT_PAGE_ID as never, name: 'Page 1', index: 'a1' as never }) as unknown as Record<string, unknown>)
  }
  return result
}
