/**
 * Placing a note from a board's plain tldraw records (no tldraw, no browser): the template frames on the
 * board in reading order, a free spot in a zone or near a point, and a complete note record. The canvas,
 * the list view and the reveal of private notes all place notes through here, so a note lands the same
 * way whichever screen it was written on.
 */
import { generateKeyBetween } from 'jittered-fractional-indexing'
import type { Language } from '../i18n/index.ts'
import type { AuthorMeta } from '../protocol.ts'
import { PRIVATE_META_KEY } from '../protocol.ts'
import { readingOrder, rectsOverlap, toFrameLocal, type FramePlacement, type Point, type Rect } from '../templates/geometry.ts'
import { templateMetaOf } from '../templates/instance.ts'
import { findFreeSpot, templates, type TemplateDefinition, type TemplateKind, type Zone } from '../templates/index.ts'
import type { TemplateOnBoard } from './minutes.ts'
import { isShape, NOTE_SIZE, type ShapeRecordLike } from './notes.ts'
import { plainToRichText } from './richText.ts'

/** A template frame on the board, with where it lies on the page. */
export interface BoardFrame extends TemplateOnBoard {
  kind: TemplateKind
  placement: FramePlacement
}

type ShapeLike = ShapeRecordLike

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function definitionOf(kind: TemplateKind): TemplateDefinition<unknown> {
  return templates[kind] as TemplateDefinition<unknown>
}

/** The template frames that sit on the page, in reading order (as the minutes list them): stable between visits. */
export function templateFramesOn(records: Iterable<unknown>): BoardFrame[] {
  const frames: BoardFrame[] = []
  for (const record of records) {
    if (!isShape(record) || record.type !== 'frame' || !record.parentId.startsWith('page:')) continue
    const meta = templateMetaOf(record.meta)
    if (!meta || !(meta.kind in templates)) continue
    const w = Number(record.props.w) || 0
    const h = Number(record.props.h) || 0
    frames.push({
      id: record.id,
      kind: meta.kind,
      name: String(record.props.name ?? ''),
      params: meta.params,
      size: { w, h },
      placement: { x: record.x, y: record.y, rotation: record.rotation, w, h },
    })
  }
  return readingOrder(
    frames.sort((a, b) => a.id.localeCompare(b.id)),
    (f) => f.placement,
  )
}

/** The zones of a template frame, in the exercise's order. */
export function zonesOf(frame: BoardFrame, language: Language): (Zone & { area: Rect })[] {
  return definitionOf(frame.kind).layout(frame.params, frame.size, language).zones
}

function noteSide(shape: ShapeLike): number {
  const scale = typeof shape.props.scale === 'number' && shape.props.scale > 0 ? shape.props.scale : 1
  return NOTE_SIZE * scale
}

/** Frame-local rectangles of the notes directly inside a frame (`except` left out: the note being placed). */
function noteRectsIn(records: Iterable<unknown>, frameId: string, except?: string): Rect[] {
  const rects: Rect[] = []
  for (const record of records) {
    if (!isShape(record) || record.type !== 'note' || record.parentId !== frameId || record.id === except) continue
    const side = noteSide(record)
    const growY = typeof record.props.growY === 'number' ? record.props.growY : 0
    rects.push({ x: record.x, y: record.y, w: side, h: side + growY * (side / NOTE_SIZE) })
  }
  return rects
}

export interface NoteSpot {
  parentId: string
  x: number
  y: number
  /** The note's scale: smaller than 1 when the zone had no room left for a full-size note. */
  scale: number
  /** No free room even for the smallest note: it lies over another one. */
  full: boolean
}

/** A free spot for a new note in a zone of a template frame (null if the zone is not on that frame). */
export function spotInZone(records: Iterable<unknown>, frame: BoardFrame, zoneId: string, language: Language, except?: string): NoteSpot | null {
  const definition = definitionOf(frame.kind)
  const zone = zonesOf(frame, language).find((z) => z.id === zoneId)
  if (!zone) return null
  const spot = findFreeSpot({
    frame: frame.size,
    area: zone.area,
    note: { w: NOTE_SIZE, h: NOTE_SIZE },
    occupied: noteRectsIn(records, frame.id, except),
    inZone: (p) => definition.zoneAt(frame.params, frame.size, p, language)?.id === zoneId,
  })
  return { parentId: frame.id, x: spot.position.x, y: spot.position.y, scale: spot.scale, full: spot.overlaps }
}

/** Page rectangles of everything a loose note should not cover: notes and free drawings, not template frames or their drawing. */
function takenOnPage(records: Iterable<unknown>, except?: string): Rect[] {
  const list = [...records].filter(isShape)
  const byId = new Map(list.map((s) => [s.id, s]))
  const pageOrigin = (shape: ShapeLike): Point => {
    const parent = byId.get(shape.parentId)
    if (!parent) return { x: shape.x, y: shape.y }
    const origin = pageOrigin(parent)
    const cos = Math.cos(parent.rotation)
    const sin = Math.sin(parent.rotation)
    return { x: origin.x + shape.x * cos - shape.y * sin, y: origin.y + shape.x * sin + shape.y * cos }
  }
  const rects: Rect[] = []
  for (const shape of list) {
    if (shape.id === except || shape.type !== 'note') continue
    const at = pageOrigin(shape)
    rects.push({ x: at.x, y: at.y, w: noteSide(shape), h: noteSide(shape) })
  }
  return rects
}

const LOOSE_GAP = 24

/**
 * Where a loose note goes: centred on `centre` (the middle of what the person sees), or else the nearest
 * free spot around it, never on another note. `within` (the visible part of the page) is tried first, so
 * the person sees the note they are typing.
 */
export function looseSpot(records: Iterable<unknown>, centre: Point, within?: Rect): NoteSpot {
  const taken = takenOnPage(records)
  const step = NOTE_SIZE + LOOSE_GAP
  const candidates: { x: number; y: number; d: number }[] = []
  for (let row = -8; row <= 8; row++) {
    for (let col = -8; col <= 8; col++) {
      const x = centre.x - NOTE_SIZE / 2 + col * step
      const y = centre.y - NOTE_SIZE / 2 + row * step
      const inView = !within || (x >= within.x && y >= within.y && x + NOTE_SIZE <= within.x + within.w && y + NOTE_SIZE <= within.y + within.h)
      candidates.push({ x, y, d: Math.hypot(col, row * 1.2) + (inView ? 0 : 100) })
    }
  }
  candidates.sort((a, b) => a.d - b.d)
  for (const c of candidates) {
    const padded = { x: c.x - LOOSE_GAP / 2, y: c.y - LOOSE_GAP / 2, w: NOTE_SIZE + LOOSE_GAP, h: NOTE_SIZE + LOOSE_GAP }
    if (!taken.some((t) => rectsOverlap(padded, t))) return { parentId: 'page:page', x: c.x, y: c.y, scale: 1, full: false }
  }
  return { parentId: 'page:page', x: centre.x - NOTE_SIZE / 2, y: centre.y - NOTE_SIZE / 2, scale: 1, full: true }
}

/**
 * A free spot for a note that is about to appear (a private note being revealed, a note brought in):
 * where it is when that place is free, else the nearest free spot in the same zone, else near its place.
 */
export function respot(records: Iterable<unknown>, note: { id: string; parentId: string; x: number; y: number; scale: number }, language: Language): NoteSpot | null {
  const all = [...records]
  const side = NOTE_SIZE * note.scale
  const frame = templateFramesOn(all).find((f) => f.id === note.parentId)
  if (frame) {
    const mine = { x: note.x, y: note.y, w: side, h: side }
    if (!noteRectsIn(all, frame.id, note.id).some((r) => rectsOverlap(r, mine))) return null
    const zone = definitionOf(frame.kind).zoneAt(frame.params, frame.size, { x: note.x + side / 2, y: note.y + side / 2 }, language)
    return zone ? spotInZone(all, frame, zone.id, language, note.id) : null
  }
  if (!note.parentId.startsWith('page:')) return null
  const mine = { x: note.x, y: note.y, w: side, h: side }
  if (!takenOnPage(all, note.id).some((r) => rectsOverlap(r, mine))) return null
  return looseSpot(
    all.filter((r) => !isObject(r) || r.id !== note.id),
    { x: note.x + side / 2, y: note.y + side / 2 },
  )
}

/** The page point at the middle of a zone's roomiest area (e.g. to show that zone on screen). */
export function zoneCentreOnPage(frame: BoardFrame, zone: { area: Rect }): Point {
  const local = { x: zone.area.x + zone.area.w / 2, y: zone.area.y + zone.area.h / 2 }
  const cos = Math.cos(frame.placement.rotation)
  const sin = Math.sin(frame.placement.rotation)
  return { x: frame.placement.x + local.x * cos - local.y * sin, y: frame.placement.y + local.x * sin + local.y * cos }
}

/** The template frame (and zone) under a page point, e.g. the middle of what the facilitator sees. */
export function placeAt(frames: BoardFrame[], point: Point, language: Language): { frame: BoardFrame; zone: Zone | null } | null {
  for (const frame of frames) {
    const local = toFrameLocal(frame.placement, point)
    if (local.x < 0 || local.y < 0 || local.x > frame.size.w || local.y > frame.size.h) continue
    return { frame, zone: definitionOf(frame.kind).zoneAt(frame.params, frame.size, local, language) }
  }
  return null
}

/** An index above every sibling's, so the new note lies on top. */
function indexAbove(records: Iterable<unknown>, parentId: string): string {
  let top: string | null = null
  for (const record of records) {
    if (!isShape(record) || record.parentId !== parentId || typeof record.index !== 'string') continue
    if (top === null || record.index > top) top = record.index
  }
  try {
    return generateKeyBetween(top, null)
  } catch {
    // A sibling with a malformed index (the server removes those): start a fresh range.
    return generateKeyBetween(null, null)
  }
}

/** tldraw 5's default note props (a record without one of them fails tldraw's schema check). */
export const NOTE_PROPS = {
  color: 'yellow',
  labelColor: 'black',
  size: 'm',
  font: 'draw',
  fontSizeAdjustment: 0,
  align: 'middle',
  verticalAlign: 'middle',
  growY: 0,
  url: '',
  scale: 1,
  textFirstEditedBy: null,
  richText: plainToRichText(''),
} as const

export interface NewNote {
  id: string
  spot: NoteSpot
  text: string
  colour: string
  author: AuthorMeta
  /** Set while a private round is open: the note stays in this browser until the reveal. */
  privateRound?: string
}

/** A complete tldraw 5 note record (every prop tldraw's schema wants), as the canvas would write it. */
export function noteRecord(records: Iterable<unknown>, note: NewNote) {
  return {
    id: note.id,
    typeName: 'shape' as const,
    type: 'note' as const,
    x: note.spot.x,
    y: note.spot.y,
    rotation: 0,
    parentId: note.spot.parentId,
    index: indexAbove(records, note.spot.parentId),
    isLocked: false,
    opacity: 1,
    props: { ...NOTE_PROPS, color: note.colour, scale: note.spot.scale, richText: plainToRichText(note.text) },
    meta: {
      authorId: note.author.authorId,
      author: note.author.author,
      organisation: note.author.organisation,
      createdAt: note.author.createdAt ?? new Date().toISOString(),
      ...(note.privateRound ? { [PRIVATE_META_KEY]: note.privateRound } : {}),
    },
  }
}

/** A new shape id as tldraw makes them (`shape:` and a random id). */
export function newShapeId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15))
  return `shape:${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')}`
}
