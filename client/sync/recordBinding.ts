/**
 * Two-way binding between a tldraw store and a board's Y.Doc.
 *
 * [1] Local edits: only the person's own (source 'user') document-scoped changes go into the doc, in one
 *     Yjs transaction per store batch, marked with this binding's origin.
 *     Private notes are the exception: they stay in the store only (see facilitator/privateWriting.ts).
 * [2] Remote edits: YKeyValue change events from any other origin (the websocket provider, IndexedDB)
 *     are applied inside `store.mergeRemoteChanges`, so they never echo back and never enter the local
 *     undo history.
 */
import type { TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { isPrivateRecord } from '../../shared/protocol.ts'
import { readStoredSchema, recordsOf, type RecordChange } from './docLayout.ts'
import { loadDocIntoStore, migrateRecords, putTolerantly } from './schema.ts'

export interface RecordBindingOptions {
  /** A viewer: remote changes are applied, local ones never written (the server would drop them anyway). */
  readonly?: boolean
}

export interface RecordBinding {
  /** The Yjs transaction origin of this binding's own writes. */
  readonly origin: object
  dispose(): void
}

/** Loads the doc into the store (migrating if needed), then keeps both in step until disposed. */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, options: RecordBindingOptions = {}): RecordBinding {
  const origin = { binding: 'waterlijn-store' }
  const records = recordsOf(doc)
  loadDocIntoStore(store, doc)

  // [1] Private notes (written in a private round, not yet revealed) never enter the doc: they stay on
  //     this laptop until the reveal takes the private mark off, which writes them like any new record.
  const stopListening = options.readonly
    ? () => {}
    : store.listen(
        ({ changes }) => {
          doc.transact(() => {
            for (const record of Object.values(changes.added)) if (!isPrivateRecord(record)) records.set(record.id, record)
            for (const [, record] of Object.values(changes.updated)) if (!isPrivateRecord(record)) records.set(record.id, record)
            for (const record of Object.values(changes.removed)) if (!isPrivateRecord(record)) records.delete(record.id)
          }, origin)
        },
        { source: 'user', scope: 'document' },
      )

  // [2]
  const onChange = (changes: Map<string, RecordChange>, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return
    const toPut: Record<string, TLRecord> = {}
    const toRemove: TLRecord['id'][] = []
    for (const [id, change] of changes) {
      if (change.action === 'delete') toRemove.push(id as TLRecord['id'])
      else toPut[id] = change.newValue
    }
    // A client with an older schema may still be writing: bring its records up to ours.
    let migrated: Record<string, TLRecord>
    try {
      migrated = migrateRecords(store, toPut, readStoredSchema(doc))
    } catch (error) {
      console.warn('waterlijn: could not migrate remote records', error)
      migrated = toPut
    }
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length) store.remove(present)
      putTolerantly(store, Object.values(migrated))
    })
  }
  records.on('change', onChange)

  return {
    origin,
    dispose() {
      stopListening()
      records.off('change', onChange)
    },
  }
}
