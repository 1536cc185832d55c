/**
 * Limits that keep one board, one address or one script from taking the server: open connections per
 * board and per address, and Yjs updates waiting for dependencies that never come.
 */
import type * as Y from 'yjs'
import { log } from './log.ts'

/** Open websockets per key (board id, client address), with a cap; 0 is no cap. */
export class ConnectionCounter {
  private counts = new Map<string, number>()
  private warned = new Map<string, number>()

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  /** Whether one more connection for `key` fits; logs a refusal once a minute per key. */
  fits(key: string): boolean {
    if (this.max === 0 || (this.counts.get(key) ?? 0) < this.max) return true
    const now = Date.now()
    if ((this.warned.get(key) ?? 0) < now - 60_000) {
      this.warned.set(key, now)
      if (this.warned.size > 10_000) this.warned.clear()
      log.warn('ws.too-many-connections', { per: this.what, key: this.what === 'board' ? key : undefined, max: this.max })
    }
    return false
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  remove(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1
    if (n <= 0) this.counts.delete(key)
    else this.counts.set(key, n)
  }
}

interface StructStoreWithPending {
  pendingStructs: { update: Uint8Array } | null
  pendingDs: Uint8Array | null
}

/** Bytes of updates this doc holds because something they build on has not arrived (0: none). */
export function pendingBytes(doc: Y.Doc): number {
  const store = doc.store as unknown as StructStoreWithPending
  return (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0)
}

/**
 * Forgets updates waiting for dependencies. Yjs keeps them and hands them to every newcomer, so a
 * client that sends updates with gaps on purpose would otherwise grow every sync for good; an honest
 * client whose missing part is just late sends it again on its next sync.
 */
export function dropPending(doc: Y.Doc): void {
  const store = doc.store as unknown as StructStoreWithPending
  store.pendingStructs = null
  store.pendingDs = null
}
