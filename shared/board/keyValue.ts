/**
 * The board's records as a key-value map over a Y.Array of `{ key, val }` entries, with y-utility's
 * YKeyValue rules (the rightmost entry of a key wins; older duplicates are removed), and its change
 * events (add / update / delete with old and new values).
 *
 * Unlike YKeyValue it never trusts the array: an entry that is not a plain `{ key: string, val: object }`
 * (null, a number, a nested Yjs type, binary data) is left out of the map instead of throwing, so one bad
 * write cannot stop a page from opening the board. Such entries are reported with each change, and the
 * server removes them (server/guard.ts).
 */
import * as Y from 'yjs'
import type { KeyValueEntry } from './records.ts'

export type KeyValueChange<T> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

export type KeyValueListener<T> = (changes: Map<string, KeyValueChange<T>>, transaction: Y.Transaction, invalid: readonly Y.Item[]) => void

/** A plain JSON value (what may be stored in the board's shared types): no Yjs types, no binary, no cycles. */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (depth > 64 || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  return Object.values(value).every((v) => isPlainJson(v, depth + 1))
}

/** Whether an array value is a well-formed entry: a string key and a plain object value. */
export function isEntry(value: unknown): value is KeyValueEntry<Record<string, unknown>> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Y.AbstractType) return false
  const entry = value as { key?: unknown; val?: unknown }
  return typeof entry.key === 'string' && !!entry.val && typeof entry.val === 'object' && !Array.isArray(entry.val) && !(entry.val instanceof Y.AbstractType)
}

function contentOf(item: Y.Item): unknown[] {
  return item.content.getContent()
}

export class KeyValueArray<T extends object> {
  /** Key → the entry object that currently holds its value (compared by identity). */
  readonly map = new Map<string, KeyValueEntry<T>>()
  private listeners = new Set<KeyValueListener<T>>()

  /** With `cleanUp` off this view never writes (for readers that must not change the doc). */
  constructor(
    readonly yarray: Y.Array<unknown>,
    private readonly options: { cleanUp: boolean } = { cleanUp: true },
  ) {
    const values = yarray.toArray()
    const duplicates = new Set<unknown>()
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i]
      if (!isEntry(v)) continue
      if (this.map.has(v.key)) duplicates.add(v)
      else this.map.set(v.key, v as KeyValueEntry<T>)
    }
    if (duplicates.size > 0 && options.cleanUp) this.deleteValues((v) => duplicates.has(v))
    yarray.observe(this.onEvent)
  }

  get(key: string): T | undefined {
    return this.map.get(key)?.val
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  set(key: string, val: T): void {
    const doc = this.yarray.doc!
    doc.transact(() => {
      const current = this.map.get(key)
      if (current) this.deleteValues((v) => v === current)
      this.yarray.push([{ key, val }])
    })
  }

  delete(key: string): void {
    const current = this.map.get(key)
    if (current) this.deleteValues((v) => v === current)
  }

  on(_event: 'change', listener: KeyValueListener<T>): void {
    this.listeners.add(listener)
  }

  off(_event: 'change', listener: KeyValueListener<T>): void {
    this.listeners.delete(listener)
  }

  destroy(): void {
    this.yarray.unobserve(this.onEvent)
    this.listeners.clear()
  }

  /**
   * Deletes every value of the array for which `pick(value, item)` holds, in one transaction. Walks the
   * items themselves, so values that are not objects (and cannot be told apart by identity) are found too.
   */
  deleteValues(pick: (value: unknown, item: Y.Item) => boolean): number {
    const ranges: [number, number][] = []
    let index = 0
    for (let item = (this.yarray as unknown as { _start: Y.Item | null })._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue
      const content = contentOf(item)
      for (let j = 0; j < content.length; j++) {
        if (pick(content[j], item)) {
          const last = ranges[ranges.length - 1]
          if (last && last[0] + last[1] === index + j) last[1]++
          else ranges.push([index + j, 1])
        }
      }
      index += item.length
    }
    if (ranges.length === 0) return 0
    this.yarray.doc!.transact(() => {
      for (let r = ranges.length - 1; r >= 0; r--) this.yarray.delete(ranges[r][0], ranges[r][1])
    })
    return ranges.reduce((n, r) => n + r[1], 0)
  }

  /**
   * Reads only what the transaction touched, never the whole array: the items it added (from the store,
   * by clock) and the items it deleted (from its delete set). Y.YArrayEvent.changes and toArray() walk
   * every item of the array, tombstones included, on every change; on a board where three hundred
   * people move their notes that walk was a large part of the server's work per update.
   */
  private onEvent = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction): void => {
    const changes = new Map<string, KeyValueChange<T>>()
    const invalid: Y.Item[] = []
    const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
    Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
      // An item added and deleted in the same transaction was never part of the map.
      if (!(struct instanceof Y.Item) || struct.parent !== this.yarray || !struct.countable || isNew(struct)) return
      for (const c of contentOf(struct)) {
        if (!isEntry(c)) continue
        if (this.map.get(c.key) === c) {
          this.map.delete(c.key)
          changes.set(c.key, { action: 'delete', oldValue: c.val as T })
        }
      }
    })
    // Every entry this transaction added, by key (a script may add one key twice in one transaction).
    const added = new Map<string, Set<unknown>>()
    let anyAdded: Y.Item | null = null
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = transaction.doc.store.clients.get(client)
      if (!structs) continue
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const item = structs[i]
        if (!(item instanceof Y.Item) || item.parent !== this.yarray || item.deleted || !item.countable) continue
        anyAdded = item
        let bad = false
        for (const v of contentOf(item)) {
          if (!isEntry(v)) bad = true
          else if (added.has(v.key)) added.get(v.key)!.add(v)
          else added.set(v.key, new Set([v]))
        }
        if (bad) invalid.push(item)
      }
    }
    if (added.size > 0 && anyAdded) {
      // The rightmost entry of a key wins: from the array's end leftwards until every added key is placed
      // (new entries are pushed at the end, so this is a few steps, not the whole array).
      let last: Y.Item = anyAdded
      while (last.right !== null) last = last.right
      const superseded = new Set<unknown>()
      for (let item: Y.Item | null = last; item !== null && added.size > 0; item = item.left) {
        if (item.deleted || !item.countable) continue
        const content = contentOf(item)
        for (let j = content.length - 1; j >= 0 && added.size > 0; j--) {
          const v = content[j]
          if (!isEntry(v)) continue
          const fresh = added.get(v.key)
          if (fresh === undefined) continue
          added.delete(v.key)
          // Every other new entry of this key loses and goes; so does the old one when a new one wins.
          for (const other of fresh) if (other !== v) superseded.add(other)
          if (!fresh.has(v)) continue
          const previous = this.map.get(v.key)
          const deleted = changes.get(v.key)
          if (previous) {
            superseded.add(previous)
            changes.set(v.key, { action: 'update', oldValue: previous.val, newValue: v.val as T })
          } else if (deleted?.action === 'delete') {
            changes.set(v.key, { action: 'update', oldValue: deleted.oldValue, newValue: v.val as T })
          } else {
            changes.set(v.key, { action: 'add', newValue: v.val as T })
          }
          this.map.set(v.key, v as KeyValueEntry<T>)
        }
      }
      if (superseded.size > 0 && this.options.cleanUp) this.deleteValues((v) => superseded.has(v))
    }
    if (changes.size === 0 && invalid.length === 0) return
    for (const listener of this.listeners) listener(changes, transaction, invalid)
  }
}
