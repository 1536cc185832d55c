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
})
