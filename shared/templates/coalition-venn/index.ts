/**
 * Domein van de vitale coalitie (seed 003, figure 3): one circle per partner organisation, overlapping;
 * the coalition's domain is drawn around the shared area. It is larger than what all partners have in
 * common, takes in topics that matter to one or a few partners, and leaves part of every circle outside:
 * each partner also has goals the coalition is not about.
 */
import type { Language } from '../../i18n/index.ts'
import { distance, type Point, type Size } from '../geometry.ts'
import { TemplateKinds, type DrawingPart, type Layout, type TemplateDefinition, type Zone } from '../types.ts'

export interface VennPartner {
  /** Stable across renames, so notes keep their zone when a partner is renamed. */
  id: string
  name: string
  /** A tldraw colour name (the organisation's colour on the board). */
  colour: string
}

export interface CoalitionVennParams {
  partners: VennPartner[]
}

export const MIN_PARTNERS = 2
export const MAX_PARTNERS = 6

const strings = {
  nl: {
    all: 'Gedeeld door alle partners',
    only: (name: string) => `Alleen ${name}`,
    shared: (names: string[]) => `Gedeeld door ${joinNames(names, 'en')}`,
    none: 'In het domein, bij geen van de partners',
    outside: 'Buiten het domein',
    outsideSuffix: 'buiten het domein',
    domain: 'Domein van de coalitie',
    instruction: 'Elke cirkel is een partner met zijn doelen en belangen. Zet je notitie waar hij hoort: bij wie speelt dit, en hoort het bij het domein van de coalitie?',
    partner: (n: number) => `Partner ${n}`,
  },
  en: {
    all: 'Shared by all partners',
    only: (name: string) => `Only ${name}`,
    shared: (names: string[]) => `Shared by ${joinNames(names, 'and')}`,
    none: 'In the domain, with none of the partners',
    outside: 'Outside the domain',
    outsideSuffix: 'outside the domain',
    domain: 'Domain of the coalition',
    instruction: 'Each circle is a partner with its goals and interests. Put your note where it belongs: who does it concern, and is it part of the coalition’s domain?',
    partner: (n: number) => `Partner ${n}`,
  },
} satisfies Record<Language, unknown>

function joinNames(names: string[], and: string): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`
}

/** Geometry in units of the circle radius (1), centred on the diagram's middle. */
export interface VennGeometry {
  centre: Point
  /** Pixels per unit. */
  scale: number
  circleRadius: number
  circles: { partner: VennPartner; centre: Point }[]
  domainRadius: number
}

/** Distance of the circle centres from the middle, per number of partners: all circles overlap there. */
function ringRadius(n: number): number {
  return [0, 0, 0.6, 0.6, 0.62, 0.65, 0.68][n] ?? 0.68
}

/**
 * The domain's radius: beyond the point where a partner's own ground starts (so every partner has room
 * of its own inside the domain) and beyond where the gaps between neighbouring circles open (room in the
 * domain for topics no partner owns), yet inside every circle's far edge (goals outside the domain).
 */
function domainRadius(n: number): number {
  const rho = ringRadius(n)
  const theta = (2 * Math.PI) / n
  const leaveCircle = (angle: number) => rho * Math.cos(angle) + Math.sqrt(Math.max(0, rho * rho * Math.cos(angle) ** 2 - rho * rho + 1))
  const ownGround = leaveCircle(theta) // along a circle's axis, where its neighbour ends
  const gapOpens = leaveCircle(theta / 2) // halfway between two neighbours, where both end
  const far = rho + 1
  return Math.min(far - 0.08, Math.max(ownGround + 0.5 * (far - ownGround), gapOpens + 0.3 * (far - gapOpens)))
}

export function vennGeometry(params: CoalitionVennParams, size: Size): VennGeometry {
  const n = Math.max(1, params.partners.length)
  const rho = ringRadius(n)
  const top = size.h * 0.09 // room for the instruction
  const centre = { x: size.w / 2, y: top + (size.h - top) / 2 }
  const scale = (Math.min(size.w, size.h - top) * 0.47) / (rho + 1)
  // Two partners side by side; more start at the top and go round clockwise.
  const start = n === 2 ? Math.PI : -Math.PI / 2
  const circles = params.partners.map((partner, i) => {
    const angle = start + (i * 2 * Math.PI) / n
    return { partner, centre: { x: centre.x + Math.cos(angle) * rho * scale, y: centre.y + Math.sin(angle) * rho * scale } }
  })
  return { centre, scale, circleRadius: scale, circles, domainRadius: domainRadius(n) * scale }
}

function zoneFor(partners: VennPartner[], all: number, inside: boolean, language: Language): Zone {
  const s = strings[language]
  const ids = partners.map((p) => p.id)
  const names = partners.map((p) => p.name)
  let label: string
  if (partners.length === 0) label = inside ? s.none : s.outside
  else if (partners.length === all && all > 1) label = s.all
  else if (partners.length === 1) label = s.only(names[0])
  else label = s.shared(names)
  if (!inside && partners.length > 0) label = `${label} — ${s.outsideSuffix}`
  return {
    id: `venn:${ids.join('+') || 'none'}:${inside ? 'in' : 'out'}`,
    label,
    partners: partners.map(({ id, name }) => ({ id, name })),
    insideDomain: inside,
  }
}

function zoneAt(params: CoalitionVennParams, size: Size, point: Point, language: Language): Zone | null {
  if (point.x < 0 || point.x > size.w || point.y < 0 || point.y > size.h) return null
  const g = vennGeometry(params, size)
  const inside = distance(point, g.centre) <= g.domainRadius + 1e-9
  const partners = g.circles.filter((c) => distance(point, c.centre) <= g.circleRadius + 1e-9).map((c) => c.partner)
  return zoneFor(partners, params.partners.length, inside, language)
}

/** Samples the frame on a grid: the ids of every zone that has room (membership by bit mask, no labels). */
function sampleZoneIds(params: CoalitionVennParams, size: Size, step: number): Set<string> {
  const g = vennGeometry(params, size)
  const r2 = g.circleRadius * g.circleRadius
  const d2 = g.domainRadius * g.domainRadius
  const masks = new Set<string>()
  for (let y = step / 2; y < size.h; y += step) {
    for (let x = step / 2; x < size.w; x += step) {
      let mask = 0
      g.circles.forEach((c, i) => {
        if ((x - c.centre.x) ** 2 + (y - c.centre.y) ** 2 <= r2) mask |= 1 << i
      })
      const inside = (x - g.centre.x) ** 2 + (y - g.centre.y) ** 2 <= d2
      masks.add(`${mask}:${inside ? 'in' : 'out'}`)
    }
  }
  const ids = params.partners.map((p) => p.id)
  return new Set(
    [...masks].map((m) => {
      const [mask, side] = m.split(':')
      const combo = ids.filter((_, i) => Number(mask) & (1 << i))
      return `venn:${combo.join('+') || 'none'}:${side}`
    }),
  )
}

/**
 * Every combination of partners (exactly those partners, nobody else) that this layout has no room
 * for, inside and outside the domain. Circles cannot draw every combination of four or more sets;
 * this says which are missing, so the facilitator is not left guessing.
 */
export function missingCombinations(params: CoalitionVennParams, size: Size): { inside: string[][]; outside: string[][] } {
  const present = sampleZoneIds(params, size, Math.max(2, Math.min(size.w, size.h) / 400))
  const ids = params.partners.map((p) => p.id)
  const inside: string[][] = []
  const outside: string[][] = []
  for (let mask = 1; mask < 1 << ids.length; mask++) {
    const combo = ids.filter((_, i) => mask & (1 << i))
    if (!present.has(`venn:${combo.join('+')}:in`)) inside.push(combo)
    if (!present.has(`venn:${combo.join('+')}:out`)) outside.push(combo)
  }
  return { inside, outside }
}

function layout(params: CoalitionVennParams, size: Size, language: Language): Layout {
  const s = strings[language]
  const g = vennGeometry(params, size)
  const r = g.circleRadius
  const parts: DrawingPart[] = [
    { kind: 'label', id: 'instruction', rect: { x: size.w * 0.015, y: size.h * 0.015, w: size.w * 0.97, h: size.h * 0.06 }, text: s.instruction, size: 'l', align: 'start' },
  ]
  for (const { partner, centre } of g.circles) {
    parts.push({ kind: 'ellipse', id: `circle-${partner.id}`, rect: { x: centre.x - r, y: centre.y - r, w: 2 * r, h: 2 * r }, colour: partner.colour, fill: 'none', stroke: 'xl' })
  }
  parts.push({
    kind: 'ellipse',
    id: 'domain',
    rect: { x: g.centre.x - g.domainRadius, y: g.centre.y - g.domainRadius, w: 2 * g.domainRadius, h: 2 * g.domainRadius },
    colour: 'black',
    fill: 'none',
    dash: 'dashed',
    stroke: 'l',
  })
  // Names outside the diagram, on each circle's own side.
  for (const { partner, centre } of g.circles) {
    const dx = centre.x - g.centre.x
    const dy = centre.y - g.centre.y
    const len = Math.hypot(dx, dy) || 1
    const at = { x: centre.x + (dx / len) * r * 0.8, y: centre.y + (dy / len) * r * 0.8 }
    parts.push({ kind: 'label', id: `label-${partner.id}`, rect: { x: at.x - r * 0.45, y: at.y - r * 0.08, w: r * 0.9, h: r * 0.16 }, text: partner.name, size: 'l', align: 'middle' })
  }
  parts.push({ kind: 'label', id: 'label-domain', rect: { x: g.centre.x - r * 0.8, y: g.centre.y + g.domainRadius + r * 0.03, w: r * 1.6, h: r * 0.12 }, text: s.domain, size: 'l', align: 'middle' })

  return { parts, zones: zoneAreas(params, size, language) }
}

/**
 * For the zone picker: per zone a square around its roomiest spot, found with a distance transform over
 * a sampling grid (breadth-first from every cell that borders another zone or the frame's edge).
 */
function zoneAreas(params: CoalitionVennParams, size: Size, language: Language): Layout['zones'] {
  const step = Math.max(4, Math.min(size.w, size.h) / 150)
  const cols = Math.floor(size.w / step)
  const rows = Math.floor(size.h / step)
  const zones: Zone[] = []
  const index = new Map<string, number>()
  const cell = new Int32Array(cols * rows)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const zone = zoneAt(params, size, { x: (c + 0.5) * step, y: (r + 0.5) * step }, language)
      let k = -1
      if (zone) {
        k = index.get(zone.id) ?? -1
        if (k < 0) {
          k = zones.push(zone) - 1
          index.set(zone.id, k)
        }
      }
      cell[r * cols + c] = k
    }
  }
  const depth = new Int32Array(cols * rows).fill(-1)
  const queue: number[] = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c
      const border =
        r === 0 || c === 0 || r === rows - 1 || c === cols - 1 ||
        cell[i - 1] !== cell[i] || cell[i + 1] !== cell[i] || cell[i - cols] !== cell[i] || cell[i + cols] !== cell[i]
      if (border) {
        depth[i] = 0
        queue.push(i)
      }
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]
    const r = Math.floor(i / cols)
    const c = i % cols
    for (const [dr, dc] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
      const rr = r + dr
      const cc = c + dc
      if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue
      const j = rr * cols + cc
      if (depth[j] < 0) {
        depth[j] = depth[i] + 1
        queue.push(j)
      }
    }
  }
  const best = zones.map(() => ({ i: -1, d: -1 }))
  for (let i = 0; i < cell.length; i++) {
    const k = cell[i]
    if (k >= 0 && depth[i] > best[k].d) best[k] = { i, d: depth[i] }
  }
  const order = (z: Zone) => (z.insideDomain ? 0 : 100) + (z.partners!.length === 0 ? 50 : MAX_PARTNERS - z.partners!.length)
  return zones
    .map((zone, k) => ({ zone, k }))
    .sort((a, b) => order(a.zone) - order(b.zone) || a.zone.id.localeCompare(b.zone.id))
    .map(({ zone, k }) => {
      const { i, d } = best[k]
      const x = ((i % cols) + 0.5) * step
      const y = (Math.floor(i / cols) + 0.5) * step
      const half = Math.max(step / 2, d * step * 0.7)
      return { ...zone, area: { x: x - half, y: y - half, w: 2 * half, h: 2 * half } }
    })
}

export function defaultPartners(language: Language): VennPartner[] {
  const colours = ['blue', 'orange', 'green']
  return colours.map((colour, i) => ({ id: `p${i + 1}`, name: strings[language].partner(i + 1), colour }))
}

export const coalitionVenn: TemplateDefinition<CoalitionVennParams> = {
  kind: TemplateKinds.coalitionVenn,
  defaultSize: { w: 2400, h: 1800 },
  defaultParams: (language) => ({ partners: defaultPartners(language) }),
  layout,
  zoneAt,
}
