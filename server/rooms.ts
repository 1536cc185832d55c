/**
 * Rooms: one in-memory Y.Doc per board that someone is connected to. A board is loaded from the store
 * once, however many people arrive at the same moment; every document change is appended to the store
 * and sent to the other peers; presence is gathered and sent out in batches; versions of the board are
 * kept while it changes and set back on request (server/versions.ts); the doc leaves memory a while
 * after the last peer has gone.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { KeyValueArray, type KeyValueChange } from '../shared/board/keyValue.ts'
import type { Actor } from '../shared/board/rules.ts'
import { BoardMapKeys, CloseCode, DocKeys, MessageType, type LastRestore, type VersionKind } from '../shared/protocol.ts'
import { BoardGuard } from './guard.ts'
import { dropPending, pendingBytes } from './limits.ts'
import { log } from './log.ts'
import { NotOwnerError, SingleProcessOwnership, type BoardLease, type BoardOwnership } from './ownership.ts'
import { prepareBoardDoc } from './tldrawSchema.ts'
import type { BoardStore, StoredBoard, StoredUpdates, StoredVersion } from './store/types.ts'
import type { Metrics } from './metrics.ts'
import { applyVersion, countNotes, openVersion, versionsToThin } from './versions.ts'

export type Role = 'facilitator' | 'participant' | 'viewer'

/** Who a connection speaks for, from the token it presented (see ParticipantCredentials). */
export interface Identity {
  authorId: string
  name: string
  /** The organisation as registered on the board. */
  organisation: string
}

/** A connection as a room sees it. */
export interface Peer {
  readonly role: Role
  /** Null for a viewer, and for a facilitator key presented without a participant token. */
  readonly identity: Identity | null
  send(message: Uint8Array): void
  close(code: number, reason: string): void
  /** The server undid changes this connection made (they broke rules of shared/board/rules.ts). */
  repaired(what: string[]): void
}

export interface RoomOptions {
  compactAfterUpdates: number
  awarenessFlushMs: number
  /**
   * While the server is busy (busyLoad), a board's changes go out at most once per this interval; else,
   * and by default (0), once per turn of the event loop. Each fan-out costs a write to every peer's
   * socket; batching a busy board's changes costs that once.
   */
  fanOutIntervalMs?: number
  /** How busy the process is, 0–1 (default: its event loop's utilisation over the last second). */
  busyLoad?: () => number
  /** How long updates waiting for missing dependencies are kept before they are dropped (default 30 s). */
  pendingUpdateTimeoutMs?: number
  /** More waiting bytes than this are dropped at once (default 1 MiB). */
  maxPendingBytes?: number
  /** While the board changes, a version is kept at least this often (default 5 minutes; 0: only on unload and by hand). */
  versionIntervalMs?: number
  /** Where updates, fan-outs, store appends and repairs are counted for the operator. */
  metrics?: Metrics
  /** An update could not be stored (`origin`: the peer it came from, if any). Rooms decides what to do. */
  onStoreFailure?: (room: Room, error: unknown, origin: unknown) => void
  /**
   * Send an update to the other peers only once it is stored. With several instances a board's next
   * owner loads what is stored; a peer that had received more than that would send it again as its own
   * (its resync holds everything the server lacks), and the rules would stamp others' notes with its
   * name. So what anyone received is always in the store. Costs one store round trip of fan-out latency.
   */
  shareOnlyStored?: boolean
}

const DEFAULT_VERSION_INTERVAL_MS = 5 * 60 * 1000

/** Counters for benchmarks and logs. */
export interface RoomStats {
  updatesIn: number
  updateMessagesOut: number
  awarenessMessagesOut: number
  /** Changes of clients the server undid. */
  repairs: number
}

/** Above this share of the last second spent working, the server counts as busy (see fanOutInterval). */
const BUSY_LOAD = 0.75
let loadSampler: { at: ReturnType<typeof performance.eventLoopUtilization>; value: number } | null = null

/** This process's event-loop utilisation over the last second, measured once a second (by Node). */
function loopLoad(): number {
  if (!loadSampler) {
    const sampler = { at: performance.eventLoopUtilization(), value: 0 }
    loadSampler = sampler
    setInterval(() => {
      const now = performance.eventLoopUtilization()
      sampler.value = performance.eventLoopUtilization(now, sampler.at).utilization
      sampler.at = now
    }, 1000).unref()
  }
  return loadSampler.value
}

/** The updates of one turn of the event loop, merged: who sent them, and when the first arrived. */
interface Turn {
  update: Uint8Array
  origins: Set<unknown>
  since: number
}

const LOAD_ORIGIN = Symbol('load')
/** Transaction origin of a restore: the server's own write, which the guard does not check. */
export const RESTORE_ORIGIN = Symbol('restore')

export class Room {
  readonly doc = new Y.Doc()
  readonly awareness: awarenessProtocol.Awareness
  readonly peers = new Set<Peer>()
  /** Peers plus other users (an API call) that need the doc loaded. */
  holds = 0
  readonly stats: RoomStats = { updatesIn: 0, updateMessagesOut: 0, awarenessMessagesOut: 0, repairs: 0 }
  /** The board's records (the one key-value view of them on the server). */
  readonly records: KeyValueArray<Record<string, unknown>>
  private readonly guard: BoardGuard
  private persisting: Promise<unknown> = Promise.resolve()
  private updatesSinceSnapshot: number
  /** Sequence number of the last stored update. */
  private lastSeq: number
  /** The board's stored size, as far as the room knows: what was loaded, plus every update since. */
  bytes: number
  private pendingTimer: NodeJS.Timeout | null = null
  /** The board was deleted: nothing more of it is written to the store. */
  private discarded = false
  /** An update could not be stored: the doc holds more than the store, until the next snapshot. */
  private unstored = false
  /** The updates of this turn of the event loop, merged and sent and stored together by endTurn. */
  private turn: { update: Uint8Array; origin: unknown }[] = []
  private turnScheduled = false
  /** When the first update of this turn arrived (for the fan-out latency metric). */
  private turnSince = 0
  /** When the last turn went out (fanOutIntervalMs counts from here). */
  private lastTurnAt = 0
  /** Merged turns waiting for the store (written together by storeQueued). */
  private toStore: Turn[] = []
  private pendingAwareness = new Set<number>()
  private awarenessTimer: NodeJS.Timeout | null = null
  /** Awareness client ids each peer has announced, so they can be removed when it leaves. */
  private awarenessIds = new Map<Peer, Set<number>>()
  /** The other way round: which peer announced a presence id (no other may change it). */
  private presenceOwners = new Map<number, Peer>()
  /** Saving versions and restoring one happen one at a time. */
  private versioning: Promise<unknown> = Promise.resolve()
  private changedSinceVersion = false
  /** Records changed since the last version, per organisation ('' for the facilitator without one). */
  private changesSinceVersion = new Map<string, Set<string>>()
  private versionTimer: NodeJS.Timeout | null = null
  private lastVersionAt = Date.now()

  constructor(
    public board: StoredBoard,
    private store: BoardStore,
    private options: RoomOptions,
    stored: StoredUpdates,
  ) {
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update)
    }, LOAD_ORIGIN)
    this.updatesSinceSnapshot = Math.max(0, stored.updates.length - 1)
    this.lastSeq = stored.lastSeq
    this.bytes = stored.updates.reduce((n, u) => n + u.byteLength, 0)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.doc.on('update', this.onDocUpdate)
    this.doc.on('afterTransactionCleanup', this.onTransactionCleanup)
    this.awareness.on('update', this.onAwarenessUpdate)
    // From here on the server's own changes are stored and sent like any other.
    this.records = new KeyValueArray(this.doc.getArray(DocKeys.records))
    this.guard = new BoardGuard(this.doc, this.records, {
      actorOf: (origin) => (this.peers.has(origin as Peer) ? actorOf(origin as Peer) : null),
      onRepair: (origin, what) => {
        this.stats.repairs += what.length
        options.metrics?.repairs.inc(what.length)
        // One line per repair, however many changes it undid: a script must not fill the log.
        log.warn('guard.repaired', { board: board.id, changes: what.length, what: what[0] })
        ;(origin as Peer).repaired(what)
      },
    })
    this.records.on('change', this.countChanges)
    const removed = this.guard.removeMalformedEntries()
    if (removed > 0) log.warn('room.malformed-entries-removed', { board: board.id, removed })
    const prepared = this.doc.transact(() => prepareBoardDoc(this.doc, this.records))
    if (prepared !== 'ready') log[prepared === 'migrated' ? 'info' : 'warn']('room.schema', { board: board.id, result: prepared })
  }

  canWrite(role: Role): boolean {
    return role === 'facilitator' || (role === 'participant' && !this.board.locked)
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer)
    this.awarenessIds.set(peer, new Set())
  }

  removePeer(peer: Peer): void {
    this.peers.delete(peer)
    const ids = this.awarenessIds.get(peer)
    this.awarenessIds.delete(peer)
    for (const id of ids ?? []) this.presenceOwners.delete(id)
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  /** The connection that announced this presence id, if it is still here. */
  presenceOwner(clientId: number): Peer | undefined {
    return this.presenceOwners.get(clientId)
  }

  /** How many presence ids this connection has announced. */
  presenceCount(peer: Peer): number {
    return this.awarenessIds.get(peer)?.size ?? 0
  }

  /**
   * Applies a peer's update (`decoded`: the same, as Y.decodeUpdate read it). When the doc takes in exactly
   * what the peer sent — every struct new to it, nothing left waiting for something it lacks — those very
   * bytes are what the other peers get and what is stored. Otherwise Yjs encodes the change once more from
   * the doc, reading the state of every client the board ever had and writing every note's JSON again:
   * about a quarter of the time to apply an update on a busy board. Anything else (a resend, an update that
   * arrives before what it builds on) goes out as Yjs encodes it, and so do the server's own repairs.
   */
  applyPeerUpdate(peer: Peer, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): void {
    const store = this.doc.store
    const whole =
      store.pendingStructs === null &&
      store.pendingDs === null &&
      decoded.structs.every((struct) => !(struct instanceof Y.Skip) && struct.id.clock >= Y.getState(store, struct.id.client))
    this.relaying = whole ? { peer, update } : null
    try {
      Y.applyUpdate(this.doc, update, peer)
    } finally {
      this.relaying = null
      this.listenForUpdates(true)
    }
  }

  /** A peer's update the doc may take in whole (applyPeerUpdate), until its transaction is cleaned up. */
  private relaying: { peer: Peer; update: Uint8Array } | null = null
  private listening = true

  private listenForUpdates(on: boolean): void {
    if (on === this.listening) return
    this.listening = on
    if (on) this.doc.on('update', this.onDocUpdate)
    else this.doc.off('update', this.onDocUpdate)
  }

  /**
   * Yjs tells 'afterTransactionCleanup' just before it encodes the transaction for 'update' listeners, and
   * encodes only when there are some: for the peer's own transaction taken in whole the listener is off
   * and the peer's bytes go on; for every other (the repairs it caused come after it) it is on again.
   */
  private onTransactionCleanup = (transaction: Y.Transaction): void => {
    const relay = this.relaying
    this.relaying = null
    const whole = relay !== null && transaction.origin === relay.peer && this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null
    this.listenForUpdates(!whole)
    if (!whole) return
    if (changedTheDoc(transaction)) this.onDocUpdate(relay.update, relay.peer)
  }

  /** Closes the board to partners (or opens it again): refused updates from now on, and every client sees it in the doc. */
  setLocked(locked: boolean): void {
    this.board.locked = locked
    this.doc.getMap(DocKeys.board).set(BoardMapKeys.locked, locked)
  }

  /** Closes the connection that announced this presence (awareness) client id; false when there is none. */
  closePeerWithPresence(clientId: number, code: number, reason: string): boolean {
    for (const [peer, ids] of this.awarenessIds) {
      if (!ids.has(clientId)) continue
      peer.close(code, reason)
      return true
    }
    return false
  }

  /** The message that starts a sync: the server's state vector, so the peer sends what the server lacks. */
  syncStep1Message(): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    return encoding.toUint8Array(encoder)
  }

  /** Every known presence state (possibly none: an empty update still tells a client the link is alive). */
  awarenessMessage(): Uint8Array {
    const clients = [...this.awareness.getStates().keys()]
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }

  /** Waits until every update so far has been written to the store. */
  flush(): Promise<unknown> {
    this.endTurn()
    return this.persisting
  }

  /** The board is being deleted: from now on nothing of it reaches the store. */
  discard(): void {
    this.discarded = true
  }

  /** Writes the whole document as one snapshot in place of the stored updates. */
  compactNow(): Promise<unknown> {
    const run = this.persisting.then(async () => {
      if ((this.updatesSinceSnapshot === 0 && !this.unstored) || this.discarded) return
      await this.writeSnapshot()
    })
    // A failed snapshot must not stop the writes queued after it: the caller hears of it, the queue goes on.
    this.persisting = run.catch(() => {})
    return run
  }

  /** Whether the doc holds changes the store does not have (an update could not be stored). */
  get hasUnstoredChanges(): boolean {
    return this.unstored
  }

  /**
   * Whether `bytes` more fit under `max`. The running estimate counts history since the last snapshot
   * too; before a board is called full its real size is measured once, and compacted when that is less.
   */
  hasRoomFor(bytes: number, max: number): boolean {
    if (this.bytes + bytes <= max) return true
    if (this.updatesSinceSnapshot === 0) return false
    const measured = Y.encodeStateAsUpdate(this.doc).byteLength
    if (measured + bytes > max) return false
    this.bytes = measured
    void this.compactNow()
    return true
  }

  /** After a client's update: updates still waiting for what they build on are not kept for ever. */
  watchPending(): void {
    const waiting = pendingBytes(this.doc)
    if (waiting === 0) return
    if (waiting > (this.options.maxPendingBytes ?? 1024 * 1024)) {
      log.warn('room.pending-dropped', { board: this.board.id, bytes: waiting, why: 'too large' })
      return dropPending(this.doc)
    }
    if (this.pendingTimer) return
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null
      const still = pendingBytes(this.doc)
      if (still === 0) return
      log.warn('room.pending-dropped', { board: this.board.id, bytes: still, why: 'dependencies never arrived' })
      dropPending(this.doc)
    }, this.options.pendingUpdateTimeoutMs ?? 30_000)
    this.pendingTimer.unref()
  }

  /** Keeps a version of the board as it is now. */
  saveVersion(kind: VersionKind, name: string | null = null): Promise<StoredVersion> {
    return this.serially(() => this.takeVersion(kind, name))
  }

  /** Keeps a version when the board changed since the last one (on unload, on the interval). */
  saveVersionIfChanged(kind: VersionKind): Promise<StoredVersion | null> {
    return this.serially(async () => (this.changedSinceVersion ? this.takeVersion(kind, null) : null))
  }

  /**
   * Sets the board back to a version, live for everyone, as a forward change: first the state just
   * before is kept as a version of its own (so the restore can be undone), then every record and
   * restorable setting is set to the version's value in one transaction. Undefined for an unknown version.
   */
  restore(versionId: number): Promise<{ restored: StoredVersion; before: StoredVersion } | undefined> {
    return this.serially(async () => {
      const found = await this.store.loadVersion(this.board.id, versionId)
      if (!found) return undefined
      const version = openVersion(found.snapshot)
      try {
        let before = await this.takeVersion('before-restore', null)
        // Changes that arrived while the store was writing are not in it; a store that answers at once
        // (SQLite) lets none in, one over a network may. Keep them too, so the undo has everything.
        for (let attempt = 0; attempt < 3 && this.changedSinceVersion; attempt++) before = await this.takeVersion('before-restore', null)
        const lastRestore: LastRestore = {
          versionId: found.version.id,
          versionCreatedAt: found.version.createdAt,
          beforeVersionId: before.id,
          at: new Date().toISOString(),
          by: 'facilitator',
        }
        const changed = this.doc.transact(() => {
          const n = applyVersion(this.doc, this.records, version)
          this.doc.getMap(DocKeys.board).set(BoardMapKeys.lastRestore, lastRestore)
          return n
        }, RESTORE_ORIGIN)
        log.info('version.restored', { board: this.board.id, version: found.version.id, before: before.id, records: changed })
        return { restored: found.version, before }
      } finally {
        version.records.destroy()
        version.doc.destroy()
      }
    })
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.versioning.then(fn)
    this.versioning = run.catch(() => {})
    return run
  }

  private async takeVersion(kind: VersionKind, name: string | null): Promise<StoredVersion> {
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    const changes = Object.fromEntries([...this.changesSinceVersion].map(([organisation, keys]) => [organisation, keys.size]))
    const notes = countNotes([...this.records.map.values()].map((entry) => entry.val))
    // Reset before the store answers: what arrives meanwhile belongs to the next version.
    this.changesSinceVersion = new Map()
    this.changedSinceVersion = false
    this.lastVersionAt = Date.now()
    let saved: StoredVersion
    try {
      saved = await this.store.saveVersion(this.board.id, { createdAt: new Date().toISOString(), kind, name, notes, changes }, snapshot)
    } catch (error) {
      this.changedSinceVersion = true
      log.error('version.save-failed', { board: this.board.id, kind, error: String(error) })
      throw error
    }
    log.info('version.saved', { board: this.board.id, version: saved.id, kind, bytes: saved.bytes })
    try {
      const thin = versionsToThin(await this.store.listVersions(this.board.id), Date.now())
      if (thin.length > 0) await this.store.deleteVersions(this.board.id, thin)
    } catch (error) {
      // Old versions stay a while longer; the next version tries again.
      log.error('version.thin-failed', { board: this.board.id, error: String(error) })
    }
    return saved
  }

  /** A change to the doc: a version within the interval, counted from the last one. */
  private noteChange(): void {
    this.changedSinceVersion = true
    const interval = this.options.versionIntervalMs ?? DEFAULT_VERSION_INTERVAL_MS
    if (this.versionTimer || interval <= 0) return
    this.versionTimer = setTimeout(() => {
      this.versionTimer = null
      this.saveVersionIfChanged('auto').catch(() => {})
    }, Math.max(0, this.lastVersionAt + interval - Date.now()))
    this.versionTimer.unref()
  }

  /** Which organisations changed the board since the last version: the history lists who changed most. */
  private countChanges = (changes: Map<string, KeyValueChange<Record<string, unknown>>>, transaction: Y.Transaction): void => {
    // The server's own writes (repairs, restores) are nobody's work.
    if (!this.peers.has(transaction.origin as Peer)) return
    const organisation = (transaction.origin as Peer).identity?.organisation ?? ''
    let keys = this.changesSinceVersion.get(organisation)
    if (!keys) this.changesSinceVersion.set(organisation, (keys = new Set()))
    for (const key of changes.keys()) keys.add(key)
  }

  destroy(): void {
    if (this.versionTimer) clearTimeout(this.versionTimer)
    if (this.pendingTimer) clearTimeout(this.pendingTimer)
    this.guard.destroy()
    this.records.destroy()
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
    this.doc.off('update', this.onDocUpdate)
    this.doc.off('afterTransactionCleanup', this.onTransactionCleanup)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return
    this.stats.updatesIn++
    this.options.metrics?.updatesIn.inc()
    this.bytes += update.byteLength
    this.noteChange()
    this.turn.push({ update, origin })
    if (!this.turnScheduled) {
      this.turnScheduled = true
      this.turnSince = performance.now()
      const wait = this.lastTurnAt + this.fanOutInterval() - this.turnSince
      if (wait > 0) setTimeout(this.endTurn, wait)
      else setImmediate(this.endTurn)
    }
  }

  /**
   * The interval between a board's fan-outs: none while the server keeps up, fanOutIntervalMs while it is
   * busy (more than 3/4 of the last second). A socket write per peer per fan-out is what a busy server
   * spends most on; sending a busy board's changes together gives it back the time that made the queue.
   */
  private fanOutInterval(): number {
    const interval = this.options.fanOutIntervalMs ?? 0
    if (interval === 0) return 0
    return (this.options.busyLoad ?? loopLoad)() > BUSY_LOAD ? interval : 0
  }

  /**
   * The updates of one turn — of the event loop, or at most fanOutIntervalMs after the last turn went
   * out — are merged once, and that one update is both sent to every peer and stored: a busy turn (three
   * hundred partners moving notes) costs one merge, not one per partner, and not one for the peers and
   * another for the store. Sharing only what is stored, the store comes first and the peers get it once
   * it is written.
   */
  private endTurn = (): void => {
    this.turnScheduled = false
    this.lastTurnAt = performance.now()
    const updates = this.turn.splice(0)
    if (updates.length === 0) return
    const merged: Turn = {
      update: updates.length === 1 ? updates[0].update : Y.mergeUpdates(updates.map((u) => u.update)),
      origins: new Set(updates.map((u) => u.origin)),
      since: this.turnSince,
    }
    if (!this.options.shareOnlyStored) this.fanOut(merged)
    this.persist(merged)
  }

  /**
   * Sends a merged turn to every peer, the same message for each. When the turn's updates all came from
   * one peer, that peer is skipped; when several sent, each also gets its own back inside the merge,
   * which Yjs applies as a no-op (as y-websocket's own server does for every update). Merging per peer
   * "everything but your own" grew with the square of the partners writing at once and, from about two
   * hundred, fed on itself until deliveries took seconds.
   */
  private fanOut(turn: Turn): void {
    if (this.peers.size === 0) return
    const metrics = this.options.metrics
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeUpdate(encoder, turn.update)
    const message = encoding.toUint8Array(encoder)
    const onlySender = turn.origins.size === 1 ? [...turn.origins][0] : null
    let sent = 0
    for (const peer of this.peers) {
      if (peer === onlySender) continue
      peer.send(message)
      sent++
    }
    this.stats.updateMessagesOut += sent
    metrics?.updateMessagesOut.inc(sent)
    metrics?.fanOutSeconds.observe((performance.now() - turn.since) / 1000)
  }

  /** Replaces the stored updates by one snapshot of the doc; the board's known size becomes the snapshot's. */
  private async writeSnapshot(): Promise<void> {
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    await this.store.compact(this.board.id, snapshot, this.lastSeq)
    this.bytes = snapshot.byteLength
    this.updatesSinceSnapshot = 0
    this.unstored = false
  }

  private persist(turn: Turn): void {
    this.toStore.push(turn)
    // A write is queued already: it takes this turn along.
    if (this.toStore.length > 1) return
    this.persisting = this.persisting.then(() => this.storeQueued())
  }

  /**
   * Writes every turn that arrived since the last write as one update, so a store that is slow to
   * answer still costs one round trip per write; with shareOnlyStored they are sent on after it.
   */
  private async storeQueued(): Promise<void> {
    const batch = this.toStore.splice(0)
    if (batch.length === 0 || this.discarded) return
    const boardId = this.board.id
    let shared = !this.options.shareOnlyStored
    const shareBatch = () => {
      if (!shared) for (const turn of batch) this.fanOut(turn)
      shared = true
    }
    try {
      const started = performance.now()
      const update = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((b) => b.update))
      this.lastSeq = await this.store.appendUpdate(boardId, update)
      this.options.metrics?.storeAppendSeconds.observe((performance.now() - started) / 1000)
      shareBatch()
      if (++this.updatesSinceSnapshot >= this.options.compactAfterUpdates) await this.writeSnapshot()
    } catch (error) {
      // The peers still hold the update (and their browsers keep an offline copy), so it comes back
      // with their next sync once the store works again; the next snapshot holds it too.
      this.unstored = true
      log.error('store.append-failed', { board: boardId, turns: batch.length, error: String(error) })
      // A store that is away: the board is still served live. Another owner: it is not ours to share.
      if (!(error instanceof NotOwnerError)) shareBatch()
      for (const origin of new Set(batch.flatMap((b) => [...b.origins]))) this.options.onStoreFailure?.(this, error, origin)
    }
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const ids = this.awarenessIds.get(origin as Peer)
    if (ids) {
      for (const id of added) {
        ids.add(id)
        this.presenceOwners.set(id, origin as Peer)
      }
      for (const id of removed) {
        ids.delete(id)
        this.presenceOwners.delete(id)
      }
    }
    for (const id of added) this.pendingAwareness.add(id)
    for (const id of updated) this.pendingAwareness.add(id)
    for (const id of removed) this.pendingAwareness.add(id)
    if (!this.awarenessTimer && this.pendingAwareness.size > 0) {
      this.awarenessTimer = setTimeout(this.flushAwareness, this.options.awarenessFlushMs)
    }
  }

  /** Presence changes of many people go out as one message per peer per interval, not one per change. */
  private flushAwareness = (): void => {
    this.awarenessTimer = null
    if (this.pendingAwareness.size === 0 || this.peers.size === 0) {
      this.pendingAwareness.clear()
      return
    }
    const message = awarenessMessage(
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.pendingAwareness]),
    )
    this.pendingAwareness.clear()
    for (const peer of this.peers) peer.send(message)
    this.stats.awarenessMessagesOut += this.peers.size
    this.options.metrics?.awarenessMessagesOut.inc(this.peers.size)
  }
}

/** Whether a transaction changed anything (as Yjs decides whether to send an update for it). */
function changedTheDoc(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}

function actorOf(peer: Peer): Actor {
  return {
    role: peer.role === 'facilitator' ? 'facilitator' : 'participant',
    authorId: peer.identity?.authorId ?? null,
    name: peer.identity?.name ?? '',
    organisation: peer.identity?.organisation ?? '',
  }
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** How often a board whose update could not be stored tries to write itself whole again. */
const STORE_RETRY_MS = 1000

export class Rooms {
  private loaded = new Map<string, Room>()
  private loading = new Map<string, Promise<Room>>()
  private unloading = new Map<string, Promise<void>>()
  private unloadTimers = new Map<string, NodeJS.Timeout>()
  /** The ownership each loaded board is served under (server/ownership.ts). */
  private leases = new Map<Room, BoardLease>()
  private storeRetries = new Map<Room, NodeJS.Timeout>()
  private readonly ownership: BoardOwnership
  /** How many times a board was read from the store (for tests: once per arrival wave). */
  loads = 0

  constructor(
    private store: BoardStore,
    /** `onLoad` runs for every board loaded into memory, before anyone gets it (server/votes.ts's watchVoting). */
    private options: RoomOptions & {
      unloadDelayMs: number
      onLoad?: (room: Room) => void | Promise<void>
      /** Runs for every board that leaves memory (not for one that is deleted), after it was written. */
      onUnload?: (room: Room) => void | Promise<void>
      /** Who may serve which board; by default this process serves every board (one instance). */
      ownership?: BoardOwnership
    },
  ) {
    this.ownership = options.ownership ?? new SingleProcessOwnership()
    this.ownership.onLost((ids) => {
      for (const id of ids) void this.drop(id, 'ownership lost')
    })
    this.ownership.onWanted((ids) => {
      for (const id of ids) void this.handOver(id)
    })
  }

  get size(): number {
    return this.loaded.size
  }

  get(boardId: string): Room | undefined {
    return this.loaded.get(boardId)
  }

  /** Loads the board if needed and holds it in memory until `release`. */
  async acquire(board: StoredBoard): Promise<Room> {
    const room = await this.open(board)
    room.holds++
    const timer = this.unloadTimers.get(board.id)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(board.id)
    }
    return room
  }

  release(room: Room): void {
    room.holds--
    if (room.holds > 0 || this.unloadTimers.has(room.board.id)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.board.id)
      if (room.holds === 0) void this.unload(room)
    }, this.options.unloadDelayMs)
    timer.unref()
    this.unloadTimers.set(room.board.id, timer)
  }

  /** Runs `fn` with the board loaded (for API calls that change the document). */
  async withRoom<T>(board: StoredBoard, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(board)
    try {
      return await fn(room)
    } finally {
      this.release(room)
    }
  }

  /** Boards evicted for deletion in this process: never loaded again (their ids are random, never reused). */
  private deleted = new Set<string>()

  /** Writes everything and drops every board from memory (shutdown). */
  async closeAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    await Promise.all([...this.loaded.values()].map((room) => this.unload(room)))
    await Promise.all(this.unloading.values())
  }

  /**
   * Deletes boards as their owner (the facilitator's delete, the retention sweep). Each board is taken
   * first: one loaded here has its connections closed with `code` and leaves memory without being written
   * back, one that is not is owned for the moment of the deletion. A board another instance serves is
   * not touched and comes back in `busy` (`askOwner`: and that instance is asked to hand it over, as for a
   * connection the load balancer sends here). `remove` deletes the taken boards from the store while
   * they are held, so nobody loads one meanwhile; this process never loads them again.
   */
  async deleteOwned(
    ids: string[],
    { code, reason, askOwner }: { code: number; reason: string; askOwner: boolean },
    remove: (ids: string[]) => Promise<string[]>,
  ): Promise<{ deleted: string[]; busy: string[] }> {
    const held: BoardLease[] = []
    const busy: string[] = []
    try {
      for (const id of ids) {
        const lease = await this.takeForDeletion(id, code, reason, askOwner)
        if (lease) held.push(lease)
        else busy.push(id)
      }
      return { deleted: held.length === 0 ? [] : await remove(held.map((lease) => lease.boardId)), busy }
    } catch (error) {
      // Not deleted after all: they may be loaded again.
      for (const lease of held) this.deleted.delete(lease.boardId)
      throw error
    } finally {
      for (const lease of held) await this.ownership.release(lease).catch((error) => log.warn('ownership.release-failed', { board: lease.boardId, error: String(error) }))
    }
  }

  private async takeForDeletion(boardId: string, code: number, reason: string, askOwner: boolean): Promise<BoardLease | null> {
    const timer = this.unloadTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(boardId)
    await this.loading.get(boardId)?.catch(() => {})
    const loaded = this.loaded.get(boardId)
    // Served here: deleted under the ownership it is served with.
    if (loaded) {
      this.deleted.add(boardId)
      return await this.closeForDeletion(loaded, code, reason)
    }
    // A board on its way out of memory lets go of its ownership first.
    await this.unloading.get(boardId)
    const lease = await this.ownership.acquire(boardId, { askOwner })
    if (!lease) return null
    // From now on nobody loads it here: a connection arriving while the store deletes it is told so.
    this.deleted.add(boardId)
    // One that began to load before that is closed like a loaded one.
    await this.loading.get(boardId)?.catch(() => {})
    const late = this.loaded.get(boardId)
    if (late) {
      const its = await this.closeForDeletion(late, code, reason)
      if (its && its !== lease) await this.ownership.release(its)
    }
    return lease
  }

  /** Closes a loaded board's connections and drops it from memory unwritten; returns its ownership, still held. */
  private async closeForDeletion(room: Room, code: number, reason: string): Promise<BoardLease | null> {
    this.loaded.delete(room.board.id)
    room.discard()
    for (const peer of [...room.peers]) peer.close(code, reason)
    // A write that had already started finishes before the store deletes the board.
    await room.flush()
    room.destroy()
    const lease = this.leases.get(room) ?? null
    this.leases.delete(room)
    const retry = this.storeRetries.get(room)
    if (retry) clearTimeout(retry)
    this.storeRetries.delete(room)
    return lease
  }

  private async open(board: StoredBoard): Promise<Room> {
    if (this.deleted.has(board.id)) throw new BoardDeletedError(board.id)
    const existing = this.loaded.get(board.id)
    if (existing) return existing
    let pending = this.loading.get(board.id)
    if (!pending) {
      pending = (async () => {
        await this.unloading.get(board.id)
        // Only the owner loads: what it loads is then everything any earlier owner stored.
        const lease = await this.ownership.acquire(board.id)
        if (!lease) throw new NotOwnerError(board.id)
        try {
          this.loads++
          const options: RoomOptions = { ...this.options, onStoreFailure: this.onStoreFailure, shareOnlyStored: this.ownership.shared }
          const room = new Room(board, fencedStore(this.store, lease), options, await this.store.loadUpdates(board.id))
          await this.options.onLoad?.(room)
          this.loaded.set(board.id, room)
          this.leases.set(room, lease)
          return room
        } catch (error) {
          await this.ownership.release(lease)
          throw error
        }
      })()
      this.loading.set(board.id, pending)
      pending.finally(() => this.loading.delete(board.id)).catch(() => {})
    }
    return pending
  }

  private unload(room: Room): Promise<void> {
    const id = room.board.id
    if (this.loaded.get(id) !== room) return this.unloading.get(id) ?? Promise.resolve()
    this.loaded.delete(id)
    const done = (async () => {
      try {
        await room.flush()
        // A version of how the board was left, whatever happens to the compaction after it.
        await room.saveVersionIfChanged('unload').catch(() => {})
        await room.compactNow()
        await this.options.onUnload?.(room)
      } catch (error) {
        log.error('room.unload-failed', { board: id, error: String(error) })
      } finally {
        room.destroy()
        await this.releaseLease(room)
        this.unloading.delete(id)
      }
    })()
    this.unloading.set(id, done)
    return done
  }

  /** Gives up the board's ownership once it is out of memory; another instance may load it from here on. */
  private async releaseLease(room: Room): Promise<void> {
    const retry = this.storeRetries.get(room)
    if (retry) clearTimeout(retry)
    this.storeRetries.delete(room)
    const lease = this.leases.get(room)
    this.leases.delete(room)
    if (lease) await this.ownership.release(lease).catch((error) => log.warn('ownership.release-failed', { board: lease.boardId, error: String(error) }))
  }

  /**
   * This instance no longer owns the board (another took it over): every connection is told to try again,
   * which brings it to the owner, and the board leaves memory at once. Nothing is written back: the
   * store would refuse it, and every client still holds what it sent.
   */
  private async drop(boardId: string, why: string): Promise<void> {
    await this.loading.get(boardId)?.catch(() => {})
    const room = this.loaded.get(boardId)
    if (!room) return
    log.warn('room.dropped', { board: boardId, why, peers: room.peers.size })
    const timer = this.unloadTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(boardId)
    this.loaded.delete(boardId)
    room.discard()
    for (const peer of [...room.peers]) peer.close(CloseCode.notOwner, 'another instance serves this board now')
    await this.releaseLease(room)
    room.destroy()
  }

  /**
   * The load balancer sends this board's people to another instance now (server/ownership.ts [4]): they
   * are told to try again, and the board is stored and released as when its last person leaves.
   */
  private async handOver(boardId: string): Promise<void> {
    await this.loading.get(boardId)?.catch(() => {})
    const room = this.loaded.get(boardId)
    if (!room) return
    log.info('room.handed-over', { board: boardId, peers: room.peers.size })
    const timer = this.unloadTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(boardId)
    for (const peer of [...room.peers]) peer.close(CloseCode.notOwner, 'this board moves to another instance')
    await this.unload(room)
  }

  /**
   * An update could not be stored. Taken over by another instance: the board goes (drop). The store away:
   * the board stays loaded for reading, the connection that wrote is closed with `storeUnavailable` (its
   * client keeps the update and sends it again when it reconnects), and the board tries to store itself
   * whole every second until the store answers again.
   */
  private onStoreFailure = (room: Room, error: unknown, origin: unknown): void => {
    if (error instanceof NotOwnerError) return void this.drop(room.board.id, 'a write was fenced off')
    if (room.peers.has(origin as Peer)) (origin as Peer).close(CloseCode.storeUnavailable, 'the change could not be stored; reconnect')
    if (this.storeRetries.has(room)) return
    const retry = () => {
      this.storeRetries.delete(room)
      if (this.loaded.get(room.board.id) !== room || !room.hasUnstoredChanges) return
      room.compactNow().then(
        () => log.info('store.resumed', { board: room.board.id }),
        (failure) => {
          if (failure instanceof NotOwnerError) return void this.drop(room.board.id, 'a write was fenced off')
          if (this.loaded.get(room.board.id) === room) this.storeRetries.set(room, setTimeout(retry, STORE_RETRY_MS).unref())
        },
      )
    }
    this.storeRetries.set(room, setTimeout(retry, STORE_RETRY_MS).unref())
  }
}

/** The store as one owned board writes to it: its updates and compactions carry the ownership epoch. */
function fencedStore(store: BoardStore, lease: BoardLease): BoardStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendUpdate') return (id: string, update: Uint8Array) => target.appendUpdate(id, update, lease.epoch)
      if (property === 'compact') return (id: string, snapshot: Uint8Array, uptoSeq: number) => target.compact(id, snapshot, uptoSeq, lease.epoch)
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** The board is being (or was) deleted: it is not loaded again. */
export class BoardDeletedError extends Error {
  constructor(readonly boardId: string) {
    super('the board was deleted')
  }
}
