import { describe, expect, it } from 'vitest'
import { cameraForZone, cameraToShow, freeAreas, onScreen } from '../../client/facilitator/projectorFit.ts'
import { rectsOverlap, type Rect } from '../../shared/templates/geometry.ts'

const screen = { w: 1920, h: 1080 }
/** The corner card, bottom right, as the projector shows it. */
const card: Rect = { x: 1920 - 16 - 380, y: 1080 - 16 - 700, w: 380, h: 700 }
const options = { padding: 40, minZoom: 0.05, maxZoom: 3 }

function inside(inner: Rect, outer: Rect): boolean {
  const eps = 1e-6
  return inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.x + inner.w <= outer.x + outer.w + eps && inner.y + inner.h <= outer.y + outer.h + eps
}

describe('the projector fits content beside its card', () => {
  it('a wide template lies on the screen, clear of the card, as large as the free part allows', () => {
    const template = { x: 300, y: -200, w: 2400, h: 1800 }
    const camera = cameraToShow(template, screen, card, options)
    const seen = onScreen(template, camera)
    expect(inside(seen, { x: 0, y: 0, ...screen })).toBe(true)
    expect(rectsOverlap(seen, card)).toBe(false)
    // It fills the height (the limiting side) up to the padding, so it is not merely "somewhere small".
    expect(seen.h).toBeCloseTo(1080 - 2 * 40, 6)
    // And it sits left of the card, centred in that part.
    expect(seen.x + seen.w).toBeLessThanOrEqual(card.x - 40 + 1e-6)
  })

  it('a very wide strip goes above the card when that shows it larger', () => {
    const strip = { x: 0, y: 0, w: 4000, h: 200 }
    const camera = cameraToShow(strip, screen, card, options)
    const seen = onScreen(strip, camera)
    expect(rectsOverlap(seen, card)).toBe(false)
    // Beside the card it could be at most 1524 − 80 wide; above it, the whole screen's width.
    expect(seen.w).toBeCloseTo(1920 - 80, 6)
    expect(seen.y + seen.h).toBeLessThanOrEqual(card.y)
  })

  it('without a card, the whole screen; the zoom stays within its limits', () => {
    expect(freeAreas(screen, null)).toEqual([{ x: 0, y: 0, w: 1920, h: 1080 }])
    const tiny = cameraToShow({ x: 10, y: 10, w: 4, h: 4 }, screen, null, options)
    expect(tiny.z).toBe(3)
    // Still centred on the screen.
    const seen = onScreen({ x: 10, y: 10, w: 4, h: 4 }, tiny)
    expect(seen.x + seen.w / 2).toBeCloseTo(960, 6)
    expect(seen.y + seen.h / 2).toBeCloseTo(540, 6)
  })

  it('a zone is shown with its notes; a band too wide to read shows its notes large instead', () => {
    const zoneOptions = { ...options, readableZoom: 1.25, minSide: 400 }
    const note = { x: 900, y: 700, w: 200, h: 200 }
    // A compact zone: area and the note that lies just outside it, both on screen and readable.
    const compact = cameraForZone({ x: 0, y: 300, w: 1000, h: 320 }, [note], screen, card, zoneOptions)
    expect(inside(onScreen(note, compact), { x: 0, y: 0, ...screen })).toBe(true)
    expect(compact.z).toBeGreaterThanOrEqual(1.25)
    // A long band: fitting it all would make the text small, so it is shown readable, around its notes.
    const band = { x: 768, y: 612, w: 3000, h: 240 }
    const other = { x: 1400, y: 640, w: 200, h: 200 }
    const wide = cameraForZone(band, [note, other], screen, card, zoneOptions)
    expect(wide.z).toBeCloseTo(1.25, 6)
    for (const n of [note, other]) {
      expect(inside(onScreen(n, wide), { x: 0, y: 0, ...screen })).toBe(true)
      expect(rectsOverlap(onScreen(n, wide), card)).toBe(false)
    }
    // Read from the zone's beginning, where its name is: the band's left edge is on the screen.
    expect(onScreen(band, wide).x).toBeCloseTo(40, 6)
    // Notes spread wider than a readable screen: all of them still, as large as they fit.
    const far = { x: 3600, y: 640, w: 200, h: 200 }
    const spread = cameraForZone(band, [note, far], screen, card, zoneOptions)
    expect(spread.z).toBeLessThan(1.25)
    expect(inside(onScreen(far, spread), { x: 0, y: 0, ...screen })).toBe(true)
    // An empty band is shown whole, however small.
    const empty = cameraForZone(band, [], screen, card, zoneOptions)
    expect(inside(onScreen(band, empty), { x: 0, y: 0, ...screen })).toBe(true)
    // A zone the size of a coin is not blown up to fill the screen.
    expect(cameraForZone({ x: 0, y: 0, w: 30, h: 30 }, [], screen, card, zoneOptions).z).toBeLessThanOrEqual((1080 - 80) / 400)
  })
})
