import { describe, expect, it } from 'vitest'
import { iceberg, INITIAL_WATERLINE, lowerWaterline, raiseWaterline } from '../../shared/templates/iceberg/index.ts'
import { messageHouse } from '../../shared/templates/message-house/index.ts'
import { coalitionVenn, missingCombinations, vennGeometry, type CoalitionVennParams } from '../../shared/templates/coalition-venn/index.ts'
import { findFreeSpot, readingOrder, rectsOverlap, toFrameLocal, toPage, type FramePlacement, type Size } from '../../shared/templates/index.ts'

const size: Size = iceberg.defaultSize

describe('frame coordinates', () => {
  it('undo a frame’s rotation and position, and come back', () => {
    const frame: FramePlacement = { x: 100, y: 200, w: 2400, h: 1800, rotation: Math.PI / 6 }
    const local = { x: 300, y: 1500 }
    const page = toPage(frame, local)
    const back = toFrameLocal(frame, page)
    expect(back.x).toBeCloseTo(300)
    expect(back.y).toBeCloseTo(1500)
  })

  it('a note on a rotated frame lands in the zone it visually sits in', () => {
    const frame: FramePlacement = { x: 500, y: -300, w: size.w, h: size.h, rotation: Math.PI / 2 }
    // Deep in the frame's lowest band, wherever the frame has been turned to.
    const local = { x: size.w / 2, y: size.h * 0.97 }
    const zone = iceberg.zoneAt(iceberg.defaultParams('nl'), size, toFrameLocal(frame, toPage(frame, local)), 'nl')
    expect(zone?.label).toBe('Onder de waterlijn — achtergrond en ervaring')
  })
})

describe('iceberg and waterline', () => {
  const params = iceberg.defaultParams('nl')
  const at = (fx: number, fy: number, p = params, s = size) => iceberg.zoneAt(p, s, { x: fx * s.w, y: fy * s.h }, 'nl')

  it('names the zones above and below the water in plain Dutch', () => {
    expect(at(0.25, 0.2)?.label).toBe('Boven de waterlijn — gedeelde ambitie')
    expect(at(0.75, 0.2)?.label).toBe('Boven de waterlijn — inhoud: wat we samen willen doen')
    expect(at(0.5, INITIAL_WATERLINE + 0.05)?.label).toBe('Onder de waterlijn — identiteit en trots')
    expect(at(0.5, 0.65)?.label).toBe('Onder de waterlijn — belang bij de samenwerking')
    expect(iceberg.zoneAt(params, size, { x: 100, y: size.h * 0.5 }, 'en')?.label).toBe('Below the waterline — values')
    expect(at(1.2, 0.5)).toBeNull()
  })

  it('a note exactly on the waterline is above water', () => {
    expect(at(0.5, INITIAL_WATERLINE)?.id).toBe('above.identity')
    const lowered = lowerWaterline(params)
    expect(at(0.5, lowered.waterline, lowered)?.id).toBe('above.identity')
    expect(iceberg.zoneAt(lowered, size, { x: 10, y: lowered.waterline * size.h + 0.01 }, 'nl')?.id).toBe('below.values')
  })

  it('bringing the waterline down moves what lies between the old and new line above water', () => {
    const point = { x: 0.5, y: INITIAL_WATERLINE + 0.06 }
    expect(at(point.x, point.y)?.label).toBe('Onder de waterlijn — identiteit en trots')
    const once = lowerWaterline(params)
    expect(once.waterline).toBeGreaterThan(params.waterline)
    expect(at(point.x, point.y, once)?.label).toBe('Boven de waterlijn — identiteit en trots')
    expect(at(0.5, once.waterline + 0.02, once)?.label).toBe('Onder de waterlijn — waarden')
    let p = params
    for (let i = 0; i < 10; i++) p = lowerWaterline(p)
    expect(at(0.5, 0.99, p)?.id).toBe('below.background') // the deepest band stays below
    expect(raiseWaterline(once).waterline).toBeCloseTo(INITIAL_WATERLINE)
    expect(raiseWaterline(params).waterline).toBeCloseTo(INITIAL_WATERLINE)
  })

  it('on a resized frame the zones follow the new size', () => {
    const big = { w: 4800, h: 3600 }
    expect(iceberg.zoneAt(params, big, { x: 1000, y: 0.2 * 3600 }, 'nl')?.id).toBe('above.ambition')
    expect(iceberg.zoneAt(params, big, { x: 1000, y: 0.9 * 3600 }, 'nl')?.id).toBe('below.background')
  })

  it('every zone of the layout lies where the zone function says it is', () => {
    for (const p of [params, lowerWaterline(params), lowerWaterline(lowerWaterline(params))]) {
      const { zones, parts } = iceberg.layout(p, size, 'nl')
      expect(zones).toHaveLength(7)
      for (const z of zones) expect(iceberg.zoneAt(p, size, { x: z.area.x + z.area.w / 2, y: z.area.y + z.area.h / 2 }, 'nl')?.id).toBe(z.id)
      expect(parts.find((part) => part.id === 'waterline')).toMatchObject({ from: { y: p.waterline * size.h } })
    }
  })
})

describe('message house', () => {
  it('has a roof, three pillars by default, a foundation and the target groups', () => {
    const params = messageHouse.defaultParams('nl')
    const labels = messageHouse.layout(params, size, 'nl').zones.map((z) => z.label)
    expect(labels).toEqual([
      'Dak — kernboodschap (koepelverhaal)',
      'Pijler 1 — boodschap',
      'Pijler 2 — boodschap',
      'Pijler 3 — boodschap',
      'Fundament — bewijs, feiten en waarden',
      'Doelgroepen en achterbannen',
    ])
  })

  it('takes 2 to 5 pillars and the zone function agrees with the drawing', () => {
    for (const pillars of [2, 3, 4, 5]) {
      const { zones, parts } = messageHouse.layout({ pillars }, size, 'nl')
      expect(zones.filter((z) => z.id.startsWith('pillar.'))).toHaveLength(pillars)
      for (const z of zones) {
        expect(messageHouse.zoneAt({ pillars }, size, { x: z.area.x + z.area.w / 2, y: z.area.y + z.area.h / 2 }, 'nl')?.id).toBe(z.id)
      }
      // Pillars do not overlap each other.
      const rects = parts.filter((p) => p.kind === 'rect' && p.id.startsWith('pillar-')).map((p) => (p as { rect: { x: number; y: number; w: number; h: number } }).rect)
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(rectsOverlap(rects[i], rects[j])).toBe(false)
    }
    expect(messageHouse.layout({ pillars: 9 }, size, 'nl').zones.filter((z) => z.id.startsWith('pillar.'))).toHaveLength(5)
  })

  it('the sky beside the roof is no zone', () => {
    expect(messageHouse.zoneAt({ pillars: 3 }, size, { x: 20, y: size.h * 0.15 }, 'nl')).toBeNull()
    expect(messageHouse.zoneAt({ pillars: 3 }, size, { x: size.w * 0.38, y: size.h * 0.3 }, 'nl')?.id).toBe('roof')
  })
})

describe('coalition domain Venn', () => {
  const partners = ['Gemeente', 'Woonstichting', 'Zorggroep', 'Bibliotheek', 'Buurtteam', 'Sportclub'].map((name, i) => ({
    id: `p${i + 1}`,
    name,
    colour: ['blue', 'orange', 'green', 'violet', 'red', 'light-blue'][i],
  }))
  const withPartners = (n: number): CoalitionVennParams => ({ partners: partners.slice(0, n) })

  it('names a point by the partners whose circles hold it, and whether it is in the domain', () => {
    const params = withPartners(3)
    const g = vennGeometry(params, size)
    const middle = coalitionVenn.zoneAt(params, size, g.centre, 'nl')!
    expect(middle.label).toBe('Gedeeld door alle partners')
    expect(middle.partners?.map((p) => p.name)).toEqual(['Gemeente', 'Woonstichting', 'Zorggroep'])
    expect(middle.insideDomain).toBe(true)

    // Far side of the first circle: only that partner, outside the domain.
    const c = g.circles[0].centre
    const far = { x: c.x + (c.x - g.centre.x) / Math.hypot(c.x - g.centre.x, c.y - g.centre.y) * g.circleRadius * 0.95, y: c.y + (c.y - g.centre.y) / Math.hypot(c.x - g.centre.x, c.y - g.centre.y) * g.circleRadius * 0.95 }
    const outside = coalitionVenn.zoneAt(params, size, far, 'nl')!
    expect(outside.label).toBe('Alleen Gemeente — buiten het domein')
    expect(outside.insideDomain).toBe(false)
  })

  it('in the intersection of three circles, and outside every circle but inside the domain', () => {
    const params = withPartners(3)
    const zones = coalitionVenn.layout(params, size, 'nl').zones
    const byLabel = new Map(zones.map((z) => [z.label, z]))
    expect(byLabel.get('Gedeeld door Gemeente, Woonstichting en Zorggroep')).toBeUndefined() // all three is "alle partners"
    expect(byLabel.has('Gedeeld door alle partners')).toBe(true)
    expect(byLabel.has('Gedeeld door Gemeente en Woonstichting')).toBe(true)
    const none = byLabel.get('In het domein, bij geen van de partners')
    expect(none).toBeDefined()
    const spot = { x: none!.area.x + none!.area.w / 2, y: none!.area.y + none!.area.h / 2 }
    expect(coalitionVenn.zoneAt(params, size, spot, 'nl')).toMatchObject({ partners: [], insideDomain: true })
  })

  it.each([2, 3, 4, 5, 6])('%i partners: every pair overlaps, every partner has room of its own inside and outside the domain', (n) => {
    const params = withPartners(n)
    const g = vennGeometry(params, size)
    // Pairwise: the circles of every two partners intersect.
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) expect(Math.hypot(g.circles[i].centre.x - g.circles[j].centre.x, g.circles[i].centre.y - g.circles[j].centre.y)).toBeLessThan(2 * g.circleRadius)
    }
    const missing = missingCombinations(params, size)
    const key = (c: string[]) => c.join('+')
    for (const p of params.partners) {
      expect(missing.inside.map(key)).not.toContain(p.id)
      expect(missing.outside.map(key)).not.toContain(p.id)
    }
    // What all partners share is always there, inside the domain.
    expect(missing.inside.map(key)).not.toContain(params.partners.map((p) => p.id).join('+'))
    // Neighbours share ground of their own (just the two of them), inside the domain.
    for (let i = 0; i < n; i++) {
      const pair = [params.partners[i].id, params.partners[(i + 1) % n].id].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
      if (n > 2) expect(missing.inside.map(key)).not.toContain(pair.join('+'))
    }
    // Circles can draw every combination for two and three partners; from four on, the layout says which it cannot.
    if (n <= 3) expect(missing.inside).toEqual([])
    else expect(missing.inside.length).toBeGreaterThan(0)
    // Room in the domain that belongs to no partner.
    expect(coalitionVenn.layout(params, size, 'nl').zones.some((z) => z.id === 'venn:none:in')).toBe(true)
  })

  it('a renamed partner keeps its zone ids', () => {
    const params = withPartners(3)
    const renamed = { partners: params.partners.map((p) => (p.id === 'p2' ? { ...p, name: 'Woonstichting De Kern' } : p)) }
    const g = vennGeometry(params, size)
    const before = coalitionVenn.zoneAt(params, size, g.centre, 'nl')!
    const after = coalitionVenn.zoneAt(renamed, size, g.centre, 'nl')!
    expect(after.id).toBe(before.id)
    expect(after.partners?.[1].name).toBe('Woonstichting De Kern')
  })
})

describe('placing a note in a chosen zone', () => {
  it('finds free room inside the zone, clear of the notes already there', () => {
    const params = messageHouse.defaultParams('nl')
    const zone = messageHouse.layout(params, size, 'nl').zones.find((z) => z.id === 'pillar.2')!
    const note = { w: 200, h: 200 }
    const occupied = []
    for (let i = 0; i < 6; i++) {
      const { position, scale, overlaps } = findFreeSpot({
        frame: size,
        area: zone.area,
        note,
        occupied,
        inZone: (p) => messageHouse.zoneAt(params, size, p, 'nl')?.id === 'pillar.2',
      })
      expect(overlaps).toBe(false)
      const rect = { ...position, w: note.w * scale, h: note.h * scale }
      expect(messageHouse.zoneAt(params, size, { x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }, 'nl')?.id).toBe('pillar.2')
      for (const o of occupied) expect(rectsOverlap(rect, o)).toBe(false)
      occupied.push(rect)
    }
  })
})

describe('reading order of templates on the board', () => {
  it('reads rows top to bottom and each row left to right, though tops differ a little', () => {
    const rects = {
      venn: { x: 1400, y: -40, w: 800, h: 700 },
      iceberg: { x: 0, y: 0, w: 600, h: 600 },
      house: { x: 700, y: 20, w: 600, h: 500 },
      below: { x: 0, y: 900, w: 600, h: 400 },
    }
    expect(readingOrder(Object.keys(rects) as (keyof typeof rects)[], (k) => rects[k])).toEqual(['iceberg', 'house', 'venn', 'below'])
  })
})
