/** Plain 2D geometry for templates: frame-local coordinates, rectangles, circles. No DOM, no tldraw. */

export interface Point {
  x: number
  y: number
}

export interface Size {
  w: number
  h: number
}

export interface Rect extends Point, Size {}

/**
 * A template's frame on the page as tldraw stores it: `x`,`y` is the top-left corner, `rotation`
 * (radians) turns the frame around that corner, `w`,`h` is its current size.
 */
export interface FramePlacement extends Rect {
  rotation: number
}

/** A page point in the frame's own coordinates (0,0 = its top-left corner, unrotated). */
export function toFrameLocal(frame: FramePlacement, page: Point): Point {
  const dx = page.x - frame.x
  const dy = page.y - frame.y
  const cos = Math.cos(-frame.rotation)
  const sin = Math.sin(-frame.rotation)
  return { x: dx * cos - dy * sin, y: dx * sin + dy * cos }
}

/** The inverse of `toFrameLocal`. */
export function toPage(frame: FramePlacement, local: Point): Point {
  const cos = Math.cos(frame.rotation)
  const sin = Math.sin(frame.rotation)
  return { x: frame.x + local.x * cos - local.y * sin, y: frame.y + local.x * sin + local.y * cos }
}

export function rectContains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

export function rectCenter(r: Rect): Point {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 }
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/** Point in triangle (inclusive of its edges), by the signs of the three edge functions. */
export function triangleContains(a: Point, b: Point, c: Point, p: Point): boolean {
  const edge = (u: Point, v: Point) => (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x)
  const d1 = edge(a, b)
  const d2 = edge(b, c)
  const d3 = edge(c, a)
  const negative = d1 < 0 || d2 < 0 || d3 < 0
  const positive = d1 > 0 || d2 > 0 || d3 > 0
  return !(negative && positive)
}

/**
 * Items in reading order on the board: rows top to bottom, each left to right. Items whose vertical
 * extent overlaps the first of a row belong to that row, so two templates side by side keep their
 * left-to-right order however a few pixels their tops differ.
 */
export function readingOrder<T>(items: readonly T[], rectOf: (item: T) => Rect): T[] {
  const sorted = [...items].sort((a, b) => rectOf(a).y - rectOf(b).y)
  const rows: T[][] = []
  for (const item of sorted) {
    const row = rows[rows.length - 1]
    const first = row && rectOf(row[0])
    if (first && rectOf(item).y < first.y + first.h) row.push(item)
    else rows.push([item])
  }
  return rows.flatMap((row) => row.sort((a, b) => rectOf(a).x - rectOf(b).x))
}
