/**
 * What the projector shows: the whole board, one template, or one zone of a template ("enlarge notes"),
 * always in the part of the screen the corner card leaves free.
 */
import { Box, type Editor, type TLShapeId } from 'tldraw'
import { NOTE_SIZE } from '../../shared/board/notes.ts'
import type { Language } from '../../shared/i18n/index.ts'
import { templates, type TemplateDefinition } from '../../shared/templates/index.ts'
import { rectCenter, type Rect } from '../../shared/templates/geometry.ts'
import { notesInFrame, templateFrame, templateFrames } from '../templates/render.ts'
import { cameraForZone, cameraToShow, type Camera } from './projectorFit.ts'

export type ProjectorView = { kind: 'board' } | { kind: 'template'; frameId: TLShapeId } | { kind: 'zone'; frameId: TLShapeId; index: number }

const FIT = { padding: 32, minZoom: 0.05, maxZoom: 3 }
// Notes are written at 22 px: from 1.25 on they read from the back of a room on a 1080p projector.
const ZONE_FIT = { ...FIT, readableZoom: 1.25, minSide: 2 * NOTE_SIZE }

/** The template the facilitator has selected, or the one around a selected note. */
export function selectedTemplate(editor: Editor): TLShapeId | null {
  const frames = new Set<string>(templateFrames(editor).map((f) => f.frame.id))
  for (const id of editor.getSelectedShapeIds()) {
    if (frames.has(id)) return id
    const around = editor.findShapeAncestor(id, (parent) => frames.has(parent.id))
    if (around) return around.id
  }
  return null
}

/** For "enlarge notes": the selected template, else the one nearest the middle of the view. */
export function templateToEnlarge(editor: Editor): TLShapeId | null {
  const selected = selectedTemplate(editor)
  if (selected) return selected
  const centre = editor.getViewportPageBounds().center
  let nearest: { id: TLShapeId; distance: number } | null = null
  for (const { frame } of templateFrames(editor)) {
    const bounds = editor.getShapePageBounds(frame.id)
    if (!bounds) continue
    const distance = Math.hypot(bounds.center.x - centre.x, bounds.center.y - centre.y)
    if (!nearest || distance < nearest.distance) nearest = { id: frame.id, distance }
  }
  return nearest?.id ?? null
}

export interface ZoneOnPage {
  id: string
  label: string
  /** The zone's area from the layout, on the page. */
  area: Rect
  /** The page bounds of the notes that lie in the zone. */
  notes: Rect[]
}

/** A template's zones in the exercise's order (the layout's, as the minutes use it), on the page. */
export function zonesOnPage(editor: Editor, frameId: TLShapeId, language: Language): ZoneOnPage[] {
  const found = templateFrame(editor, frameId)
  if (!found) return []
  const definition = templates[found.meta.kind] as TemplateDefinition<unknown>
  const size = { w: found.frame.props.w, h: found.frame.props.h }
  const transform = editor.getShapePageTransform(frameId)
  const toPage = (local: Rect): Rect => {
    const corners = [
      { x: local.x, y: local.y },
      { x: local.x + local.w, y: local.y },
      { x: local.x, y: local.y + local.h },
      { x: local.x + local.w, y: local.y + local.h },
    ].map((p) => transform.applyToPoint(p))
    const box = Box.FromPoints(corners)
    return { x: box.x, y: box.y, w: box.w, h: box.h }
  }
  const notes = notesInFrame(editor, frameId).map((n) => ({
    zone: definition.zoneAt(found.meta.params, size, rectCenter(n.rect), language)?.id,
    bounds: editor.getShapePageBounds(n.shape.id),
  }))
  return definition.layout(found.meta.params, size, language).zones.map((zone) => ({
    id: zone.id,
    label: zone.label,
    area: toPage(zone.area),
    notes: notes.filter((n) => n.zone === zone.id && n.bounds).map((n) => ({ x: n.bounds!.x, y: n.bounds!.y, w: n.bounds!.w, h: n.bounds!.h })),
  }))
}

/** Every shape on the page that this screen shows. */
function boardBounds(editor: Editor): Rect | null {
  const ids = [...editor.getCurrentPageShapeIds()].filter((id) => !editor.isShapeHidden(id))
  const boxes = ids.map((id) => editor.getShapePageBounds(id)).filter((b) => !!b)
  return boxes.length ? Box.Common(boxes) : null
}

/** The camera for a view, with the card (if any) measured where it is on the screen now. */
export function projectorCamera(editor: Editor, view: ProjectorView, card: HTMLElement | null, language: Language): Camera | null {
  // The top bar just went away: the canvas may have grown before tldraw measured it again.
  editor.updateViewportScreenBounds(editor.getContainer())
  const screen = editor.getViewportScreenBounds()
  const cardRect = card?.getBoundingClientRect()
  const obstacle = cardRect ? { x: cardRect.x - screen.x, y: cardRect.y - screen.y, w: cardRect.width, h: cardRect.height } : null
  const viewport = { w: screen.w, h: screen.h }
  if (view.kind === 'zone') {
    const zone = zonesOnPage(editor, view.frameId, language)[view.index]
    return zone ? cameraForZone(zone.area, zone.notes, viewport, obstacle, ZONE_FIT) : null
  }
  const content = view.kind === 'template' ? editor.getShapePageBounds(view.frameId) : boardBounds(editor)
  return content ? cameraToShow(content, viewport, obstacle, FIT) : null
}

/** Moves the camera to the view; returns where it goes. */
export function showOnProjector(editor: Editor, view: ProjectorView, card: HTMLElement | null, language: Language): Camera | null {
  const camera = projectorCamera(editor, view, card, language)
  if (camera) editor.setCamera(camera, { animation: { duration: 350 } })
  return camera
}

/** Still where the projector put it (or on its way there): the facilitator has not moved the board since. */
export function cameraUntouched(editor: Editor, fitted: Camera | null): boolean {
  if (!fitted || editor.getCameraState() === 'moving') return true
  const now = editor.getCamera()
  return Math.abs(now.z - fitted.z) < 1e-3 && Math.abs(now.x - fitted.x) < 1 && Math.abs(now.y - fitted.y) < 1
}
