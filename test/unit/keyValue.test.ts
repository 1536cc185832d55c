/** The board's key-value view of its records: y-utility's rules, but a malformed entry is skipped, never fatal. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { KeyValueArray } from '../../shared/board/keyValue.ts'

describe('KeyValueArray', () => {
  it('reads a board that holds entries no page can read (an old board), and reports new ones', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<unknown>('tldraw')
    array.push([{ key: 'shape:a', val: { id: 'shape:a' } }, null, 7, { key: 'shape:b', val: null }, new Y.Map()])
    // The stock view cannot open it at all (on a copy: it deletes entries before it throws).
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(() => new YKeyValue(copy.getArray<{ key: string; val: unknown }>('tldraw'))).toThrow()
    const kv = new KeyValueArray<{ id: string }>(array)
    expect([...kv.map.keys()]).toEqual(['shape:a'])
    const seen: { keys: string[]; invalid: number }[] = []
    kv.on('change', (changes, _tr, invalid) => seen.push({ keys: [...changes.keys()], invalid: invalid.length }))
    array.push([null, { key: 'shape:c', val: { id: 'shape:c' } }])
    expect(seen).toEqual([{ keys: ['shape:c'], invalid: 1 }])
    expect(kv.deleteValues((v) => !v || typeof v !== 'object' || !('val' in v) || !(v as { val: unknown }).val)).toBe(5)
    expect(array.length).toBe(2)
  })

  it('keeps YKeyValue’s rules: the rightmost entry wins, older duplicates go, changes carry old and new values', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const kvA = new KeyValueArray<{ n: number }>(a.getArray('tldraw'))
    const kvB = new KeyValueArray<{ n: number }>(b.getArray('tldraw'))
    kvA.set('k', { n: 1 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const changes: unknown[] = []
    kvB.on('change', (c) => changes.push(...c.values()))
    kvA.set('k', { n: 2 })
    kvB.set('k', { n: 3 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(kvA.get('k')).toEqual(kvB.get('k'))
    expect(a.getArray('tldraw').length).toBe(1)
    expect(b.getArray('tldraw').length).toBe(1)
    expect(changes[0]).toEqual({ action: 'update', oldValue: { n: 1 }, newValue: { n: 3 } })
    kvB.delete('k')
    expect(kvB.has('k')).toBe(false)
  })

  it('agrees with the array after random concurrent edits on five replicas, and its changes add up to its map', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 20261202
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]
    const keys = ['a', 'b', 'c', 'd', 'e', 'f']
    const replicas = Array.from({ length: 5 }, () => {
      const doc = new Y.Doc()
      const kv = new KeyValueArray<{ n: number }>(doc.getArray('tldraw'))
      // What the change events say the map is: it must always be the map itself.
      const shadow = new Map<string, unknown>()
      kv.on('change', (changes) => {
        for (const [key, change] of changes) {
          if (change.action === 'delete') shadow.delete(key)
          else {
            if (change.action === 'update') expect(change.oldValue).toEqual(shadow.get(key))
            shadow.set(key, change.newValue)
          }
        }
      })
      return { doc, kv, shadow }
    })
    const rightmost = (doc: Y.Doc) => {
      const expected = new Map<string, unknown>()
      for (const v of doc.getArray('tldraw').toArray()) {
        if (v && typeof v === 'object' && 'key' in v && typeof v.key === 'string' && 'val' in v && v.val && typeof v.val === 'object') expected.set(v.key, v.val)
      }
      return expected
    }
    let n = 0
    for (let step = 0; step < 400; step++) {
      const r = pick(replicas)
      const array = r.doc.getArray<unknown>('tldraw')
      const what = random()
      if (what < 0.45) r.kv.set(pick(keys), { n: n++ })
      else if (what < 0.6) r.kv.delete(pick(keys))
      // A script's writes: an entry anywhere (maybe a duplicate key), two of one key at once, garbage.
      else if (what < 0.7) array.insert(Math.floor(random() * (array.length + 1)), [{ key: pick(keys), val: { n: n++ } }])
      else if (what < 0.75) r.doc.transact(() => array.insert(0, [{ key: 'g', val: { n: n++ } }, { key: 'g', val: { n: n++ } }]))
      else if (what < 0.78) array.insert(Math.floor(random() * (array.length + 1)), [null])
      else {
        // Sync two replicas (in both directions, or one), in any order.
        const other = pick(replicas)
        Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(r.doc, Y.encodeStateVector(other.doc)))
        if (random() < 0.5) Y.applyUpdate(r.doc, Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(r.doc)))
      }
      for (const replica of replicas) {
        expect(new Map([...replica.kv.map].map(([k, e]) => [k, e.val]))).toEqual(rightmost(replica.doc))
        expect(replica.shadow).toEqual(rightmost(replica.doc))
      }
    }
    // Everyone in sync: one board, and no key twice in any array.
    for (const a of replicas) for (const b of replicas) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)))
    for (const a of replicas) for (const b of replicas) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)))
    const first = rightmost(replicas[0].doc)
    for (const replica of replicas) {
      expect(rightmost(replica.doc)).toEqual(first)
      const entryKeys = replica.doc.getArray<{ key?: string }>('tldraw').toArray().filter((v) => v && typeof v === 'object').map((v) => v.key)
      expect(new Set(entryKeys).size).toBe(entryKeys.length)
    }
  })
})
