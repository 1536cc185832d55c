/**
 * The server's side of the rule table (shared/board/rules.ts): after a client's update is applied, every
 * record and key it changed is checked, and what breaks a rule is undone by the server at once, as a
 * forward change — the record or setting written back as it was, a forbidden new entry removed, a
 * malformed entry deleted. The repair goes out in the same fan-out as the update it answers (rooms.ts
 * merges one event-loop turn), so other screens never see the forbidden state, and every replica,
 * including the one that sent it, converges on the repaired board.
 */
import * as Y from 'yjs'
import { KeyValueArray, isEntry, type KeyValueChange } from '../shared/board/keyValue.ts'
import { commitmentRefusal } from '../shared/board/commitment.ts'
import { boardKeyRefusal, docTypeRules, recordProblem, recordVerdict, type Actor, type RecordContext } from '../shared/board/rules.ts'
import { BoardMapKeys, DocKeys } from '../shared/protocol.ts'
import { validateRecord } from './tldrawSchema.ts'

/** Transaction origin of the server's own repairs. */
export const REPAIR_ORIGIN = Symbol('repair')

type Json = Record<string, unknown>

export interface GuardOptions {
  /** The actor behind a transaction origin, or null for the server's own writes (not checked). */
  actorOf(origin: unknown): Actor | null
  /** Called once per repair (one client transaction), with the origin that caused it and what each undone change was. */
  onRepair(origin: unknown, what: string[]): void
}

const KNOWN_ROOTS: ReadonlyMap<string, 'list' | 'map'> = new Map(Object.keys(docTypeRules).map((name) => [name, name === DocKeys.records ? 'list' : 'map']))

export class BoardGuard {
  private readonly context: RecordContext

  constructor(
    private readonly doc: Y.Doc,
    readonly records: KeyValueArray<Json>,
    private readonly options: GuardOptions,
  ) {
    this.context = { get: (id) => records.get(id), validate: validateRecord }
    records.on('change', this.onRecords)
    doc.getMap(DocKeys.board).observe(this.onBoardMap)
    for (const [name, observer] of this.serverMapObservers) doc.getMap(name).observe(observer)
    doc.getMap(DocKeys.commitments).observe(this.onCommitments)
    doc.on('afterTransaction', this.onTransaction)
  }

  destroy(): void {
    this.records.off('change', this.onRecords)
    this.doc.getMap(DocKeys.board).unobserve(this.onBoardMap)
    for (const [name, observer] of this.serverMapObservers) this.doc.getMap(name).unobserve(observer)
    this.doc.getMap(DocKeys.commitments).unobserve(this.onCommitments)
    this.doc.off('afterTransaction', this.onTransaction)
  }

  /** Deletes entries of the records array no page can read (left by older versions). Returns how many. */
  removeMalformedEntries(): number {
    let removed = 0
    this.doc.transact(() => (removed = this.records.deleteValues((v) => !isEntry(v))), REPAIR_ORIGIN)
    return removed
  }

  private repair(origin: unknown, what: string, fix: () => void): void {
    this.doc.transact(fix, REPAIR_ORIGIN)
    this.options.onRepair(origin, [what])
  }

  private onRecords = (changes: Map<string, KeyValueChange<Json>>, transaction: Y.Transaction, invalid: readonly Y.Item[]): void => {
    const actor = this.options.actorOf(transaction.origin)
    if (!actor) return
    // Every fix for this transaction goes out as one repair (one update, however much a script deleted).
    const fixes: { what: string; fix: () => void }[] = []
    if (invalid.length > 0) {
      const items = new Set(invalid)
      fixes.push({ what: 'malformed record entry', fix: () => this.records.deleteValues((v, item) => items.has(item) && !isEntry(v)) })
    }
    for (const [key, change] of changes) {
      const before = change.action === 'add' ? undefined : change.oldValue
      const after = change.action === 'delete' ? undefined : change.newValue
      const restore = () => (before ? this.records.set(key, before) : this.records.delete(key))
      const problem = after ? recordProblem(key, after, this.context) : null
      if (problem) {
        fixes.push({ what: `invalid record: ${problem}`, fix: restore })
        continue
      }
      const verdict = recordVerdict(actor, before, after, this.context)
      if (!verdict.allow) fixes.push({ what: verdict.reason, fix: restore })
      else if ('value' in verdict) fixes.push({ what: verdict.reason, fix: () => this.records.set(key, verdict.value) })
    }
    if (fixes.length === 0) return
    this.doc.transact(() => fixes.forEach((f) => f.fix()), REPAIR_ORIGIN)
    this.options.onRepair(
      transaction.origin,
      fixes.map((f) => f.what),
    )
  }

  private onBoardMap = (event: Y.YMapEvent<unknown>): void => {
    const actor = this.options.actorOf(event.transaction.origin)
    if (!actor) return
    const map = event.target
    for (const [key, { action, oldValue }] of event.changes.keys) {
      const refusal = boardKeyRefusal(actor, key, action === 'delete' ? undefined : map.get(key))
      if (!refusal) continue
      this.repair(event.transaction.origin, refusal, () => (oldValue === undefined ? map.delete(key) : map.set(key, oldValue)))
    }
  }

  /** Commitment answers: a partner answers for their own organisation only (shared/board/commitment.ts). */
  private onCommitments = (event: Y.YMapEvent<unknown>): void => {
    const actor = this.options.actorOf(event.transaction.origin)
    if (!actor) return
    const map = event.target
    const round = this.doc.getMap(DocKeys.board).get(BoardMapKeys.commitment)
    for (const [key, { action, oldValue }] of event.changes.keys) {
      const refusal = commitmentRefusal(actor, key, action === 'delete' ? undefined : map.get(key), round)
      if (!refusal) continue
      this.repair(event.transaction.origin, refusal, () => (oldValue === undefined ? map.delete(key) : map.set(key, oldValue)))
    }
  }

  /** Organisations, people and votes: written by the server only, so any client change goes back. */
  private serverMapObservers = (Object.keys(docTypeRules) as (keyof typeof docTypeRules)[])
    .filter((name) => docTypeRules[name] === 'server')
    .map((name) => [name, (event: Y.YMapEvent<unknown>) => this.onServerMap(name, event)] as const)

  private onServerMap(name: string, event: Y.YMapEvent<unknown>): void {
    if (!this.options.actorOf(event.transaction.origin)) return
    const map = event.target
    for (const [key, { oldValue }] of event.changes.keys) {
      this.repair(event.transaction.origin, `"${name}" is written by the server only`, () => (oldValue === undefined ? map.delete(key) : map.set(key, oldValue)))
    }
  }

  /**
   * Content outside the board's layout: a top-level type nobody reads, list items in a map or map entries
   * in the records list. Invisible to pages, but stored and sent to every newcomer: removed.
   */
  private onTransaction = (transaction: Y.Transaction): void => {
    if (!this.options.actorOf(transaction.origin)) return
    for (const [name, type] of this.doc.share) {
      const changed = transaction.changed.get(type)
      if (!changed) continue
      const kind = KNOWN_ROOTS.get(name)
      const strayList = kind !== 'list' && changed.has(null)
      const strayMap = kind !== 'map' && [...changed].some((k) => k !== null)
      if (!strayList && !strayMap) continue
      this.repair(transaction.origin, `content outside the board's layout ("${name.slice(0, 40)}")`, () => {
        const tr = this.doc._transaction!
        if (strayList) for (let item = type._start; item !== null; item = item.right) if (!item.deleted) item.delete(tr)
        if (strayMap) for (const item of type._map.values()) if (!item.deleted) item.delete(tr)
      })
    }
  }
}
