import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { KeyValueArray } from '../../shared/board/keyValue.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import type { StoredVersion } from '../../server/store/types.ts'
import { applyVersion, openVersion, versionInfo, versionsToThin } from '../../server/versions.ts'
import { prepareBoardDoc } from '../../server/tldrawSchema.ts'
import { noteRecord } from '../helpers/records.ts'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const now = Date.parse('2026-12-20T12:00:00.000Z')

function versionsEvery(stepMs: number, spanMs: number, kind: StoredVersion['kind'] = 'auto') {
  const list: Pick<StoredVersion, 'id' | 'createdAt' | 'kind'>[] = []
  for (let age = spanMs, id = 1; age >= 0; age -= stepMs, id++) list.push({ id, createdAt: new Date(now - age).toISOString(), kind })
  return list
}

describe('thinning out old versions', () => {
  it('keeps every version of the last day, one per hour for a week, one per day before that', () => {
    // A version every 5 minutes for 30 days.
    const all = versionsEvery(5 * 60 * 1000, 30 * DAY)
    const thin = new Set(versionsToThin(all, now))
    const kept = all.filter((v) => !thin.has(v.id))
    const age = (v: { createdAt: string }) => now - Date.parse(v.createdAt)
    expect(kept.filter((v) => age(v) < DAY)).toHaveLength(all.filter((v) => age(v) < DAY).length)
    const hourBuckets = new Set(kept.filter((v) => age(v) >= DAY && age(v) < 7 * DAY).map((v) => Math.floor(Date.parse(v.createdAt) / HOUR)))
    expect(kept.filter((v) => age(v) >= DAY && age(v) < 7 * DAY)).toHaveLength(hourBuckets.size)
    expect(hourBuckets.size).toBeGreaterThanOrEqual(6 * 24)
    const older = kept.filter((v) => age(v) >= 7 * DAY)
    expect(older).toHaveLength(new Set(older.map((v) => Math.floor(Date.parse(v.createdAt) / DAY))).size)
    expect(older.length).toBeGreaterThanOrEqual(22)
    // Far fewer than 8,641; the newest of each hour or day is the one kept.
    expect(kept.length).toBeLessThan(480)
    const lastOfAnHour = all.filter((v) => age(v) > 2 * DAY && age(v) < 3 * DAY).find((v) => new Date(v.createdAt).getUTCMinutes() === 55)!
    expect(thin.has(lastOfAnHour.id)).toBe(false)
  })

  it('thins nothing of a day-old workshop, and never a version saved by hand', () => {
    expect(versionsToThin(versionsEvery(5 * 60 * 1000, DAY - 1), now)).toEqual([])
    const manual = versionsEvery(10 * 60 * 1000, 3 * HOUR, 'manual').map((v) => ({ ...v, createdAt: new Date(Date.parse(v.createdAt) - 10 * DAY).toISOString() }))
    expect(versionsToThin(manual, now)).toEqual([])
  })

  it('lists which organisations changed most first, the facilitator as null', () => {
    const info = versionInfo({ id: 3, createdAt: '2026-12-20T10:42:00.000Z', kind: 'auto', name: null, notes: 7, changes: { Woonstichting: 2, 'Gemeente Utrecht': 5, '': 1 }, bytes: 100 })
    expect(info.organisations).toEqual([
      { organisation: 'Gemeente Utrecht', changes: 5 },
      { organisation: 'Woonstichting', changes: 2 },
      { organisation: null, changes: 1 },
    ])
  })
})

describe('applying a version to the live board', () => {
  function boardDoc() {
    const doc = new Y.Doc()
    const records = new KeyValueArray<Record<string, unknown>>(doc.getArray(DocKeys.records))
    // The document, page and schema a board always has (as the server sets them up).
    doc.transact(() => prepareBoardDoc(doc, records))
    return { doc, records }
  }

  it('removes what the version lacks, writes what differs and leaves identical records alone; settings and answers but not the running timer', () => {
    const live = boardDoc()
    const keep = noteRecord('shape:keep', 'Blijft', { x: 0, y: 0 })
    live.doc.transact(() => {
      live.records.set('shape:keep', keep)
      live.records.set('shape:changed', noteRecord('shape:changed', 'Nieuw', { x: 0, y: 300 }))
      live.records.set('shape:new', noteRecord('shape:new', 'Later geschreven', { x: 0, y: 600 }))
      live.doc.getMap(DocKeys.board).set(BoardMapKeys.displayNames, { a1: 'Anne de Vries' })
      live.doc.getMap(DocKeys.board).set(BoardMapKeys.timer, { durationMs: 60_000, remainingMs: 60_000, endsAt: null })
      live.doc.getMap(DocKeys.board).set(BoardMapKeys.agreements, { items: [], nextMeeting: { date: '2027-01-10', note: '' } })
      live.doc.getMap(DocKeys.commitments).set('gemeente utrecht', { level: 'joins', later: true })
      live.doc.getMap(DocKeys.commitments).set('ggd', { level: 'talk' })
    })
    const old = boardDoc()
    old.doc.transact(() => {
      old.records.set('shape:keep', keep)
      old.records.set('shape:changed', noteRecord('shape:changed', 'Oud', { x: 0, y: 300 }))
      old.records.set('shape:gone', noteRecord('shape:gone', 'Gewist', { x: 0, y: 900 }))
      old.doc.getMap(DocKeys.commitments).set('gemeente utrecht', { level: 'conditional' })
    })
    const keptItem = live.records.map.get('shape:keep')
    const version = openVersion(Y.encodeStateAsUpdate(old.doc))
    const changed = live.doc.transact(() => applyVersion(live.doc, live.records, version))
    expect(changed).toBe(3)
    const texts = Object.fromEntries([...live.records.map].filter(([k]) => k.startsWith('shape:')).map(([k, e]) => [k, JSON.stringify(e.val.props)]))
    expect(Object.keys(texts).sort()).toEqual(['shape:changed', 'shape:gone', 'shape:keep'])
    expect(texts['shape:changed']).toContain('Oud')
    // The identical record is the same entry as before: an offline edit of it still merges.
    expect(live.records.map.get('shape:keep')).toBe(keptItem)
    expect(live.doc.getMap(DocKeys.board).get(BoardMapKeys.displayNames)).toBeUndefined()
    expect(live.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements)).toBeUndefined()
    expect(live.doc.getMap(DocKeys.commitments).toJSON()).toEqual({ 'gemeente utrecht': { level: 'conditional' } })
    expect(live.doc.getMap(DocKeys.board).get(BoardMapKeys.timer)).toEqual({ durationMs: 60_000, remainingMs: 60_000, endsAt: null })
    // Applying it again changes nothing.
    expect(live.doc.transact(() => applyVersion(live.doc, live.records, version))).toBe(0)
    // The board holds exactly one entry per record.
    expect(live.doc.getArray(DocKeys.records).length).toBe(live.records.map.size)
  })
})
