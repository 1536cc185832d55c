/** Where a new note goes when a partner picks a zone: inside that zone, clear of the notes already there. */
import { rectCenter, rectsOverlap, type Point, type Rect, type Size } from './geometry.ts'

export interface PlacementRequest {
  /** The frame's size (frame-local coordinates run from 0,0 to w,h). */
  frame: Size
  /** Where to start looking: the zone's roomiest area from the layout. */
  area: Rect
  /** The note's size. */
  note: Size
  /** Frame-local rectangles of the notes already in the frame. */
  occupied: Rect[]
  /** True when a note whose centre is at `point` would lie in the wanted zone. */
  inZone: (point: Point) => boolean
  /** Space kept between notes. */
  margin?: number
  /**
   * Note sizes to try, largest first: a zone that has no room left for a full note takes a smaller one
   * before any note is laid over another. Default 1, 0.75, 0.5.
   */
  scales?: number[]
}

/**
 * Top-left corner for the note, frame-local, and its scale: the free spot nearest the area's centre whose
 * note centre lies in the zone, at the largest scale that still fits. When even the smallest note has no
 * room, the spot with the least overlap (`overlaps`), so nothing is lost.
 */
export function findFreeSpot(req: PlacementRequest): { position: Point; scale: number; overlaps: boolean } {
  const scales = req.scales ?? [1, 0.75, 0.5]
  let fallback: { position: Point; scale: number; overlap: number } | null = null
  // First the whole note inside the zone; a zone too small for that (a narrow lens of the Venn) takes
  // notes whose centre lies in it.
  for (const whole of [true, false]) {
    for (const scale of scales) {
      const found = searchAtScale(req, scale, whole)
      if (found.overlap === 0) return { position: found.position, scale, overlaps: false }
      if (found.overlap !== Infinity && (!fallback || found.overlap < fallback.overlap)) fallback = { ...found, scale }
    }
  }
  if (fallback) return { position: fallback.position, scale: fallback.scale, overlaps: true }
  const start = rectCenter(req.area)
  return { position: { x: start.x - req.note.w / 2, y: start.y - req.note.h / 2 }, scale: scales[0], overlaps: true }
}

function searchAtScale(req: PlacementRequest, scale: number, whole: boolean): { position: Point; overlap: number } {
  const note = { w: req.note.w * scale, h: req.note.h * scale }
  const margin = (req.margin ?? 16) * scale
  const step = Math.max(8, Math.min(note.w, note.h) / 4)
  const start = rectCenter(req.area)
  const reach = Math.ceil(Math.max(req.frame.w, req.frame.h) / step)
  let best: { position: Point; overlap: number } = { position: { x: start.x - note.w / 2, y: start.y - note.h / 2 }, overlap: Infinity }
  for (let ring = 0; ring <= reach; ring++) {
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue
        const centre = { x: start.x + dx * step, y: start.y + dy * step }
        const rect = { x: centre.x - note.w / 2, y: centre.y - note.h / 2, w: note.w, h: note.h }
        if (rect.x < 0 || rect.y < 0 || rect.x + rect.w > req.frame.w || rect.y + rect.h > req.frame.h) continue
        if (!req.inZone(centre)) continue
        // The whole note in the zone, not just its centre: a note should not straddle the zone's lines.
        if (whole && ![{ x: rect.x, y: rect.y }, { x: rect.x + rect.w, y: rect.y }, { x: rect.x, y: rect.y + rect.h }, { x: rect.x + rect.w, y: rect.y + rect.h }].every(req.inZone)) continue
        const padded = { x: rect.x - margin, y: rect.y - margin, w: rect.w + 2 * margin, h: rect.h + 2 * margin }
        const overlap = req.occupied.filter((o) => rectsOverlap(padded, o)).length
        if (overlap === 0) return { position: { x: rect.x, y: rect.y }, overlap: 0 }
        if (overlap < best.overlap) best = { position: { x: rect.x, y: rect.y }, overlap }
      }
    }
  }
  return best
}
