/**
 * Loading a board's records into a tldraw store, migrating them when the doc was written with an older
 * tldraw schema (through tldraw's own snapshot migration), and recording the schema in the doc.
 */
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { docRecords, readStoredSchema } from './docLayout.ts'

export class BoardSchemaError extends Error {
  constructor(
    message: string,
    /** The board was written by a newer version of the app: reloading the page fetches it. */
    readonly newerVersion: boolean,
  ) {
    super(message)
    this.name = 'BoardSchemaError'
  }
}

/** Whether records written with `stored` must be migrated before this store accepts them. */
export function needsMigration(store: TLStore, stored: SerializedSchema | undefined): boolean {
  if (!stored) return false
  const migrations = store.schema.getMigrationsSince(stored)
  if (!migrations.ok) return true
  return migrations.value.length > 0
}

/** Whether `stored` knows migrations this app does not: then only a newer app can read the records. */
export function writtenByNewerVersion(store: TLStore, stored: SerializedSchema): boolean {
  if (!('sequences' in stored)) return false
  const ours = store.schema.serialize().sequences
  return Object.entries(stored.sequences).some(([sequence, version]) => ours[sequence] === undefined || version > ours[sequence])
}

/**
 * Migrates `records` written with schema `stored` up to the store's schema. Throws BoardSchemaError when
 * that is impossible (typically: the records come from a newer version).
 */
export function migrateRecords(
  store: TLStore,
  records: Record<string, TLRecord>,
  stored: SerializedSchema | undefined,
): Record<string, TLRecord> {
  if (!stored || !needsMigration(store, stored)) return records
  if (writtenByNewerVersion(store, stored)) {
    throw new BoardSchemaError('the board was written by a newer version of tldraw', true)
  }
  const result = store.schema.migrateStoreSnapshot({ store: records, schema: stored })
  if (result.type === 'error') throw new BoardSchemaError(`cannot migrate board records: ${result.reason}`, false)
  return result.value as Record<string, TLRecord>
}

/**
 * Replaces the store's document records with the doc's (migrated if needed), as a remote change so it is
 * not in anyone's undo history. The doc itself is left alone: the server migrates a board's records and
 * records the schema when it loads the board.
 */
export function loadDocIntoStore(store: TLStore, doc: Y.Doc): { migrated: boolean } {
  const stored = readStoredSchema(doc)
  const original = docRecords(doc)
  const migrated = needsMigration(store, stored)
  const records = migrateRecords(store, original, stored)

  store.mergeRemoteChanges(() => {
    const stale = store
      .allRecords()
      .filter((r) => store.scopedTypes.document.has(r.typeName) && !(r.id in records))
      .map((r) => r.id)
    if (stale.length) store.remove(stale)
    putTolerantly(store, Object.values(records))
  })
  return { migrated }
}

/** Puts records; if the batch is refused (one invalid record), puts them one by one and skips the bad ones. */
export function putTolerantly(store: TLStore, records: TLRecord[]): void {
  if (records.length === 0) return
  try {
    store.put(records)
  } catch {
    for (const record of records) {
      try {
        store.put([record])
      } catch (error) {
        console.warn('waterlijn: skipped a record that does not fit this version', record.id, error)
      }
    }
  }
}
