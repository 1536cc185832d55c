/**
 * A stock y-websocket client (as test/helpers/yclient.ts), with message counting and a convergence digest.
 *
 * Records are written exactly as y-utility's YKeyValue writes them (one transaction: delete the key's
 * current entry, push `{ key, val }`), so the document is the one the app produces. They are read with
 * a light observer that reads only the entries a transaction created: YKeyValue's own observer walks
 * the whole array, tombstones included, on every remote change (`event.changes` and `yarray.toArray()`),
 * which in processes holding 100 partners costs more CPU than the server and makes the bench measure
 * itself instead of the server.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { DocKeys } from '../../shared/protocol.ts'
import { CountingWebSocket } from './counting-ws.ts'
import type { DocDigest } from './ipc.ts'
import { NOTE_PREFIX, now, type NoteRecord } from './records.ts'
import { firstSync } from '../../test/helpers/yclient.ts'

export interface Entry {
  key: string
  val: unknown
}

export type ChangeListener = (added: Entry[], transaction: Y.Transaction) => void

export interface BenchClient {
  board: string
  doc: Y.Doc
  provider: WebsocketProvider
  array: Y.Array<Entry>
  /** The current value of every key, kept up to date by the light observer. */
  latest: Map<string, Entry>
  synced: Promise<void>
  /** YKeyValue.set: delete the key's current entry and append the new one, in one transaction. */
  set(key: string, val: unknown): void
  get(key: string): unknown
  onChange(listener: ChangeListener): void
  destroy(): void
}

/** `params`: `{ token }` for a partner, `{ key }` for the facilitator; none for a client that only reads. */
export function connect(wsUrl: string, board: string, params: Record<string, string> = {}): BenchClient {
  if (!/^ws:\/\/127\.0\.0\.1:\d+$/.test(wsUrl)) throw new Error(`the bench only talks to 127.0.0.1, not ${wsUrl}`)
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl}/ws`, board, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
    params,
  })
  const synced = firstSync(provider)
  const array = doc.getArray<Entry>(DocKeys.records)
  const latest = new Map<string, Entry>()
  const listeners: ChangeListener[] = []
  // Only the structs this transaction created are read (from the store, by clock), never the whole array:
  // Y.YArrayEvent.changes walks every item of the array, tombstones included, on every change.
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    const added: Entry[] = []
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = doc.store.clients.get(client)
      if (!structs) continue
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i]
        if (!(struct instanceof Y.Item) || struct.parent !== array || struct.deleted) continue
        for (const entry of struct.content.getContent() as Entry[]) added.push(entry)
      }
    }
    if (added.length === 0) return
    for (const entry of added) latest.set(entry.key, entry)
    for (const listener of listeners) listener(added, transaction)
  })
  return {
    board,
    doc,
    provider,
    array,
    latest,
    synced,
    set(key, val) {
      doc.transact(() => {
        if (latest.has(key)) {
          let i = 0
          for (const entry of array) {
            if (entry.key === key) {
              array.delete(i)
              break
            }
            i++
          }
        }
        array.push([{ key, val }])
      })
    },
    get: (key) => latest.get(key)?.val,
    onChange: (listener) => void listeners.push(listener),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

export function benchNoteCount(client: BenchClient): number {
  let n = 0
  for (const key of client.latest.keys()) if (key.startsWith(NOTE_PREFIX)) n++
  return n
}

/** Two docs converged when their records, settings and state vectors are the same. */
export function digest(client: BenchClient, partner: number): DocDigest {
  // Read the array itself, not the observer's map: the rightmost entry of a key wins, as in YKeyValue.
  const current = new Map<string, unknown>()
  for (const entry of client.array.toArray()) current.set(entry.key, entry.val)
  const records = [...current.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const hash = createHash('sha1')
  for (const [key, val] of records) hash.update(key).update('\0').update(JSON.stringify(val)).update('\n')
  hash.update(JSON.stringify(client.doc.getMap(DocKeys.board).toJSON()))
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(client.doc)).entries()].sort((a, b) => a[0] - b[0])
  return {
    board: client.board,
    partner,
    records: hash.digest('hex'),
    stateVector: createHash('sha1').update(JSON.stringify(sv)).digest('hex'),
    notes: records.filter(([key]) => key.startsWith(NOTE_PREFIX)).length,
  }
}

/** Items in the array's list, tombstones included (what YKeyValue's observer walks per remote change). */
export function arrayItems(client: BenchClient): { items: number; live: number } {
  let items = 0
  let live = 0
  for (let item = client.array._start; item !== null; item = item.right) {
    items++
    if (!item.deleted) live += item.length
  }
  return { items, live }
}

/** Resolves once `check` is truthy; polls every 20 ms; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** What an observer saw of the bench's notes: each version once, with its latency. */
export interface NoteObserver {
  client: BenchClient
  /** `<partner>:<seq>` of every version seen. */
  seen: Set<string>
  latencies: number[]
  /** Versions that arrived later than the window after they were sent. */
  late: number
}

/**
 * Times every version of a bench note of run `run` the client sees, once: receive time minus the
 * writer's timestamp, both from the system clock (records.ts now()).
 */
export function observeNotes(client: BenchClient, run: number, windowMs: number): NoteObserver {
  const observer: NoteObserver = { client, seen: new Set(), latencies: [], late: 0 }
  client.onChange((added) => {
    const at = now()
    for (const entry of added) {
      if (!entry.key.startsWith(NOTE_PREFIX)) continue
      const meta = (entry.val as NoteRecord).meta
      if (meta?.run !== run || !meta.seq) continue
      const id = `${meta.partner}:${meta.seq}`
      if (observer.seen.has(id)) continue
      observer.seen.add(id)
      const latency = at - meta.sentAt
      if (latency > windowMs) observer.late++
      observer.latencies.push(latency)
    }
  })
  return observer
}
