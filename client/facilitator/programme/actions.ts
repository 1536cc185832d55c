/**
 * The facilitator's programme actions, as plain functions of the board's Y.Doc (testable on a bare doc).
 * Every write goes through writeBoardSetting, so it is checked against the rule the server enforces.
 */
import * as Y from 'yjs'
import {
  clampMinutes,
  currentPart,
  defaultProgramme,
  goToPart,
  isProgramme,
  MAX_PARTS,
  movePart,
  newPart,
  nextPartOf,
  type Programme,
  type ProgrammePart,
} from '../../../shared/board/programme.ts'
import { BoardMapKeys, DocKeys, type Summon } from '../../../shared/protocol.ts'
import { setTimer, startTimer } from '../../../shared/timer.ts'
import { writeBoardSetting } from '../boardMap.ts'
import { newShortId } from '../../../shared/ids.ts'

export type Bounds = Summon['bounds']

/** A short random id for parts and jumps. */
export const newProgrammeId = newShortId

export function readProgramme(doc: Y.Doc): Programme | null {
  const value = doc.getMap<unknown>(DocKeys.board).get(BoardMapKeys.programme)
  return isProgramme(value) ? value : null
}

export function writeProgramme(doc: Y.Doc, programme: Programme): boolean {
  return writeBoardSetting(doc, BoardMapKeys.programme, programme)
}

/** The smallest box around every one of `boxes`; null for none. */
export function unionOf(boxes: readonly Bounds[]): Bounds | null {
  if (boxes.length === 0) return null
  const left = Math.min(...boxes.map((b) => b.x))
  const top = Math.min(...boxes.map((b) => b.y))
  const right = Math.max(...boxes.map((b) => b.x + b.w))
  const bottom = Math.max(...boxes.map((b) => b.y + b.h))
  return { x: left, y: top, w: right - left, h: bottom - top }
}

/** Where a part's frames lie on the page: the union of those that are still on the board. */
export function partBounds(part: Pick<ProgrammePart, 'frameIds'>, frameBounds: Readonly<Record<string, Bounds>>): Bounds | null {
  return unionOf(part.frameIds.flatMap((id) => (frameBounds[id] ? [frameBounds[id]] : [])))
}

/** What starting a part set in motion, for the page to follow on its own screen. */
export interface PartStarted {
  part: ProgrammePart | null
  /** Where everyone was brought to; null when the part has no frames on the board. */
  bounds: Bounds | null
}

/**
 * Goes to the part `partId` (null: the programme is done) at `now` (server time), in one transaction:
 * the programme moves on, the timer starts with the part's minutes (as the timer's own start does), and
 * everyone is brought to the part's frames (`frameBounds`: the page bounds of the template frames on the
 * board, by shape id); no jump when the part has none. Returns null when nothing was written.
 */
export function startPart(doc: Y.Doc, partId: string | null, now: number, frameBounds: Readonly<Record<string, Bounds>>): PartStarted | null {
  const programme = readProgramme(doc)
  if (!programme) return null
  const next = goToPart(programme, partId, now)
  const part = currentPart(next)
  const bounds = part ? partBounds(part, frameBounds) : null
  let written = false
  doc.transact(() => {
    written = writeProgramme(doc, next)
    if (!written || !part) return
    writeBoardSetting(doc, BoardMapKeys.timer, startTimer(setTimer(part.minutes), now))
    if (bounds) writeBoardSetting(doc, BoardMapKeys.summon, { id: newProgrammeId(), bounds } satisfies Summon)
  })
  return written ? { part, bounds } : null
}

/** "Volgende onderdeel" ("Beginnen" before the first): the current part ends, the next one starts. */
export function startNextPart(doc: Y.Doc, now: number, frameBounds: Readonly<Record<string, Bounds>>): PartStarted | null {
  const programme = readProgramme(doc)
  if (!programme) return null
  return startPart(doc, nextPartOf(programme)?.id ?? null, now, frameBounds)
}

// -------------------------------------------------------------------------------------------------
// Setting up

/** A board from before the programme: the four parts of seed 003, or an empty programme. */
export function setUpDefaultProgramme(doc: Y.Doc): boolean {
  return writeProgramme(doc, defaultProgramme(newProgrammeId))
}

export function setUpEmptyProgramme(doc: Y.Doc): boolean {
  return writeProgramme(doc, { parts: [], currentId: null })
}

function change(doc: Y.Doc, update: (programme: Programme) => Programme): boolean {
  const programme = readProgramme(doc)
  return !!programme && writeProgramme(doc, update(programme))
}

/** A new part at the end; its id, or null when the programme is full. */
export function addPart(doc: Y.Doc, title: string, minutes = 15): string | null {
  const programme = readProgramme(doc)
  if (!programme || programme.parts.length >= MAX_PARTS) return null
  const id = newProgrammeId()
  return writeProgramme(doc, { ...programme, parts: [...programme.parts, newPart(id, title, minutes)] }) ? id : null
}

/** Removes a part; removing the one in progress leaves the session between parts. */
export function removePart(doc: Y.Doc, id: string): boolean {
  return change(doc, (p) => ({ parts: p.parts.filter((part) => part.id !== id), currentId: p.currentId === id ? null : p.currentId }))
}

function changePart(doc: Y.Doc, id: string, update: (part: ProgrammePart) => ProgrammePart): boolean {
  return change(doc, (p) => ({ ...p, parts: p.parts.map((part) => (part.id === id ? update(part) : part)) }))
}

/** The title as typed; a preset part keeps its preset, so it still has a name when the field is emptied. */
export function renamePart(doc: Y.Doc, id: string, title: string): boolean {
  return changePart(doc, id, (part) => ({ ...part, title }))
}

export function setPartMinutes(doc: Y.Doc, id: string, minutes: number): boolean {
  return changePart(doc, id, (part) => ({ ...part, minutes: clampMinutes(minutes) }))
}

/** Whether the part uses the template frame `frameId`. */
export function setPartFrame(doc: Y.Doc, id: string, frameId: string, uses: boolean): boolean {
  return changePart(doc, id, (part) => ({
    ...part,
    frameIds: uses ? (part.frameIds.includes(frameId) ? part.frameIds : [...part.frameIds, frameId]) : part.frameIds.filter((f) => f !== frameId),
  }))
}

export function movePartBy(doc: Y.Doc, id: string, delta: -1 | 1): boolean {
  return change(doc, (p) => movePart(p, id, delta))
}
