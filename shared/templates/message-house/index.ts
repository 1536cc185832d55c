/**
 * Message house (seed 000): the alliance's shared story. Roof: the core message; pillars: one key message
 * each (three by default, 2 to 5); foundation: proof points, facts and values; beside the house the
 * target groups and constituencies.
 */
import type { Language } from '../../i18n/index.ts'
import { triangleContains, type Point, type Size } from '../geometry.ts'
import { TemplateKinds, type DrawingPart, type Layout, type TemplateDefinition, type Zone } from '../types.ts'

export interface MessageHouseParams {
  /** Number of pillars, 2 to 5. */
  pillars: number
}

export const MIN_PILLARS = 2
export const MAX_PILLARS = 5

const strings = {
  nl: {
    roof: 'Dak — kernboodschap (koepelverhaal)',
    pillar: (n: number) => `Pijler ${n} — boodschap`,
    foundation: 'Fundament — bewijs, feiten en waarden',
    audiences: 'Doelgroepen en achterbannen',
    instruction: 'Bouw samen het verhaal van de alliantie: de kernboodschap in het dak, één boodschap per pijler, de bewijzen in het fundament.',
  },
  en: {
    roof: 'Roof — core message (umbrella story)',
    pillar: (n: number) => `Pillar ${n} — key message`,
    foundation: 'Foundation — proof points, facts and values',
    audiences: 'Target groups and constituencies',
    instruction: 'Build the alliance’s story together: the core message in the roof, one message per pillar, the proof in the foundation.',
  },
} satisfies Record<Language, unknown>

/** Fractions of the frame: the house on the left, the audience column on the right. */
const HOUSE_RIGHT = 0.76
const AUDIENCE_LEFT = 0.79
const ROOF_TOP = 0.08
const ROOF_BASE = 0.4
const FOUNDATION_TOP = 0.8

export function clampPillars(n: number): number {
  return Math.max(MIN_PILLARS, Math.min(MAX_PILLARS, Math.round(n)))
}

function roofCorners(size: Size): [Point, Point, Point] {
  return [
    { x: (size.w * HOUSE_RIGHT) / 2, y: size.h * ROOF_TOP },
    { x: size.w * HOUSE_RIGHT, y: size.h * ROOF_BASE },
    { x: 0, y: size.h * ROOF_BASE },
  ]
}

function pillarZone(n: number, language: Language): Zone {
  return { id: `pillar.${n}`, label: strings[language].pillar(n) }
}

function zoneAt(params: MessageHouseParams, size: Size, point: Point, language: Language): Zone | null {
  const s = strings[language]
  const { w, h } = size
  if (point.x < 0 || point.x > w || point.y < 0 || point.y > h) return null
  if (point.x >= w * (HOUSE_RIGHT + AUDIENCE_LEFT) / 2) return { id: 'audiences', label: s.audiences }
  if (point.y < h * ROOF_BASE) {
    const [a, b, c] = roofCorners(size)
    return triangleContains(a, b, c, point) ? { id: 'roof', label: s.roof } : null
  }
  if (point.y >= h * FOUNDATION_TOP) return { id: 'foundation', label: s.foundation }
  const pillars = clampPillars(params.pillars)
  // The pillars share the house's width; the gaps between them belong to the nearer pillar.
  const index = Math.min(pillars - 1, Math.floor((point.x / (w * HOUSE_RIGHT)) * pillars))
  return pillarZone(index + 1, language)
}

function layout(params: MessageHouseParams, size: Size, language: Language): Layout {
  const s = strings[language]
  const { w, h } = size
  const houseW = w * HOUSE_RIGHT
  const pillars = clampPillars(params.pillars)
  const gap = houseW * 0.03
  const pillarW = (houseW - gap * (pillars - 1)) / pillars
  const pillarTop = h * (ROOF_BASE + 0.015)
  const pillarBottom = h * (FOUNDATION_TOP - 0.015)
  const parts: DrawingPart[] = [
    { kind: 'label', id: 'instruction', rect: { x: w * 0.015, y: h * 0.015, w: w * 0.97, h: h * 0.06 }, text: s.instruction, size: 'l', align: 'start' },
    { kind: 'polygon', id: 'roof', points: roofCorners(size), colour: 'orange', fill: 'solid', stroke: 'l' },
    { kind: 'label', id: 'label-roof', rect: { x: houseW * 0.2, y: h * 0.18, w: houseW * 0.6, h: h * 0.05 }, text: s.roof, size: 'xl', align: 'middle' },
  ]
  // Notes go in the roof's wide lower part, under its name.
  const zones: Layout['zones'] = [{ id: 'roof', label: s.roof, area: { x: houseW * 0.25, y: h * 0.26, w: houseW * 0.5, h: h * 0.13 } }]
  for (let i = 0; i < pillars; i++) {
    const x = i * (pillarW + gap)
    const zone = pillarZone(i + 1, language)
    parts.push({ kind: 'rect', id: `pillar-${i + 1}`, rect: { x, y: pillarTop, w: pillarW, h: pillarBottom - pillarTop }, colour: 'blue', fill: 'semi', stroke: 'l' })
    parts.push({ kind: 'label', id: `label-pillar-${i + 1}`, rect: { x: x + pillarW * 0.05, y: pillarTop + h * 0.01, w: pillarW * 0.9, h: h * 0.05 }, text: zone.label, size: 'xl', align: 'middle' })
    zones.push({ ...zone, area: { x, y: pillarTop + h * 0.07, w: pillarW, h: pillarBottom - pillarTop - h * 0.07 } })
  }
  parts.push({ kind: 'rect', id: 'foundation', rect: { x: 0, y: h * FOUNDATION_TOP, w: houseW, h: h * (1 - FOUNDATION_TOP) }, colour: 'green', fill: 'solid', stroke: 'l' })
  parts.push({ kind: 'label', id: 'label-foundation', rect: { x: houseW * 0.02, y: h * (FOUNDATION_TOP + 0.01), w: houseW * 0.96, h: h * 0.05 }, text: s.foundation, size: 'xl', align: 'middle' })
  zones.push({ id: 'foundation', label: s.foundation, area: { x: 0, y: h * (FOUNDATION_TOP + 0.07), w: houseW, h: h * (1 - FOUNDATION_TOP - 0.07) } })
  parts.push({ kind: 'rect', id: 'audiences', rect: { x: w * AUDIENCE_LEFT, y: h * ROOF_TOP, w: w * (1 - AUDIENCE_LEFT), h: h * (1 - ROOF_TOP) }, colour: 'violet', fill: 'semi', dash: 'dashed' })
  parts.push({ kind: 'label', id: 'label-audiences', rect: { x: w * (AUDIENCE_LEFT + 0.01), y: h * (ROOF_TOP + 0.01), w: w * (1 - AUDIENCE_LEFT - 0.02), h: h * 0.08 }, text: s.audiences, size: 'xl', align: 'middle' })
  zones.push({ id: 'audiences', label: s.audiences, area: { x: w * AUDIENCE_LEFT, y: h * (ROOF_TOP + 0.1), w: w * (1 - AUDIENCE_LEFT), h: h * (0.9 - ROOF_TOP) } })
  return { parts, zones }
}

export const messageHouse: TemplateDefinition<MessageHouseParams> = {
  kind: TemplateKinds.messageHouse,
  defaultSize: { w: 2400, h: 1800 },
  defaultParams: () => ({ pillars: 3 }),
  layout,
  zoneAt,
}
