/**
 * Where the projector's camera goes: page content fitted into the part of the screen the corner card
 * leaves free. Plain geometry (no DOM, no tldraw), so it is tested on its own.
 */
import type { Rect, Size } from '../../shared/templates/geometry.ts'

/** tldraw's camera: a screen point is `(page + camera) * z`, relative to the canvas' top-left corner. */
export interface Camera {
  x: number
  y: number
  z: number
}

export interface FitOptions {
  /** Screen pixels kept free around the content, and between the content and the card. */
  padding: number
  minZoom: number
  maxZoom: number
}

/**
 * The free rectangles beside, above and below the card, on the screen (canvas coordinates). Without a
 * card, or with a card that lies outside the screen, the whole screen.
 */
export function freeAreas(viewport: Size, card: Rect | null): Rect[] {
  const whole = { x: 0, y: 0, w: viewport.w, h: viewport.h }
  if (!card || card.x >= viewport.w || card.y >= viewport.h || card.x + card.w <= 0 || card.y + card.h <= 0) return [whole]
  const left = Math.max(0, card.x)
  const right = Math.min(viewport.w, card.x + card.w)
  const top = Math.max(0, card.y)
  const bottom = Math.min(viewport.h, card.y + card.h)
  return [
    { x: 0, y: 0, w: left, h: viewport.h },
    { x: right, y: 0, w: viewport.w - right, h: viewport.h },
    { x: 0, y: 0, w: viewport.w, h: top },
    { x: 0, y: bottom, w: viewport.w, h: viewport.h - bottom },
  ].filter((area) => area.w > 0 && area.h > 0)
}

function zoomToFit(content: Rect, area: Rect, padding: number): number {
  const w = Math.max(1, area.w - 2 * padding)
  const h = Math.max(1, area.h - 2 * padding)
  return Math.min(w / Math.max(1, content.w), h / Math.max(1, content.h))
}

/** The free part of the screen that shows `content` largest, and the zoom that fits it there. */
function bestArea(content: Rect, viewport: Size, card: Rect | null, padding: number): { area: Rect; zoom: number } {
  let best: { area: Rect; zoom: number } | null = null
  for (const area of freeAreas(viewport, card)) {
    const zoom = zoomToFit(content, area, padding)
    if (!best || zoom > best.zoom) best = { area, zoom }
  }
  return best!
}

/**
 * The camera that shows `content` (page coordinates) as large as it fits in the free part of the screen
 * that shows it largest — beside the card for a wide board, above it for a tall one — centred there.
 * A padding of its own on every side keeps the content clear of the card and of the screen's edge.
 */
export function cameraToShow(content: Rect, viewport: Size, card: Rect | null, options: FitOptions): Camera {
  const { area, zoom } = bestArea(content, viewport, card, options.padding)
  const z = Math.max(options.minZoom, Math.min(options.maxZoom, zoom))
  return {
    x: (area.x + area.w / 2) / z - (content.x + content.w / 2),
    y: (area.y + area.h / 2) / z - (content.y + content.h / 2),
    z,
  }
}

/** The content's rectangle on the screen under `camera`: what the room sees. */
export function onScreen(content: Rect, camera: Camera): Rect {
  return { x: (content.x + camera.x) * camera.z, y: (content.y + camera.y) * camera.z, w: content.w * camera.z, h: content.h * camera.z }
}

export function unionOf(rects: Rect[]): Rect | null {
  if (!rects.length) return null
  const minX = Math.min(...rects.map((r) => r.x))
  const minY = Math.min(...rects.map((r) => r.y))
  const maxX = Math.max(...rects.map((r) => r.x + r.w))
  const maxY = Math.max(...rects.map((r) => r.y + r.h))
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}

/** At least `w` by `h`, around the same centre. */
function atLeast(rect: Rect, w: number, h: number): Rect {
  const grownW = Math.max(rect.w, w)
  const grownH = Math.max(rect.h, h)
  return { x: rect.x - (grownW - rect.w) / 2, y: rect.y - (grownH - rect.h) / 2, w: grownW, h: grownH }
}

export interface ZoneFocusOptions extends FitOptions {
  /** The zoom at which a note's text reads from the back of the room. */
  readableZoom: number
  /** The smallest page size shown (a tiny zone of the Venn would otherwise fill the screen). */
  minSide: number
}

/**
 * Where a view `span` long starts along one axis: centred on the zone when it fits; else from the zone's
 * beginning (its name is written at its top left), moved as little as needed to keep every note in view.
 */
function viewStart(zoneStart: number, zoneLength: number, notesStart: number, notesEnd: number, span: number): number {
  if (zoneLength <= span) return zoneStart + zoneLength / 2 - span / 2
  return Math.max(notesEnd - span, Math.min(notesStart, zoneStart))
}

/**
 * The camera for one zone in "enlarge notes": the zone's area and every note in it. When that is too large
 * to read (a long band of the iceberg), the zone at a readable zoom, from its beginning, with all its notes
 * when they fit (else the notes alone, as large as they fit); an empty zone is shown whole.
 */
export function cameraForZone(area: Rect, notes: Rect[], viewport: Size, card: Rect | null, options: ZoneFocusOptions): Camera {
  const grown = (rect: Rect) => atLeast(rect, options.minSide, options.minSide)
  const zone = grown(unionOf([area, ...notes])!)
  const whole = cameraToShow(zone, viewport, card, options)
  if (whole.z >= options.readableZoom || !notes.length) return whole
  const written = grown(unionOf(notes)!)
  const { area: free, zoom } = bestArea(written, viewport, card, options.padding)
  const z = Math.max(options.minZoom, Math.min(options.maxZoom, options.readableZoom, zoom))
  const spanX = (free.w - 2 * options.padding) / z
  const spanY = (free.h - 2 * options.padding) / z
  const x = viewStart(zone.x, zone.w, written.x, written.x + written.w, spanX)
  const y = viewStart(zone.y, zone.h, written.y, written.y + written.h, spanY)
  return { x: (free.x + options.padding) / z - x, y: (free.y + options.padding) / z - y, z }
}
