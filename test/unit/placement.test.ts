/** Where notes land: never on top of each other, inside the zone that was chosen, smaller when a zone fills. */
import { describe, expect, it } from 'vitest'
import { noteRecord, looseSpot, respot, spotInZone, templateFramesOn, type NoteSpot } from '../../shared/board/placeNote.ts'
import { NOTE_SIZE } from '../../shared/board/notes.ts'
import { collectNotes } from '../../shared/board/notes.ts'
import { iceberg } from '../../shared/templates/iceberg/index.ts'
import { coalitionVenn } from '../../shared/templates/coalition-venn/index.ts'
import { rectsOverlap, type Rect } from '../../shared/templates/geometry.ts'
import { frameRecord } from '../helpers/records.ts'

const author = { authorId: 'a1', author: 'Anne', organisation: 'Gemeente Utrecht' }

function rectOf(record: { x: number; y: number; props: { scale: number } }): Rect {
  return { x: record.x, y: record.y, w: NOTE_SIZE * record.props.scale, h: NOTE_SIZE * record.props.scale }
}

function place(records: unknown[], spot: NoteSpot, i: number) {
  const record = noteRecord(records, { id: `shape:n${i}`, spot, text: `notitie ${i}`, colour: 'blue', author })
  records.push(record)
  return record
}

describe('placing notes in a zone', () => {
  it('forty notes in one band of the iceberg: all in that band, none overlapping, smaller once it fills, then "full"', () => {
    const frame = frameRecord('shape:ice', 'iceberg', iceberg.defaultParams('nl'), { x: 100, y: 50, ...iceberg.defaultSize })
    const records: unknown[] = [frame]
    const [board] = templateFramesOn(records)
    const zoneId = 'below.values'
    const spots: NoteSpot[] = []
    for (let i = 0; i < 40; i++) {
      const spot = spotInZone(records, board, zoneId, 'nl')!
      spots.push(spot)
      if (spot.full) break
      place(records, spot, i)
    }
    const notes = records.slice(1) as ReturnType<typeof noteRecord>[]
    expect(notes.length).toBeGreaterThan(5)
    for (const [i, a] of notes.entries()) {
      for (const b of notes.slice(i + 1)) expect(rectsOverlap(rectOf(a), rectOf(b)), `${a.id} and ${b.id}`).toBe(false)
    }
    // The minutes read every one of them in the chosen zone.
    expect(new Set(collectNotes(records, 'nl').map((n) => n.zone?.id))).toEqual(new Set([zoneId]))
    // Full-size first; the spacing then comes from smaller notes, not from piling them up.
    expect(notes[0].props.scale).toBe(1)
    expect(Math.min(...notes.map((n) => n.props.scale))).toBeLessThan(1)
    expect(spots.at(-1)!.full).toBe(true)
  })

  it('the notes of the coalition Venn land in their own lens of the diagram, even the narrow ones', () => {
    const params = coalitionVenn.defaultParams('nl')
    const frame = frameRecord('shape:venn', 'coalition-venn', params, { x: 0, y: 0, ...coalitionVenn.defaultSize })
    const records: unknown[] = [frame]
    const [board] = templateFramesOn(records)
    const zones = coalitionVenn.layout(params, board.size, 'nl').zones
    for (const [i, zone] of zones.entries()) {
      for (let k = 0; k < 2; k++) place(records, spotInZone(records, board, zone.id, 'nl')!, i * 10 + k)
    }
    const read = collectNotes(records, 'nl')
    for (const zone of zones) expect(read.filter((n) => n.zone?.id === zone.id).length, zone.id).toBe(2)
    const notes = records.slice(1) as ReturnType<typeof noteRecord>[]
    for (const [i, a] of notes.entries()) for (const b of notes.slice(i + 1)) expect(rectsOverlap(rectOf(a), rectOf(b))).toBe(false)
  })
})

describe('a note about to appear (a reveal, a file brought in)', () => {
  it('two private notes written on the same spot: the second is moved to free room in the same zone', () => {
    const frame = frameRecord('shape:ice', 'iceberg', iceberg.defaultParams('nl'), { x: 0, y: 0, ...iceberg.defaultSize })
    const records: unknown[] = [frame]
    const [board] = templateFramesOn(records)
    const spot = spotInZone(records, board, 'above.ambition', 'nl')!
    const first = place(records, spot, 1)
    expect(respot(records, { ...first, parentId: first.parentId, scale: 1 }, 'nl')).toBeNull()
    const second = noteRecord(records, { id: 'shape:n2', spot, text: 'ook hier', colour: 'red', author })
    const moved = respot(records, { ...second, scale: 1 }, 'nl')!
    expect(moved).not.toBeNull()
    expect(rectsOverlap({ x: moved.x, y: moved.y, w: 200 * moved.scale, h: 200 * moved.scale }, rectOf(first))).toBe(false)
    records.push({ ...second, x: moved.x, y: moved.y })
    expect(collectNotes(records, 'nl').map((n) => n.zone?.id)).toEqual(['above.ambition', 'above.ambition'])
  })

  it('loose notes: in view when there is room, never on another note', () => {
    const records: unknown[] = []
    const view = { x: -200, y: -300, w: 390, h: 700 }
    for (let i = 0; i < 12; i++) {
      const spot = looseSpot(records, { x: 0, y: 0 }, view)
      expect(spot.full).toBe(false)
      place(records, spot, i)
    }
    const notes = records as ReturnType<typeof noteRecord>[]
    // The phone's view holds two notes one above the other: the first two are there.
    for (const n of notes.slice(0, 2)) expect(n.x >= view.x && n.x + 200 <= view.x + view.w).toBe(true)
    for (const [i, a] of notes.entries()) for (const b of notes.slice(i + 1)) expect(rectsOverlap(rectOf(a), rectOf(b))).toBe(false)
  })
})
