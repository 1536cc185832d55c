/**
 * IJsberg en waterlijn (seed 002): above the waterline what everybody sees and says, below it what
 * usually stays under the table. The facilitator brings the waterline down band by band; a band the
 * line has passed counts as above water from then on ("breng de waterlijn naar beneden").
 */
import type { Language } from '../../i18n/index.ts'
import type { Point, Size } from '../geometry.ts'
import { TemplateKinds, type DrawingPart, type Layout, type TemplateDefinition, type Zone } from '../types.ts'

export const ABOVE_TOPICS = ['ambition', 'content'] as const
export const BELOW_TOPICS = ['identity', 'values', 'stake', 'worries', 'background'] as const
export type IcebergTopic = (typeof ABOVE_TOPICS)[number] | (typeof BELOW_TOPICS)[number]

export interface IcebergParams {
  /** The current waterline as a fraction of the frame's height (starts at INITIAL_WATERLINE). */
  waterline: number
}

/** Where the line starts: the bottom of the two above-water zones and the top of the first band. */
export const INITIAL_WATERLINE = 0.34
const BOTTOM = 1

const strings = {
  nl: {
    above: 'Boven de waterlijn',
    below: 'Onder de waterlijn',
    waterline: 'Waterlijn',
    instruction:
      'Boven water: wat iedereen ziet en zegt. Onder water: wat meestal onder tafel blijft. Zet je notitie in het vak waar hij hoort.',
    topics: {
      ambition: 'gedeelde ambitie',
      content: 'inhoud: wat we samen willen doen',
      identity: 'identiteit en trots',
      values: 'waarden',
      stake: 'belang bij de samenwerking',
      worries: 'zorgen en voorwaarden',
      background: 'achtergrond en ervaring',
    },
  },
  en: {
    above: 'Above the waterline',
    below: 'Below the waterline',
    waterline: 'Waterline',
    instruction:
      'Above water: what everyone sees and says. Below water: what usually stays under the table. Put your note in the zone where it belongs.',
    topics: {
      ambition: 'shared ambition',
      content: 'content: what we want to do together',
      identity: 'identity and pride',
      values: 'values',
      stake: 'stake in the cooperation',
      worries: 'worries and conditions',
      background: 'background and experience',
    },
  },
} satisfies Record<Language, unknown>

/** Band i (0 = just under the initial line) spans these fractions of the height. */
function band(i: number): { top: number; bottom: number } {
  const h = (BOTTOM - INITIAL_WATERLINE) / BELOW_TOPICS.length
  return { top: INITIAL_WATERLINE + i * h, bottom: INITIAL_WATERLINE + (i + 1) * h }
}

/** The waterline one band lower than `params.waterline` (it stops at the last band's top). */
export function lowerWaterline(params: IcebergParams): IcebergParams {
  for (let i = 0; i < BELOW_TOPICS.length - 1; i++) {
    const next = band(i).bottom
    if (next > params.waterline + 1e-9) return { waterline: next }
  }
  return params
}

/** The waterline one band higher, never above where it started. */
export function raiseWaterline(params: IcebergParams): IcebergParams {
  for (let i = BELOW_TOPICS.length - 2; i >= 0; i--) {
    const previous = band(i).bottom
    if (previous < params.waterline - 1e-9) return { waterline: previous }
  }
  return { waterline: INITIAL_WATERLINE }
}

function topicAt(size: Size, point: Point): IcebergTopic | null {
  if (point.x < 0 || point.x > size.w || point.y < 0 || point.y > size.h) return null
  const fy = point.y / size.h
  if (fy < INITIAL_WATERLINE) return point.x < size.w / 2 ? 'ambition' : 'content'
  const i = Math.min(BELOW_TOPICS.length - 1, Math.floor((fy - INITIAL_WATERLINE) / ((BOTTOM - INITIAL_WATERLINE) / BELOW_TOPICS.length)))
  return BELOW_TOPICS[i]
}

function zoneFor(topic: IcebergTopic, above: boolean, language: Language): Zone {
  const s = strings[language]
  return { id: `${above ? 'above' : 'below'}.${topic}`, label: `${above ? s.above : s.below} — ${s.topics[topic]}` }
}

/**
 * The zone at a frame-local point. A note exactly on the current waterline counts as above water: the
 * facilitator brought the line down to it, so it is shared now.
 */
function zoneAt(params: IcebergParams, size: Size, point: Point, language: Language): Zone | null {
  const topic = topicAt(size, point)
  if (!topic) return null
  const above = point.y <= params.waterline * size.h + 1e-9
  return zoneFor(topic, above, language)
}

function layout(params: IcebergParams, size: Size, language: Language): Layout {
  const { w, h } = size
  const s = strings[language]
  const line = params.waterline * h
  const start = INITIAL_WATERLINE * h
  const parts: DrawingPart[] = []
  // The sea from the current line down; the berg across it, its tip above the first line.
  parts.push({ kind: 'rect', id: 'sea', rect: { x: 0, y: line, w, h: h - line }, colour: 'light-blue', fill: 'solid', stroke: 's' })
  parts.push({
    kind: 'polygon',
    id: 'berg',
    colour: 'grey',
    fill: 'semi',
    stroke: 'l',
    points: [
      { x: w * 0.5, y: h * 0.12 },
      { x: w * 0.6, y: h * 0.22 },
      { x: w * 0.68, y: start },
      { x: w * 0.86, y: h * 0.55 },
      { x: w * 0.8, y: h * 0.8 },
      { x: w * 0.62, y: h * 0.97 },
      { x: w * 0.36, y: h * 0.96 },
      { x: w * 0.16, y: h * 0.76 },
      { x: w * 0.18, y: h * 0.5 },
      { x: w * 0.32, y: start },
      { x: w * 0.42, y: h * 0.2 },
    ],
  })
  // The bands under water, with their names at the left.
  BELOW_TOPICS.forEach((topic, i) => {
    const b = band(i)
    if (i > 0) parts.push({ kind: 'line', id: `band-${topic}`, from: { x: 0, y: b.top * h }, to: { x: w, y: b.top * h }, colour: 'grey', dash: 'dashed' })
    const above = b.bottom * h <= line + 1e-6
    parts.push({
      kind: 'label',
      id: `label-${topic}`,
      rect: { x: w * 0.015, y: b.top * h + h * 0.01, w: w * 0.3, h: h * 0.05 },
      text: zoneFor(topic, above, language).label,
      size: 'xl',
      align: 'start',
    })
  })
  parts.push({ kind: 'line', id: 'divider', from: { x: w / 2, y: h * 0.1 }, to: { x: w / 2, y: start }, colour: 'grey', dash: 'dashed' })
  parts.push({ kind: 'label', id: 'label-ambition', rect: { x: w * 0.015, y: h * 0.1, w: w * 0.3, h: h * 0.05 }, text: zoneFor('ambition', true, language).label, size: 'xl', align: 'start' })
  parts.push({ kind: 'label', id: 'label-content', rect: { x: w * 0.685, y: h * 0.1, w: w * 0.3, h: h * 0.05 }, text: zoneFor('content', true, language).label, size: 'xl', align: 'end' })
  parts.push({ kind: 'label', id: 'instruction', rect: { x: w * 0.015, y: h * 0.015, w: w * 0.97, h: h * 0.06 }, text: s.instruction, size: 'l', align: 'start' })
  // The waterline itself, drawn last so it is on top.
  parts.push({ kind: 'line', id: 'waterline', from: { x: 0, y: line }, to: { x: w, y: line }, colour: 'blue', dash: 'solid', stroke: 'xl' })
  parts.push({ kind: 'label', id: 'label-waterline', rect: { x: w * 0.8, y: line - h * 0.055, w: w * 0.185, h: h * 0.05 }, text: s.waterline, size: 'l', align: 'end' })

  const zones = [
    ...ABOVE_TOPICS.map((topic, i) => ({
      ...zoneFor(topic, true, language),
      area: { x: i === 0 ? 0 : w / 2, y: h * 0.16, w: w / 2, h: start - h * 0.16 },
    })),
    ...BELOW_TOPICS.map((topic, i) => {
      const b = band(i)
      const above = b.bottom * h <= line + 1e-6
      return { ...zoneFor(topic, above, language), area: { x: w * 0.32, y: b.top * h, w: w * 0.68, h: (b.bottom - b.top) * h } }
    }),
  ]
  return { parts, zones }
}

export const iceberg: TemplateDefinition<IcebergParams> = {
  kind: TemplateKinds.iceberg,
  defaultSize: { w: 2400, h: 1800 },
  defaultParams: () => ({ waterline: INITIAL_WATERLINE }),
  layout,
  zoneAt,
}
