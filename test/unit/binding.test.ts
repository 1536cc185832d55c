/**
 * The store↔doc binding with two tldraw stores and two Y.Docs that exchange updates directly (no server):
 * what one person does reaches the other, and never lands in the other's undo history.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  HistoryManager,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  toRichText,
  type TLNoteShape,
  type TLRecord,
  type TLShapeId,
  type TLStore,
} from 'tldraw'
import { bindStoreToDoc, type RecordBinding } from '../../client/sync/recordBinding.ts'
import { BoardSchemaError } from '../../client/sync/schema.ts'
import { recordsOf, readStoredSchema, type RecordsMap } from '../../client/sync/docLayout.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { DEFAULT_PAGE_ID, prepareBoardDoc } from '../../server/tldrawSchema.ts'
import type { KeyValueArray } from '../../shared/board/keyValue.ts'

/** What the server does when a board is created or loaded: format, schema, document and page. */
function setUpBoard(doc: Y.Doc) {
  return doc.transact(() => prepareBoardDoc(doc, recordsOf(doc) as RecordsMap as unknown as KeyValueArray<Record<string, unknown>>))
}

function writeStoredSchema(doc: Y.Doc, schema: unknown) {
  doc.getMap(DocKeys.board).set(BoardMapKeys.schema, schema)
}

beforeAll(() => {
  // tldraw batches store listeners to the next animation frame; Node has none.
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(Date.now()), 0) as unknown as number)
  globalThis.cancelAnimationFrame ??= ((id: number) => clearTimeout(id)) as typeof cancelAnimationFrame
})

const REMOTE = 'remote-peer'

/** Two docs that forward every update to each other, like two browsers through a server. */
function connectDocs(a: Y.Doc, b: Y.Doc): () => void {
  const toB = (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(b, update, REMOTE)
  const toA = (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(a, update, REMOTE)
  a.on('update', toB)
  b.on('update', toA)
  return () => {
    a.off('update', toB)
    b.off('update', toA)
  }
}

function newStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
}

/** Delivers the store's pending listener batch now instead of on the next frame. */
function flush(...stores: TLStore[]): void {
  for (const store of stores) store._flushHistory()
}

function note(id: TLShapeId, text: string, x = 0): TLNoteShape {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x,
    y: 0,
    rotation: 0,
    index: 'a1' as TLNoteShape['index'],
    parentId: DEFAULT_PAGE_ID as TLNoteShape['parentId'],
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { ...(new (defaultShapeUtils.find((u) => u.type === 'note')!)(null as never) as { getDefaultProps(): TLNoteShape['props'] }).getDefaultProps(), richText: toRichText(text) },
  } as TLNoteShape
}

interface Peer {
  doc: Y.Doc
  store: TLStore
  binding: RecordBinding
}

let cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.reverse()) c()
  cleanups = []
})

function twoPeers(): [Peer, Peer] {
  const docA = new Y.Doc()
  const docB = new Y.Doc()
  cleanups.push(connectDocs(docA, docB))
  const storeA = newStore()
  const storeB = newStore()
  const a = { doc: docA, store: storeA, binding: bindStoreToDoc(storeA, docA) }
  const b = { doc: docB, store: storeB, binding: bindStoreToDoc(storeB, docB) }
  cleanups.push(() => a.binding.dispose(), () => b.binding.dispose())
  setUpBoard(docA)
  return [a, b]
}

describe('store ↔ Y.Doc binding', () => {
  it('a note created in store A appears in store B with its text', () => {
    const [a, b] = twoPeers()
    expect(b.store.get(DEFAULT_PAGE_ID as TLRecord['id'])).toBeDefined()
    const id = createShapeId('n1')
    a.store.put([note(id, 'Meer groen in de wijk')])
    flush(a.store)
    const received = b.store.get(id) as TLNoteShape | undefined
    expect(received?.type).toBe('note')
    expect(received?.props.richText).toEqual(toRichText('Meer groen in de wijk'))
  })

  it("a remote change is not in the receiver's undo history", () => {
    const [a, b] = twoPeers()
    const historyA = new HistoryManager({ store: a.store })
    cleanups.push(() => historyA.dispose())
    const own = createShapeId('own')
    a.store.put([note(own, 'van A')])
    flush(a.store)
    const undosBefore = historyA.getNumUndos()

    const theirs = createShapeId('theirs')
    b.store.put([note(theirs, 'van B', 300)])
    flush(b.store)
    expect(a.store.get(theirs)).toBeDefined()
    expect(historyA.getNumUndos()).toBe(undosBefore)

    historyA.undo()
    flush(a.store)
    expect(a.store.get(own)).toBeUndefined()
    expect(a.store.get(theirs)).toBeDefined()
    // A's undo travelled to B as an ordinary change; B's own note stayed.
    expect(b.store.get(own)).toBeUndefined()
    expect(b.store.get(theirs)).toBeDefined()
  })

  it('a private note stays out of the doc until its private mark is cleared', () => {
    const [a, b] = twoPeers()
    const id = createShapeId('secret')
    const secret = { ...note(id, 'alleen voor mij'), meta: { privateRound: 'r1' } }
    a.store.put([secret])
    flush(a.store)
    a.store.put([{ ...secret, props: { ...secret.props, richText: toRichText('nog steeds privé') } }])
    flush(a.store)
    expect(recordsOf(a.doc).get(id)).toBeUndefined()
    expect(b.store.get(id)).toBeUndefined()
    // Revealed: the mark is cleared and the note goes out like any change.
    a.store.put([{ ...secret, meta: { privateRound: null } }])
    flush(a.store)
    expect(b.store.get(id)).toBeDefined()
  })

  it('deleting a note propagates', () => {
    const [a, b] = twoPeers()
    const id = createShapeId('gone')
    a.store.put([note(id, 'weg ermee')])
    flush(a.store)
    expect(b.store.get(id)).toBeDefined()
    b.store.remove([id])
    flush(b.store)
    expect(a.store.get(id)).toBeUndefined()
    expect(recordsOf(a.doc).has(id)).toBe(false)
  })

  it('overwriting a record 1000 times keeps one array entry per record', () => {
    const [a, b] = twoPeers()
    const id = createShapeId('busy')
    for (let i = 0; i < 1000; i++) {
      a.store.put([note(id, `versie ${i}`, i)])
      flush(a.store)
    }
    const records = a.store.allRecords().filter((r) => a.store.scopedTypes.document.has(r.typeName))
    expect(a.doc.getArray(DocKeys.records).length).toBe(records.length)
    expect(b.doc.getArray(DocKeys.records).length).toBe(records.length)
    expect((b.store.get(id) as TLNoteShape).x).toBe(999)
  })

  it('does not write session or presence records into the doc', () => {
    const [a] = twoPeers()
    const kinds = new Set([...recordsOf(a.doc).map.values()].map((e) => e.val.typeName))
    expect([...kinds].sort()).toEqual(['document', 'page'])
  })

  it('opening a board writes nothing into it: the server set it up', () => {
    const doc = new Y.Doc()
    setUpBoard(doc)
    const writes: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => writes.push(origin))
    const store = newStore()
    const binding = bindStoreToDoc(store, doc)
    cleanups.push(() => binding.dispose())
    expect(store.query.ids('page').get().size).toBe(1)
    expect(store.get('document:document' as TLRecord['id'])).toBeDefined()
    expect(writes).toEqual([])
  })

  it('a viewer receives changes but never writes', () => {
    const docA = new Y.Doc()
    const docV = new Y.Doc()
    cleanups.push(connectDocs(docA, docV))
    const storeA = newStore()
    const storeV = newStore()
    const bindA = bindStoreToDoc(storeA, docA)
    const bindV = bindStoreToDoc(storeV, docV, { readonly: true })
    cleanups.push(() => bindA.dispose(), () => bindV.dispose())
    setUpBoard(docA)
    const writes: unknown[] = []
    docV.on('update', (_u: Uint8Array, origin: unknown) => origin !== REMOTE && writes.push(origin))
    const id = createShapeId('v')
    storeV.put([note(id, 'lokaal')])
    flush(storeV)
    expect(storeA.get(id)).toBeUndefined()
    expect(writes).toEqual([])
  })

  it('the server records the same tldraw schema the page runs (both pinned to one version)', () => {
    const [a, b] = twoPeers()
    expect(readStoredSchema(a.doc)).toEqual(a.store.schema.serialize())
    expect(readStoredSchema(b.doc)).toEqual(a.store.schema.serialize())
  })

  it('migrates records written with an older schema when loading', () => {
    // A note as an older tldraw wrote it: plain `text` instead of rich text, no later props.
    const doc = new Y.Doc()
    const current = newStore().schema.serialize()
    const old = structuredClone(current) as typeof current & { sequences: Record<string, number> }
    old.sequences['com.tldraw.shape.note'] = 1
    const legacyNote = {
      id: 'shape:legacy',
      typeName: 'shape',
      type: 'note',
      x: 10,
      y: 20,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: {},
      props: { color: 'black', size: 'm', text: 'Oude notitie', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0, url: '' },
    }
    const map = recordsOf(doc)
    map.set('document:document', newStore().schema.types.document.create({ id: 'document:document' as never }) as TLRecord)
    map.set('page:page', { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as unknown as TLRecord)
    map.set('shape:legacy', legacyNote as unknown as TLRecord)
    writeStoredSchema(doc, old)

    const store = newStore()
    const binding = bindStoreToDoc(store, doc)
    cleanups.push(() => binding.dispose())
    const loaded = store.get('shape:legacy' as TLShapeId) as TLNoteShape
    expect(loaded.props.richText).toEqual(toRichText('Oude notitie'))
    // The page leaves the doc alone; the server migrates it for everyone when it loads the board.
    expect((map.get('shape:legacy') as unknown as { props: { text: string } }).props.text).toBe('Oude notitie')
    expect(setUpBoard(doc)).toBe('migrated')
    expect((map.get('shape:legacy') as TLNoteShape).props.richText).toEqual(toRichText('Oude notitie'))
    expect(readStoredSchema(doc)).toEqual(store.schema.serialize())
  })

  it('refuses a board written by a newer version instead of loading it half', () => {
    const doc = new Y.Doc()
    const newer = structuredClone(newStore().schema.serialize()) as ReturnType<TLStore['schema']['serialize']> & { sequences: Record<string, number> }
    newer.sequences['com.tldraw.shape.note'] = 999
    recordsOf(doc).set('shape:future', { ...note(createShapeId('future'), 'uit de toekomst'), id: 'shape:future' } as TLRecord)
    writeStoredSchema(doc, newer)
    let error: unknown
    try {
      bindStoreToDoc(newStore(), doc)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(BoardSchemaError)
    expect((error as BoardSchemaError).newerVersion).toBe(true)
    // Nothing was written back over the newer records.
    expect(readStoredSchema(doc)).toEqual(newer)
  })
})
