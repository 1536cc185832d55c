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
}

/**
 * Top-left corner for the note, frame-local: the free spot nearest the area's centre whose note centre
 * lies in the zone. When the zone is full, the spot with the least overlap, so nothing is lost.
 */
export function findFreeSpot(req: PlacementRequest): { position: Point; overlaps: boolean } {
  const margin = req.margin ?? 16
  const step = Math.max(8, Math.min(req.note.w, req.note.h) / 4)
  const start = rectCenter(req.area)
  const candidates: Point[] = []
  const reach = Math.ceil(Math.max(req.frame.w, req.frame.h) / step)
  for (let ring = 0; ring <= reach; ring++) {
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue
        candidates.push({ x: start.x + dx * step, y: start.y + dy * step })
      }
    }
  }
  let fallback: { position: Point; overlap: number } | null = null
  for (const centre of candidates) {
    const rect = { x: centre.x - req.note.w / 2, y: centre.y - req.note.h / 2, w: req.note.w, h: req.note.h }
    if (rect.x < 0 || rect.y < 0 || rect.x + rect.w > req.frame.w || rect.y + rect.h > req.frame.h) continue
    if (!req.inZone(centre)) continue
    const padded = { x: rect.x - margin, y: rect.y - margin, w: rect.w + 2 * margin, h: rect.h + 2 * margin }
    const overlap = req.occupied.filter((o) => rectsOverlap(padded, o)).length
    if (overlap === 0) return { position: { x: rect.x, y: rect.y }, overlaps: false }
    if (!fallback || overlap < fallback.overlap) fallback = { position: { x: rect.x, y: rect.y }, overlap }
  }
  if (fallback) return { position: fallback.position, overlaps: true }
  return { position: { x: start.x - req.note.w / 2, y: start.y - req.note.h / 2 }, overlaps: true }
}
