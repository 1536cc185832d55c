/**
 * Reads the notes of a board from its plain tldraw records (no tldraw, no browser): text, author, and
 * for notes inside a template frame the template and the zone. The notes API and the minutes use this.
 */
import type { Language } from '../i18n/index.ts'
import type { AuthorMeta } from '../protocol.ts'
import { templates, type TemplateDefinition, type Zone } from '../templates/index.ts'
import { toFrameLocal, type FramePlacement, type Point } from '../templates/geometry.ts'
import { templateMetaOf, type TemplateInstanceMeta } from '../templates/instance.ts'
import { richTextToPlain } from './richText.ts'

/** The fields of a tldraw shape record this reader uses. */
export interface ShapeRecordLike {
  id: string
  typeName: 'shape'
  type: string
  x: number
  y: number
  rotation: number
  parentId: string
  index?: string
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

export interface NoteReport {
  id: string
  text: string
  author: string | null
  organisation: string | null
  /** ISO 8601, or null for notes made before this was recorded. */
  createdAt: string | null
  /** The template frame the note lies in, or null for a loose note. */
  template: { id: string; kind: string; name: string } | null
  /** The zone within that template, or null (loose note, or a spot of the frame without a zone). */
  zone: Zone | null
}

/** tldraw's default note size before scaling. */
export const NOTE_SIZE = 200

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/** A shape record with every field the readers of the board use (boards may hold older or broken ones: skipped). */
export function isShape(record: unknown): record is ShapeRecordLike {
  if (!isObject(record) || record.typeName !== 'shape') return false
  const r = record as Record<string, unknown>
  return (
    typeof r.id === 'string' &&
    typeof r.type === 'string' &&
    typeof r.parentId === 'string' &&
    [r.x, r.y, r.rotation].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    isObject(r.props) &&
    isObject(r.meta)
  )
}

interface Placement {
  x: number
  y: number
  rotation: number
}

/** The facilitator's names for people (the board map's `displayNames`), read defensively. */
export function displayNamesFrom(value: unknown): Readonly<Record<string, string>> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''))
}

/**
 * `displayNames`: author id → the name the facilitator gave that person; it replaces the typed name, as
 * on screen, so the notes API, the CSV and the minutes say what the board says.
 */
export function collectNotes(
  records: Iterable<unknown>,
  language: Language,
  displayNames: Readonly<Record<string, string>> = {},
  /** Told of every record that looks like a note but cannot be read; it is left out. */
  onSkipped: (id: string, problem: string) => void = () => {},
): NoteReport[] {
  const shapes = new Map<string, ShapeRecordLike>()
  for (const r of records) {
    if (isShape(r)) shapes.set(r.id, r)
    else if (isObject(r) && r.typeName === 'shape') onSkipped(String(r.id).slice(0, 80), 'not a complete shape record')
  }

  // Page placement of a shape: its parents' transforms applied in turn (tldraw keeps child positions
  // relative to the parent, rotated with it).
  const placements = new Map<string, Placement>()
  const placementOf = (shape: ShapeRecordLike, depth = 0): Placement => {
    const known = placements.get(shape.id)
    if (known) return known
    const parent = shapes.get(shape.parentId)
    let result: Placement
    if (!parent || depth > 50) result = { x: shape.x, y: shape.y, rotation: shape.rotation }
    else {
      const p = placementOf(parent, depth + 1)
      const cos = Math.cos(p.rotation)
      const sin = Math.sin(p.rotation)
      result = { x: p.x + shape.x * cos - shape.y * sin, y: p.y + shape.x * sin + shape.y * cos, rotation: p.rotation + shape.rotation }
    }
    placements.set(shape.id, result)
    return result
  }

  const templateFrames = [...shapes.values()]
    .map((shape) => ({ shape, meta: templateMetaOf(shape.meta) }))
    .filter((f): f is { shape: ShapeRecordLike; meta: TemplateInstanceMeta } => f.shape.type === 'frame' && !!f.meta && f.meta.kind in templates)

  const frameOf = (note: ShapeRecordLike) => {
    // The nearest ancestor that is a template frame.
    for (let parent = shapes.get(note.parentId), depth = 0; parent && depth < 50; parent = shapes.get(parent.parentId), depth++) {
      const found = templateFrames.find((f) => f.shape.id === parent!.id)
      if (found) return found
    }
    return null
  }

  const notes: NoteReport[] = []
  for (const shape of shapes.values()) {
    if (shape.type !== 'note') continue
    try {
      notes.push(readNote(shape))
    } catch (error) {
      onSkipped(shape.id, String(error).slice(0, 200))
    }
  }
  return notes

  function readNote(shape: ShapeRecordLike): NoteReport {
    const meta = shape.meta as Partial<AuthorMeta>
    const frame = frameOf(shape)
    let zone: Zone | null = null
    if (frame) {
      const scale = typeof shape.props.scale === 'number' ? shape.props.scale : 1
      const half = (NOTE_SIZE * scale) / 2
      const place = placementOf(shape)
      const cos = Math.cos(place.rotation)
      const sin = Math.sin(place.rotation)
      const centre: Point = { x: place.x + half * cos - half * sin, y: place.y + half * sin + half * cos }
      const f = placementOf(frame.shape)
      const placement: FramePlacement = {
        ...f,
        w: Number(frame.shape.props.w) || 0,
        h: Number(frame.shape.props.h) || 0,
      }
      const definition = templates[frame.meta.kind] as TemplateDefinition<unknown>
      zone = definition.zoneAt(frame.meta.params, placement, toFrameLocal(placement, centre), language)
    }
    return {
      id: shape.id,
      text: richTextToPlain(shape.props.richText ?? shape.props.text),
      author: typeof meta.author === 'string' ? (typeof meta.authorId === 'string' && displayNames[meta.authorId]) || meta.author : null,
      organisation: typeof meta.organisation === 'string' ? meta.organisation : null,
      createdAt: typeof meta.createdAt === 'string' ? meta.createdAt : null,
      template: frame ? { id: frame.shape.id, kind: frame.meta.kind, name: String(frame.shape.props.name ?? '') } : null,
      zone,
    }
  }
}
