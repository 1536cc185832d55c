/** The rule table (shared/board/rules.ts) and the server's repair (server/guard.ts) on plain Y.Docs, no server. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { KeyValueArray } from '../../shared/board/keyValue.ts'
import { boardKeyRefusal, boardKeyRules, recordVerdict, type Actor } from '../../shared/board/rules.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { BoardGuard } from '../../server/guard.ts'
import { prepareBoardDoc } from '../../server/tldrawSchema.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'

const anne: Actor = { role: 'participant', authorId: 'anne-id', name: 'Anne', organisation: 'Gemeente Utrecht' }
const bram: Actor = { role: 'participant', authorId: 'bram-id', name: 'Bram', organisation: 'Woonstichting' }
const femke: Actor = { role: 'facilitator', authorId: 'femke-id', name: 'Femke', organisation: 'Procesbureau' }
const meta = (a: Actor) => ({ authorId: a.authorId!, author: a.name, organisation: a.organisation })
const ctx = { get: () => undefined, validate: () => null }
type Rec = Record<string, unknown>

describe('the rule table', () => {
  const anneNote = noteRecord('shape:a', 'Meer groen', { x: 0, y: 0 }, meta(anne)) as Rec
  const frame = frameRecord('shape:f', 'iceberg', {}, { x: 0, y: 0, w: 100, h: 100 }) as Rec

  it('a partner creates their own shapes, stamped with who they are', () => {
    expect(recordVerdict(anne, undefined, anneNote, ctx)).toEqual({ allow: true })
    const forged = recordVerdict(anne, undefined, { ...anneNote, meta: meta(bram) }, ctx)
    expect(forged).toMatchObject({ allow: true, value: { meta: meta(anne) } })
    expect(recordVerdict(anne, undefined, frame, ctx).allow).toBe(false)
  })

  it('a partner changes and deletes only their own; others’ notes only move', () => {
    const edited = { ...anneNote, props: { ...(anneNote.props as Rec), color: 'red' } }
    expect(recordVerdict(anne, anneNote, edited, ctx)).toEqual({ allow: true })
    expect(recordVerdict(bram, anneNote, edited, ctx)).toMatchObject({ allow: true, value: anneNote })
    const moved = { ...anneNote, x: 50, y: 60, parentId: 'shape:f', index: 'a5' }
    expect(recordVerdict(bram, anneNote, moved, ctx)).toEqual({ allow: true })
    expect(recordVerdict(bram, anneNote, undefined, ctx).allow).toBe(false)
    expect(recordVerdict(anne, anneNote, undefined, ctx).allow).toBe(true)
    // Taking over someone's note by rewriting its author is a change of what it is.
    expect(recordVerdict(bram, anneNote, { ...anneNote, meta: meta(bram) }, ctx)).toMatchObject({ allow: true, value: anneNote })
  })

  it('templates, the page and the document are the facilitator’s', () => {
    const part = { ...anneNote, meta: { [PART_META_KEY]: { frameId: 'shape:f', partId: 'p' } } }
    for (const [before, after] of [
      [frame, undefined],
      [frame, { ...frame, x: 5 }],
      [part, { ...part, isLocked: false }],
      [{ id: 'page:page', typeName: 'page' }, undefined],
      [{ id: 'document:document', typeName: 'document' }, { id: 'document:document', typeName: 'document', name: 'x' }],
    ] as [Rec, Rec | undefined][]) {
      expect(recordVerdict(anne, before, after, ctx).allow).toBe(false)
      expect(recordVerdict(femke, before, after, ctx)).toEqual({ allow: true })
    }
    // Nor may a partner make their own note part of a template.
    expect(recordVerdict(anne, anneNote, { ...anneNote, meta: { ...meta(anne), [PART_META_KEY]: { frameId: 'x', partId: 'y' } } }, ctx).allow).toBe(false)
  })

  it('every board setting has a writer and a validator; partners write none', () => {
    for (const key of Object.keys(boardKeyRules)) expect(boardKeyRefusal(anne, key, undefined)).not.toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.timer, { durationMs: 60_000, endsAt: null, remainingMs: 60_000 })).toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.timer, { durationMs: -1, endsAt: null, remainingMs: 0 })).not.toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.voting, { id: 'r', votesPerPerson: 99, allowStacking: false, hideResults: true, open: true })).not.toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.voting, { id: 'r', votesPerPerson: 3, allowStacking: false, hideResults: true, open: true })).toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.locked, true)).not.toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.schema, {})).not.toBeNull()
    expect(boardKeyRefusal(femke, 'anythingElse', 1)).not.toBeNull()
    expect(boardKeyRefusal(femke, BoardMapKeys.followMe, undefined)).toBeNull()
  })
})

/** A server-side doc with the guard, and a client doc connected to it the way the websocket does. */
function guarded() {
  const server = new Y.Doc()
  const records = new KeyValueArray<Rec>(server.getArray(DocKeys.records))
  server.transact(() => prepareBoardDoc(server, records))
  const peers = new Map<unknown, Actor>()
  const repairs: string[] = []
  const guard = new BoardGuard(server, records, { actorOf: (origin) => peers.get(origin) ?? null, onRepair: (_o, what) => repairs.push(...what) })
  const join = (actor: Actor) => {
    const doc = new Y.Doc()
    const origin = { actor: actor.name }
    peers.set(origin, actor)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    // Client → server as the peer; server → client for everything it did not get from this peer.
    doc.on('update', (u: Uint8Array, o: unknown) => o !== 'server' && Y.applyUpdate(server, u, origin))
    server.on('update', (u: Uint8Array, o: unknown) => o !== origin && Y.applyUpdate(doc, u, 'server'))
    return { doc, kv: new KeyValueArray<Rec>(doc.getArray(DocKeys.records)) }
  }
  return { server, records, repairs, guard, join }
}

describe('the server’s repair', () => {
  it('undoes a forbidden delete and keeps a partner’s own work; both docs converge', () => {
    const g = guarded()
    const a = g.join(anne)
    const b = g.join(bram)
    a.kv.set('shape:a', noteRecord('shape:a', 'Meer groen', { x: 0, y: 0 }, meta(anne)))
    b.kv.set('shape:b', noteRecord('shape:b', 'Zorg dichtbij', { x: 0, y: 0 }, meta(bram)))
    expect(g.repairs).toEqual([])
    b.doc.transact(() => {
      b.kv.delete('shape:a')
      b.kv.delete('shape:b')
    })
    expect(g.repairs).toEqual(["someone else's shape"])
    expect([...g.records.map.keys()].filter((k) => k.startsWith('shape:'))).toEqual(['shape:a'])
    expect(a.kv.get('shape:a')).toBeDefined()
    expect(b.kv.get('shape:a')).toEqual(a.kv.get('shape:a'))
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(g.server))
  })

  it('removes malformed entries and settings of the wrong writer, and leaves the facilitator’s valid ones', () => {
    const g = guarded()
    const a = g.join(anne)
    const f = g.join(femke)
    a.doc.getArray(DocKeys.records).push([null, 7, { key: 'shape:x', val: null }])
    a.doc.getMap(DocKeys.board).set(BoardMapKeys.followMe, { userId: 'user:anne-id' })
    f.doc.getMap(DocKeys.board).set(BoardMapKeys.followMe, { userId: 'user:femke-id' })
    expect(g.repairs).toEqual(['malformed record entry', '"followMe" is the facilitator\'s'])
    expect(g.server.getArray(DocKeys.records).toArray().every((e) => !!e && typeof e === 'object' && 'key' in e && !!(e as unknown as { val: unknown }).val)).toBe(true)
    expect(g.server.getMap(DocKeys.board).get(BoardMapKeys.followMe)).toEqual({ userId: 'user:femke-id' })
    expect(a.doc.getMap(DocKeys.board).get(BoardMapKeys.followMe)).toEqual({ userId: 'user:femke-id' })
  })

  it('server writes are not checked', () => {
    const g = guarded()
    g.server.getMap(DocKeys.people).set('anne-id', { name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-12-01' })
    g.server.getMap(DocKeys.board).set(BoardMapKeys.locked, true)
    expect(g.repairs).toEqual([])
    g.guard.destroy()
  })
})
