/** The records every board needs before tldraw can show it. */
import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type IndexKey, type TLPageId, type TLRecord } from 'tldraw'
import type * as Y from 'yjs'
import { recordsOf } from './docLayout.ts'

/** tldraw's own default page id: every client seeds the same ids, so two seeding at once converge. */
export const DEFAULT_PAGE_ID = 'page:page' as TLPageId

/** Origin of the seeding transaction (the binding applies it to the store like any other change). */
export const SEED_ORIGIN = 'waterlijn-seed'

/**
 * Writes tldraw's default document and page records into the doc if it has none. Call only after the
 * first sync with the server: a board that looks empty before that may simply not have arrived yet.
 * Returns whether anything was written.
 */
export function seedDefaultRecords(doc: Y.Doc): boolean {
  const records = recordsOf(doc)
  const missing: TLRecord[] = []
  if (!records.has(TLDOCUMENT_ID)) missing.push(DocumentRecordType.create({ id: TLDOCUMENT_ID }))
  const hasPage = [...records.map.values()].some((entry) => entry.val.typeName === 'page')
  if (!hasPage) missing.push(PageRecordType.create({ id: DEFAULT_PAGE_ID, name: 'Page 1', index: 'a1' as IndexKey }))
  if (missing.length === 0) return false
  doc.transact(() => {
    for (const record of missing) records.set(record.id, record)
  }, SEED_ORIGIN)
  return true
}
