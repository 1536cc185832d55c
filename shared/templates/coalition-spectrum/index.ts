/**
 * Spectrum van coalitievorming (seed 004, Martine de Jong): three kinds of coalition side by side, from
 * directive (the ambition determines the coalition) through collective (the coalition forms the ambition)
 * to connective (the ambition moves the coalition). Each organisation places its note where it sees this
 * coalition; the minutes list the spectrum per organisation ("Gemeente Utrecht: Collectief").
 */
import type { Language } from '../../i18n/index.ts'
import type { Point, Size } from '../geometry.ts'
import { TemplateKinds, type DrawingPart, type Layout, type TemplateDefinition, type Zone } from '../types.ts'

/** The kinds left to right, as they lie on the spectrum. */
export const SPECTRUM_KINDS = ['directive', 'collective', 'connective'] as const
export type SpectrumKind = (typeof SPECTRUM_KINDS)[number]

/** The spectrum has no settings: the three kinds are the material. */
export type CoalitionSpectrumParams = Record<string, never>

/** The prompt line across the top, as a fraction of the frame's height: no zone there. */
export const PROMPT_BOTTOM = 0.1

const strings = {
  nl: {
    prompt: 'Waar zien jullie deze coalitie? Plaats de notitie van je organisatie.',
    kinds: {
      directive: { name: 'Directief', meaning: 'ambitie bepaalt coalitie' },
      collective: { name: 'Collectief', meaning: 'coalitie vormt ambitie' },
      connective: { name: 'Connectief', meaning: 'ambitie beweegt coalitie' },
    },
  },
  en: {
    prompt: 'Where do you see this coalition? Place your organisation’s note.',
    kinds: {
      directive: { name: 'Directive', meaning: 'ambition determines the coalition' },
      collective: { name: 'Collective', meaning: 'the coalition forms the ambition' },
      connective: { name: 'Connective', meaning: 'the ambition moves the coalition' },
    },
  },
} satisfies Record<Language, unknown>

const COLOURS: Record<SpectrumKind, string> = { directive: 'blue', collective: 'violet', connective: 'green' }

function zoneFor(kind: SpectrumKind, language: Language): Zone {
  const { name, meaning } = strings[language].kinds[kind]
  return { id: `spectrum.${kind}`, label: `${name} — ${meaning}` }
}

/**
 * The zone at a frame-local point: the third of the width it lies in, below the prompt line. A note
 * exactly on a dividing line counts to the kind on its right (further along the spectrum); the frame's
 * right edge belongs to the last kind.
 */
function zoneAt(_params: CoalitionSpectrumParams, size: Size, point: Point, language: Language): Zone | null {
  const { w, h } = size
  if (point.x < 0 || point.x > w || point.y < 0 || point.y > h) return null
  if (point.y < h * PROMPT_BOTTOM) return null
  const index = Math.min(SPECTRUM_KINDS.length - 1, Math.floor((point.x * SPECTRUM_KINDS.length) / w))
  return zoneFor(SPECTRUM_KINDS[index], language)
}

function layout(_params: CoalitionSpectrumParams, size: Size, language: Language): Layout {
  const { w, h } = size
  const s = strings[language]
  const third = w / SPECTRUM_KINDS.length
  const top = h * PROMPT_BOTTOM
  const inset = w * 0.006
  const parts: DrawingPart[] = [
    { kind: 'label', id: 'instruction', rect: { x: w * 0.015, y: h * 0.02, w: w * 0.97, h: h * 0.06 }, text: s.prompt, size: 'xl', align: 'start' },
  ]
  const zones: Layout['zones'] = []
  SPECTRUM_KINDS.forEach((kind, i) => {
    const x = i * third
    const { name, meaning } = s.kinds[kind]
    parts.push({ kind: 'rect', id: `zone-${kind}`, rect: { x: x + inset, y: top, w: third - 2 * inset, h: h - top - inset }, colour: COLOURS[kind], fill: 'semi', stroke: 'l' })
    parts.push({ kind: 'label', id: `label-${kind}`, rect: { x: x + third * 0.05, y: h * 0.125, w: third * 0.9, h: h * 0.06 }, text: name, size: 'xl', align: 'middle' })
    parts.push({ kind: 'label', id: `meaning-${kind}`, rect: { x: x + third * 0.05, y: h * 0.195, w: third * 0.9, h: h * 0.08 }, text: meaning, size: 'l', align: 'middle' })
    // Notes go under the name and its meaning.
    zones.push({ ...zoneFor(kind, language), area: { x: x + inset, y: h * 0.3, w: third - 2 * inset, h: h * 0.68 } })
  })
  // The spectrum runs on from one kind into the next: dashed lines between them, an axis along the bottom.
  for (let i = 1; i < SPECTRUM_KINDS.length; i++) {
    parts.push({ kind: 'line', id: `divider-${i}`, from: { x: i * third, y: top }, to: { x: i * third, y: h }, colour: 'grey', dash: 'dashed', stroke: 'm' })
  }
  parts.push({ kind: 'line', id: 'axis', from: { x: w * 0.02, y: h * 0.285 }, to: { x: w * 0.98, y: h * 0.285 }, colour: 'grey', dash: 'solid', stroke: 'l' })
  return { parts, zones }
}

export const coalitionSpectrum: TemplateDefinition<CoalitionSpectrumParams> = {
  kind: TemplateKinds.coalitionSpectrum,
  defaultSize: { w: 2400, h: 1600 },
  defaultParams: () => ({}),
  layout,
  zoneAt,
  minutesBy: 'organisation',
}
