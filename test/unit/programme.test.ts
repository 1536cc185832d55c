/** The programme of a session: its order and times (shared/board/programme.ts) and the facilitator's programme actions on a bare Y.Doc. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addPart,
  movePartBy,
  readProgramme,
  removePart,
  renamePart,
  setPartFrame,
  setPartMinutes,
  setUpDefaultProgramme,
  startNextPart as startNextPartOnBoard,
  startPart,
  writeProgramme,
} from '../../client/facilitator/programme/actions.ts'
import { programmeStatus } from '../../client/facilitator/programme/status.ts'
import {
  currentPart,
  defaultProgramme,
  goToPart,
  isProgramme,
  movePart,
  newPart,
  nextPartOf,
  partTitle,
  partTookMs,
  startNextPart,
  type Programme,
} from '../../shared/board/programme.ts'
import { boardKeyRefusal } from '../../shared/board/rules.ts'
import { BoardMapKeys, DocKeys, type Summon } from '../../shared/protocol.ts'
import { MINUTE, remainingMs, type TimerState } from '../../shared/timer.ts'

const facilitator = { role: 'facilitator', authorId: null, name: '', organisation: '' } as const

/** Three parts: a, b (with frames) and c. */
function programme(): Programme {
  return {
    parts: [
      { ...newPart('a', 'Kennismaken', 10) },
      { ...newPart('b', 'IJsberg', 25), frameIds: ['shape:iceberg', 'shape:house'] },
      { ...newPart('c', 'Afspraken', 15) },
    ],
    currentId: null,
  }
}

describe('the programme: order and durations', () => {
  it('starts with the first part, moves on part by part, and is done after the last', () => {
    let p = programme()
    expect(nextPartOf(p)?.id).toBe('a')
    p = startNextPart(p, 1_000)
    expect(currentPart(p)?.id).toBe('a')
    expect(p.parts[0]).toMatchObject({ startedAt: 1_000, endedAt: null })
    p = startNextPart(p, 1_000 + 12 * MINUTE)
    expect(currentPart(p)?.id).toBe('b')
    expect(p.parts[0].endedAt).toBe(1_000 + 12 * MINUTE)
    expect(partTookMs(p.parts[0], 99 * MINUTE)).toBe(12 * MINUTE)
    // A running part counts up to now; a part not yet started has taken nothing.
    expect(partTookMs(p.parts[1], 1_000 + 20 * MINUTE)).toBe(8 * MINUTE)
    expect(partTookMs(p.parts[2], 1_000 + 20 * MINUTE)).toBeNull()
    p = startNextPart(p, 1_000 + 40 * MINUTE)
    expect(nextPartOf(p)).toBeNull()
    // Past the last part: it ends, nothing is current, and there is no next.
    p = startNextPart(p, 1_000 + 55 * MINUTE)
    expect(p.currentId).toBeNull()
    expect(p.parts[2]).toMatchObject({ startedAt: 1_000 + 40 * MINUTE, endedAt: 1_000 + 55 * MINUTE })
    expect(nextPartOf(p)).toBeNull()
    expect(programmeStatus(p)).toMatchObject({ kind: 'done', endedAt: 1_000 + 55 * MINUTE })
    expect(startNextPart(p, 1_000 + 60 * MINUTE)).toEqual(p)
  })

  it('jumping back to an earlier part starts it again from now and ends the current one', () => {
    let p = startNextPart(startNextPart(programme(), 0), 10 * MINUTE)
    p = goToPart(p, 'a', 30 * MINUTE)
    expect(currentPart(p)?.id).toBe('a')
    expect(p.parts[0]).toMatchObject({ startedAt: 30 * MINUTE, endedAt: null })
    expect(p.parts[1]).toMatchObject({ startedAt: 10 * MINUTE, endedAt: 30 * MINUTE })
    // The next part after the jump is the one after it in the order, not where the session had got to.
    expect(nextPartOf(p)?.id).toBe('b')
    // Going to the part already running changes nothing.
    expect(goToPart(p, 'a', 40 * MINUTE)).toEqual(p)
  })

  it('moves a part up and down; not past either end', () => {
    const p = programme()
    expect(movePart(p, 'c', -1).parts.map((x) => x.id)).toEqual(['a', 'c', 'b'])
    expect(movePart(p, 'a', 1).parts.map((x) => x.id)).toEqual(['b', 'a', 'c'])
    expect(movePart(p, 'a', -1)).toBe(p)
    expect(movePart(p, 'c', 1)).toBe(p)
    expect(movePart(p, 'nope', 1)).toBe(p)
  })

  it('the four parts of a verkenningsbijeenkomst, titled in the reader’s language', () => {
    let n = 0
    const p = defaultProgramme(() => `p${n++}`)
    expect(isProgramme(p)).toBe(true)
    expect(p.parts.map((x) => x.preset)).toEqual(['opening', 'central', 'concluding', 'closing'])
    expect(partTitle(p.parts[1], 'nl')).toBe('Centraal deel — belangen en behoeften')
    expect(partTitle(p.parts[1], 'en')).toBe('Central part — interests and needs')
    // A typed title wins; emptied, the preset's title comes back.
    expect(partTitle({ ...p.parts[1], title: 'Belangen' }, 'nl')).toBe('Belangen')
    expect(partTitle({ ...p.parts[1], title: '' }, 'nl')).toBe('Centraal deel — belangen en behoeften')
  })

  it('accepts a sound programme and refuses a broken one', () => {
    const ok = programme()
    expect(isProgramme(ok)).toBe(true)
    expect(isProgramme({ parts: [], currentId: null })).toBe(true)
    const parts = (count: number) => Array.from({ length: count }, (_, i) => newPart(`p${i}`, `Deel ${i}`))
    expect(isProgramme({ parts: parts(20), currentId: null })).toBe(true)
    expect(isProgramme({ parts: parts(21), currentId: null })).toBe(false)
    expect(isProgramme({ parts: [newPart('x', 'Een'), newPart('x', 'Twee')], currentId: null })).toBe(false)
    expect(isProgramme({ ...ok, currentId: 'elsewhere' })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], minutes: 0 }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], minutes: 181 }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], minutes: 180 }] })).toBe(true)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], minutes: 2.5 }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], frameIds: ['iceberg'] }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], frameIds: [42] }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], title: 'x'.repeat(121) }] })).toBe(false)
    expect(isProgramme({ ...ok, parts: [{ ...ok.parts[0], startedAt: -5 }] })).toBe(false)
    expect(isProgramme(null)).toBe(false)
    expect(isProgramme({ parts: 'a, b', currentId: null })).toBe(false)
  })
})

/** A bare board doc whose every write passes the server's rule. */
function board(initial: Programme | null = programme()) {
  const doc = new Y.Doc()
  const map = doc.getMap<unknown>(DocKeys.board)
  if (initial) map.set(BoardMapKeys.programme, initial)
  let transactions = 0
  doc.on('afterTransaction', () => transactions++)
  map.observe((event) => {
    for (const key of event.keysChanged) expect(boardKeyRefusal(facilitator, key, map.get(key))).toBeNull()
  })
  return {
    doc,
    map,
    transactions: () => transactions,
    timer: () => map.get(BoardMapKeys.timer) as TimerState | undefined,
    summon: () => map.get(BoardMapKeys.summon) as Summon | undefined,
  }
}

const frameBounds = {
  'shape:iceberg': { x: 0, y: 0, w: 2000, h: 1500 },
  'shape:house': { x: 2400, y: 100, w: 1600, h: 1600 },
  'shape:venn': { x: 0, y: 3000, w: 1000, h: 1000 },
}

describe('"Volgende onderdeel" on the board', () => {
  it('in one transaction: the programme moves on, the timer runs the part’s minutes, everyone goes to its frames', () => {
    const b = board()
    const now = 5_000_000
    expect(startNextPartOnBoard(b.doc, now, frameBounds)?.part?.id).toBe('a')
    // Part a has no frames: no jump.
    expect(b.summon()).toBeUndefined()
    expect(remainingMs(b.timer()!, now)).toBe(10 * MINUTE)

    const before = b.transactions()
    const started = startNextPartOnBoard(b.doc, now + 11 * MINUTE, frameBounds)
    expect(b.transactions() - before).toBe(1)
    expect(started?.part?.id).toBe('b')
    const p = readProgramme(b.doc)!
    expect(p.currentId).toBe('b')
    expect(p.parts[0].endedAt).toBe(now + 11 * MINUTE)
    expect(p.parts[1].startedAt).toBe(now + 11 * MINUTE)
    // The timer: running, with the part's 25 minutes from the moment it started.
    expect(b.timer()!.endsAt).toBe(now + 11 * MINUTE + 25 * MINUTE)
    expect(remainingMs(b.timer()!, now + 12 * MINUTE)).toBe(24 * MINUTE)
    // The jump: the union of the part's two frames, not the third one on the board.
    expect(b.summon()!.bounds).toEqual({ x: 0, y: 0, w: 4000, h: 1700 })
    expect(started?.bounds).toEqual({ x: 0, y: 0, w: 4000, h: 1700 })
  })

  it('no jump for a part without frames, nor for one whose frames are gone from the board', () => {
    const b = board({ ...programme(), parts: [newPart('a', 'Een', 5), { ...newPart('b', 'Twee', 5), frameIds: ['shape:deleted'] }] })
    startNextPartOnBoard(b.doc, 0, frameBounds)
    startNextPartOnBoard(b.doc, MINUTE, frameBounds)
    expect(readProgramme(b.doc)!.currentId).toBe('b')
    expect(b.summon()).toBeUndefined()
    expect(remainingMs(b.timer()!, MINUTE)).toBe(5 * MINUTE)
  })

  it('each jump is a new one, so partners who were brought there before are brought again', () => {
    const b = board()
    startPart(b.doc, 'b', 0, frameBounds)
    const first = b.summon()!.id
    startPart(b.doc, 'a', MINUTE, frameBounds)
    startPart(b.doc, 'b', 2 * MINUTE, frameBounds)
    expect(b.summon()!.id).not.toBe(first)
  })

  it('after the last part the programme is done; the timer is left as it was', () => {
    const b = board()
    startPart(b.doc, 'c', 0, frameBounds)
    const timer = b.timer()
    const started = startNextPartOnBoard(b.doc, 3 * MINUTE, frameBounds)
    expect(started).toEqual({ part: null, bounds: null })
    expect(readProgramme(b.doc)!.currentId).toBeNull()
    expect(readProgramme(b.doc)!.parts[2].endedAt).toBe(3 * MINUTE)
    expect(b.timer()).toEqual(timer)
  })

  it('without a programme nothing is written', () => {
    const b = board(null)
    expect(startNextPartOnBoard(b.doc, 0, frameBounds)).toBeNull()
    expect(b.map.size).toBe(0)
  })
})

describe('setting up the programme on the board', () => {
  it('the standard programme, then parts added, renamed, timed, given frames, moved and removed', () => {
    const b = board(null)
    expect(setUpDefaultProgramme(b.doc)).toBe(true)
    const four = readProgramme(b.doc)!
    expect(four.parts.map((p) => p.preset)).toEqual(['opening', 'central', 'concluding', 'closing'])
    const id = addPart(b.doc, 'Pauze', 10)!
    renamePart(b.doc, four.parts[1].id, 'Belangen en behoeften')
    setPartMinutes(b.doc, four.parts[1].id, 500)
    setPartFrame(b.doc, four.parts[1].id, 'shape:iceberg', true)
    setPartFrame(b.doc, four.parts[1].id, 'shape:iceberg', true)
    setPartFrame(b.doc, four.parts[1].id, 'shape:house', true)
    setPartFrame(b.doc, four.parts[1].id, 'shape:iceberg', false)
    movePartBy(b.doc, id, -1)
    const p = readProgramme(b.doc)!
    expect(p.parts[1]).toMatchObject({ title: 'Belangen en behoeften', minutes: 180, frameIds: ['shape:house'] })
    expect(p.parts.map((x) => x.id)).toEqual([four.parts[0].id, four.parts[1].id, four.parts[2].id, id, four.parts[3].id])
    removePart(b.doc, id)
    expect(readProgramme(b.doc)!.parts).toHaveLength(4)
  })

  it('removing the part in progress leaves the session between parts; a 21st part is not added', () => {
    const b = board()
    startPart(b.doc, 'b', 0, frameBounds)
    removePart(b.doc, 'b')
    expect(readProgramme(b.doc)).toMatchObject({ currentId: null })
    writeProgramme(b.doc, { parts: Array.from({ length: 20 }, (_, i) => newPart(`p${i}`, 'Deel')), currentId: null })
    expect(addPart(b.doc, 'Eén te veel')).toBeNull()
    expect(readProgramme(b.doc)!.parts).toHaveLength(20)
    // What the server would undo is not written at all.
    expect(writeProgramme(b.doc, { parts: Array.from({ length: 25 }, (_, i) => newPart(`q${i}`, 'Deel')), currentId: null })).toBe(false)
    expect(readProgramme(b.doc)!.parts).toHaveLength(20)
  })
})
