/**
 * Templates on the canvas: a template is a tldraw frame (meta says which template and its parameters)
 * holding locked drawing shapes made from the shared layout. Placing, re-laying out (waterline down, a
 * partner added) and adding a note into a chosen zone all go through here.
 */
import {
  b64Vecs,
  createShapeId,
  toRichText,
  type Editor,
  type IndexKey,
  type JsonObject,
  type TLDefaultColorStyle,
  type TLShape,
  type TLShapeId,
  type TLShapePartial,
} from 'tldraw'
import type { Language } from '../../shared/i18n/index.ts'
import { NOTE_SIZE } from '../../shared/board/notes.ts'
import { spotInZone, templateFramesOn } from '../../shared/board/placeNote.ts'
import { findFreeSpot, templates, type DrawingPart, type Layout, type PartStyle, type TemplateDefinition, type TemplateKind, type Zone } from '../../shared/templates/index.ts'
import { PART_META_KEY, TEMPLATE_META_KEY, templateMetaOf, type TemplateInstanceMeta } from '../../shared/templates/instance.ts'
import { readingOrder, type Rect } from '../../shared/templates/geometry.ts'
import { shownFrameName, templateName } from '../../shared/templates/names.ts'

/** A drawing shape's meta (under PART_META_KEY): which template frame and which part of its layout it draws. */
interface PartMeta {
  frameId: TLShapeId
  partId: string
}

export { templateName }

function definitionOf(kind: TemplateKind): TemplateDefinition<unknown> {
  return templates[kind] as TemplateDefinition<unknown>
}

export interface TemplateFrame {
  frame: TLShape & { props: { w: number; h: number; name: string } }
  meta: TemplateInstanceMeta
}

/** Every template frame on the current page. */
export function templateFrames(editor: Editor): TemplateFrame[] {
  const frames: TemplateFrame[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    if (shape.type !== 'frame') continue
    const meta = templateMetaOf(shape.meta)
    if (meta && meta.kind in templates) frames.push({ frame: shape as TemplateFrame['frame'], meta })
  }
  return frames
}

export function templateFrame(editor: Editor, frameId: TLShapeId): TemplateFrame | null {
  return templateFrames(editor).find((f) => f.frame.id === frameId) ?? null
}

function partShapeId(frameId: TLShapeId, partId: string): TLShapeId {
  return createShapeId(`${frameId.replace(/^shape:/, '')}--${partId}`)
}

function styleProps(part: PartStyle) {
  return {
    color: part.colour as TLDefaultColorStyle,
    fill: part.fill,
    dash: part.dash ?? 'solid',
    size: part.stroke ?? 'm',
  }
}

/** One drawing part as a tldraw shape, positioned inside its frame. */
function partToShape(part: DrawingPart, frameId: TLShapeId): TLShapePartial {
  const base = {
    id: partShapeId(frameId, part.id),
    parentId: frameId,
    isLocked: true,
    meta: { [PART_META_KEY]: { frameId, partId: part.id } satisfies PartMeta as unknown as JsonObject },
  }
  switch (part.kind) {
    case 'rect':
    case 'ellipse':
      return {
        ...base,
        type: 'geo',
        x: part.rect.x,
        y: part.rect.y,
        props: { geo: part.kind === 'rect' ? 'rectangle' : 'ellipse', w: part.rect.w, h: part.rect.h, ...styleProps(part) },
      }
    case 'polygon': {
      const minX = Math.min(...part.points.map((p) => p.x))
      const minY = Math.min(...part.points.map((p) => p.y))
      const points = [...part.points, part.points[0]].map((p) => ({ x: p.x - minX, y: p.y - minY, z: 0.5 }))
      // A straight segment of a draw shape runs from its first point to its last: one per edge.
      const segments = points.slice(1).map((to, i) => ({ type: 'straight' as const, path: b64Vecs.encodePoints([points[i], to]) }))
      return {
        ...base,
        type: 'draw',
        x: minX,
        y: minY,
        props: { segments, isClosed: true, isComplete: true, ...styleProps(part) },
      }
    }
    case 'line':
      return {
        ...base,
        type: 'line',
        x: part.from.x,
        y: part.from.y,
        props: {
          size: part.stroke ?? 's',
          color: part.colour as TLDefaultColorStyle,
          dash: part.dash ?? 'solid',
          points: {
            a1: { id: 'a1', index: 'a1' as IndexKey, x: 0, y: 0 },
            a2: { id: 'a2', index: 'a2' as IndexKey, x: part.to.x - part.from.x, y: part.to.y - part.from.y },
          },
        },
      }
    case 'label':
      return {
        ...base,
        type: 'text',
        x: part.rect.x,
        y: part.rect.y,
        props: { richText: toRichText(part.text), w: part.rect.w, autoSize: false, textAlign: part.align, size: part.size, font: 'sans', color: 'black' },
      }
  }
}

/** Where to put a new template: in view, clear of the other templates. */
function freePlaceFor(editor: Editor, w: number, h: number): { x: number; y: number } {
  const view = editor.getViewportPageBounds()
  let x = view.center.x - w / 2
  const y = view.center.y - h / 2
  const others = templateFrames(editor).map((f) => editor.getShapePageBounds(f.frame.id)).filter((b) => !!b)
  const overlaps = () => others.some((b) => x < b.maxX + 100 && b.minX - 100 < x + w && y < b.maxY + 100 && b.minY - 100 < y + h)
  for (let i = 0; i < 50 && overlaps(); i++) x += w / 4
  return { x, y }
}

/** Places a template in its own frame, its drawing locked; returns the frame's id. */
export function placeTemplate(editor: Editor, kind: TemplateKind, language: Language, params?: unknown): TLShapeId {
  const definition = definitionOf(kind)
  const size = definition.defaultSize
  const chosen = params ?? definition.defaultParams(language)
  const frameId = createShapeId()
  const at = freePlaceFor(editor, size.w, size.h)
  const meta: TemplateInstanceMeta = { kind, version: 1, params: chosen }
  const sameKind = templateFrames(editor).filter((f) => f.meta.kind === kind).length
  editor.run(() => {
    editor.createShape({
      id: frameId,
      type: 'frame',
      x: at.x,
      y: at.y,
      props: { w: size.w, h: size.h, name: templateName(kind, language) + (sameKind > 0 ? ` ${sameKind + 1}` : '') },
      meta: { [TEMPLATE_META_KEY]: meta as unknown as JsonObject },
    })
    editor.createShapes(definition.layout(chosen, size, language).parts.map((part) => partToShape(part, frameId)))
  })
  editor.zoomToBounds(editor.getShapePageBounds(frameId)!, { animation: { duration: 300 }, inset: 90 })
  // Selected, so its controls (waterline, pillars, partners) are at hand at once.
  editor.select(frameId)
  return frameId
}

/** Local rectangle of a note that sits in the frame (directly or nested). */
export function notesInFrame(editor: Editor, frameId: TLShapeId): { shape: TLShape; rect: Rect }[] {
  const frameTransform = editor.getShapePageTransform(frameId)
  const inverse = frameTransform.clone().invert()
  const result: { shape: TLShape; rect: Rect }[] = []
  for (const id of editor.getShapeAndDescendantIds([frameId])) {
    const shape = editor.getShape(id)
    if (!shape || shape.type !== 'note') continue
    const scale = (shape.props as { scale?: number }).scale ?? 1
    const topLeft = inverse.applyToPoint(editor.getShapePageTransform(id).point())
    result.push({ shape, rect: { x: topLeft.x, y: topLeft.y, w: NOTE_SIZE * scale, h: NOTE_SIZE * scale } })
  }
  return result
}

/**
 * Changes a template's parameters (waterline, pillars, partners) and redraws it. Notes whose zone would
 * change only because the drawing moved (a partner added to the Venn) are moved back into their zone.
 */
export function updateTemplate(editor: Editor, frameId: TLShapeId, params: unknown, language: Language): void {
  const found = templateFrame(editor, frameId)
  if (!found) return
  const definition = definitionOf(found.meta.kind)
  const size = { w: found.frame.props.w, h: found.frame.props.h }
  const keepZones = found.meta.kind === 'coalition-venn'
  const before = keepZones
    ? notesInFrame(editor, frameId).map((n) => ({ ...n, zone: definition.zoneAt(found.meta.params, size, centre(n.rect), language) }))
    : []
  const layout = definition.layout(params, size, language)
  editor.run(
    () => {
      editor.updateShape({ id: frameId, type: 'frame', meta: { ...found.frame.meta, [TEMPLATE_META_KEY]: { ...found.meta, params } as unknown as JsonObject } })
      const wanted = new Set<TLShapeId>()
      for (const part of layout.parts) {
        const shape = partToShape(part, frameId)
        wanted.add(shape.id)
        if (editor.getShape(shape.id)) editor.updateShape(shape)
        else editor.createShape(shape)
      }
      const stale = editor
        .getSortedChildIdsForParent(frameId)
        .filter((id) => {
          const meta = editor.getShape(id)?.meta[PART_META_KEY] as PartMeta | undefined
          return meta?.frameId === frameId && !wanted.has(id)
        })
      editor.deleteShapes(stale)
      if (keepZones) moveNotesBackIntoZones(editor, frameId, definition, params, size, layout, before, language)
    },
    { ignoreShapeLock: true },
  )
}

function centre(r: Rect) {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 }
}

function moveNotesBackIntoZones(
  editor: Editor,
  frameId: TLShapeId,
  definition: TemplateDefinition<unknown>,
  params: unknown,
  size: { w: number; h: number },
  layout: Layout,
  before: { shape: TLShape; rect: Rect; zone: Zone | null }[],
  language: Language,
) {
  const occupied = before.map((n) => n.rect)
  for (const note of before) {
    if (!note.zone) continue
    const now = definition.zoneAt(params, size, centre(note.rect), language)
    if (now?.id === note.zone.id) continue
    const target = layout.zones.find((z) => z.id === note.zone!.id)
    if (!target || note.shape.parentId !== frameId) continue
    const others = occupied.filter((r) => r !== note.rect)
    const { position } = findFreeSpot({
      scales: [1],
      frame: size,
      area: target.area,
      note: { w: note.rect.w, h: note.rect.h },
      occupied: others,
      inZone: (p) => definition.zoneAt(params, size, p, language)?.id === target.id,
    })
    editor.updateShape({ id: note.shape.id, type: note.shape.type, x: position.x, y: position.y })
    note.rect.x = position.x
    note.rect.y = position.y
  }
}

export interface ZoneChoice {
  frameId: TLShapeId
  frameName: string
  kind: TemplateKind
  zone: Zone & { area: Rect }
}

/**
 * Every zone of every template on the page, for the "where does your note belong?" picker: the templates
 * in reading order (the same on every visit), the one in the middle of the view first; the zones in the
 * exercise's order; the names in the reader's language.
 */
export function zoneChoices(editor: Editor, language: Language): ZoneChoice[] {
  const centre = editor.getViewportPageBounds().center
  const placed = templateFrames(editor).map((f) => ({ ...f, bounds: editor.getShapePageBounds(f.frame.id) }))
  const ordered = readingOrder(placed, (f) => f.bounds ?? { x: 0, y: 0, w: 0, h: 0 })
  const inView = ordered.find((f) => f.bounds?.containsPoint(centre))
  const frames = inView ? [inView, ...ordered.filter((f) => f !== inView)] : ordered
  return frames.flatMap(({ frame, meta }) =>
    definitionOf(meta.kind)
      .layout(meta.params, { w: frame.props.w, h: frame.props.h }, language)
      .zones.map((zone) => ({ frameId: frame.id, frameName: shownFrameName(frame.props.name, meta.kind, language), kind: meta.kind, zone })),
  )
}

/**
 * Creates a note inside the chosen zone, clear of the notes already there (smaller when the zone fills);
 * returns its id, or 'full' when the zone has no room left, or null when the zone is gone.
 */
export function addNoteToZone(editor: Editor, frameId: TLShapeId, zoneId: string, colour: TLDefaultColorStyle, language: Language): TLShapeId | 'full' | null {
  const records = editor.store.allRecords()
  const frame = templateFramesOn(records).find((f) => f.id === frameId)
  const spot = frame && spotInZone(records, frame, zoneId, language)
  if (!spot) return null
  if (spot.full) return 'full'
  const id = createShapeId()
  editor.createShape({ id, type: 'note', parentId: frameId, x: spot.x, y: spot.y, props: { color: colour, scale: spot.scale } })
  return id
}
