/**
 * A board's history: which versions to keep as they age, what a version holds, and setting the live
 * board to a version's state as a forward change (never by swapping stored data), so that laptops that
 * come back online later merge into the restored board instead of bringing the old one back.
 */
import * as Y from 'yjs'
import { KeyValueArray } from '../shared/board/keyValue.ts'
import type { KeyValueEntry } from '../shared/board/records.ts'
import { RESTORED_BOARD_KEYS } from '../shared/board/rules.ts'
import { BoardMapKeys, DocKeys, type VersionDetail, type VersionInfo } from '../shared/protocol.ts'
import type { StoredVersion } from './store/types.ts'
import { prepareBoardDoc } from './tldrawSchema.ts'

type Json = Record<string, unknown>

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/**
 * The versions to delete so that what is left is every version of the last day, one per hour for the
 * week before, and one per day before that: the newest of each hour or day, the state it ended in.
 * Versions the facilitator saved by hand (often with a name) are kept whatever their age.
 */
export function versionsToThin(versions: readonly Pick<StoredVersion, 'id' | 'createdAt' | 'kind'>[], now: number): number[] {
  const newestFirst = [...versions].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)
  const taken = new Set<string>()
  const thin: number[] = []
  for (const version of newestFirst) {
    const at = Date.parse(version.createdAt)
    const age = now - at
    if (age < DAY_MS) continue
    const bucket = age < 7 * DAY_MS ? `hour ${Math.floor(at / HOUR_MS)}` : `day ${Math.floor(at / DAY_MS)}`
    if (taken.has(bucket) && version.kind !== 'manual') thin.push(version.id)
    taken.add(bucket)
  }
  return thin.sort((a, b) => a - b)
}

/** Notes among a board's records (what the history lists per version). */
export function countNotes(records: Iterable<Json>): number {
  let notes = 0
  for (const record of records) if (record.typeName === 'shape' && record.type === 'note') notes++
  return notes
}

/** The API's view of a stored version. */
export function versionInfo(version: StoredVersion): VersionInfo {
  return {
    id: version.id,
    createdAt: version.createdAt,
    kind: version.kind,
    name: version.name,
    notes: version.notes,
    organisations: Object.entries(version.changes)
      .map(([organisation, changes]) => ({ organisation: organisation || null, changes }))
      .sort((a, b) => b.changes - a.changes || (a.organisation ?? '').localeCompare(b.organisation ?? '', 'nl')),
  }
}

/** A version's document, brought up to this server's tldraw schema (a version may predate an upgrade). */
/** A version this server cannot read: written by a newer tldraw (after a downgrade), or beyond repair. */
export class UnreadableVersionError extends Error {
  constructor(readonly why: 'newer' | 'unmigratable') {
    super(`the version cannot be read by this server (${why})`)
  }
}

export function openVersion(snapshot: Uint8Array): { doc: Y.Doc; records: KeyValueArray<Json> } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, snapshot)
  const records = new KeyValueArray<Json>(doc.getArray(DocKeys.records))
  const prepared = doc.transact(() => prepareBoardDoc(doc, records))
  if (prepared === 'newer' || prepared === 'unmigratable') {
    records.destroy()
    doc.destroy()
    throw new UnreadableVersionError(prepared)
  }
  return { doc, records }
}

/** The version's records and settings, for a read-only preview. */
export function versionDetail(version: StoredVersion, snapshot: Uint8Array): VersionDetail {
  const { doc, records } = openVersion(snapshot)
  try {
    const settings = doc.getMap<unknown>(DocKeys.board).toJSON()
    // tldraw's schema is for the server; the page has its own.
    delete settings[BoardMapKeys.schema]
    return { ...versionInfo(version), records: [...records.map.values()].map((entry) => entry.val), settings }
  } finally {
    records.destroy()
    doc.destroy()
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Sets the live board to the version's records and restorable settings: records not in the version go,
 * the version's records are written where they differ, identical ones are left alone (an offline
 * laptop's edit of one of them still merges). Call inside one transaction of the server's own.
 * Returns how many records changed.
 */
export function applyVersion(liveDoc: Y.Doc, liveRecords: KeyValueArray<Json>, version: { doc: Y.Doc; records: KeyValueArray<Json> }): number {
  const target = version.records.map
  const stale = new Set<unknown>()
  const fresh: KeyValueEntry<Json>[] = []
  let changed = 0
  for (const [key, entry] of liveRecords.map) {
    const wanted = target.get(key)
    if (wanted && sameJson(entry.val, wanted.val)) continue
    stale.add(entry)
    if (wanted) fresh.push({ key, val: wanted.val })
    changed++
  }
  for (const [key, entry] of target) {
    if (liveRecords.map.has(key)) continue
    fresh.push({ key, val: entry.val })
    changed++
  }
  // One delete and one push, not a set() per record: on a board of thousands of notes each set() walks the array.
  liveRecords.deleteValues((value) => stale.has(value))
  if (fresh.length > 0) liveRecords.yarray.push(fresh)

  const liveBoard = liveDoc.getMap<unknown>(DocKeys.board)
  const versionBoard = version.doc.getMap<unknown>(DocKeys.board)
  for (const key of RESTORED_BOARD_KEYS) {
    const wanted = versionBoard.get(key)
    if (sameJson(liveBoard.get(key), wanted)) continue
    if (wanted === undefined) liveBoard.delete(key)
    else liveBoard.set(key, wanted)
  }
  // The organisations' commitment answers are the board's content too.
  const liveAnswers = liveDoc.getMap<unknown>(DocKeys.commitments)
  const versionAnswers = version.doc.getMap<unknown>(DocKeys.commitments)
  for (const key of [...liveAnswers.keys()]) if (!versionAnswers.has(key)) liveAnswers.delete(key)
  for (const [key, wanted] of versionAnswers) if (!sameJson(liveAnswers.get(key), wanted)) liveAnswers.set(key, wanted)
  return changed
}
