/**
 * Positionering van de alliantie (seed 000): three ways to put an alliance in the world, side by side —
 * monolithic (the alliance at the centre, the partners invisible), branded (the task at the centre, the
 * alliance behind the scenes), endorsed (the partners speak themselves, as members of the alliance) — and
 * under them the questions to weigh the choice with. Often followed by a voting round on the notes.
 */
import type { Language } from '../../i18n/index.ts'
import type { Point, Size } from '../geometry.ts'
import { TemplateKinds, type DrawingPart, type Layout, type TemplateDefinition, type Zone } from '../types.ts'

export const POSITIONING_CHOICES = ['monolithic', 'branded', 'endorsed'] as const
export type PositioningChoice = (typeof POSITIONING_CHOICES)[number]
/** The questions in reading order: top row left, right; bottom row left, right. */
export const POSITIONING_QUESTIONS = ['visibility', 'goals', 'spokesperson', 'tension'] as const
export type PositioningQuestion = (typeof POSITIONING_QUESTIONS)[number]

/** The positioning has no settings. */
export type PositioningParams = Record<string, never>

/** Fractions of the frame's height: the instruction line, the choices, the questions below them. */
export const CHOICES_TOP = 0.07
export const QUESTIONS_TOP = 0.52
const QUESTION_ROW = (1 - QUESTIONS_TOP) / 2

const strings = {
  nl: {
    instruction: 'Hoe zetten we de alliantie neer? Zet je notitie bij de keuze die bij jullie past, en bij de vragen eronder.',
    choices: {
      monolithic: { name: 'Monolithisch', meaning: 'de alliantie centraal; de partners onzichtbaar' },
      branded: { name: 'Branded', meaning: 'de opgave centraal; de partners communiceren via eigen kanalen, de alliantie achter de coulissen' },
      endorsed: { name: 'Endorsed', meaning: 'de partners communiceren zelf en profileren zich als lid van de alliantie' },
    },
    questions: {
      visibility: 'Hoe belangrijk is zichtbaarheid van de afzonderlijke partners?',
      goals: 'Draagt stevige positionering bij aan de communicatieve doelen? Welke?',
      spokesperson: 'Wie spreekt namens de alliantie?',
      tension: 'Wat doe je als het spannend wordt? Hoe houd je elkaar vast?',
    },
  },
  en: {
    instruction: 'How do we put the alliance in the world? Put your note by the choice that suits you, and by the questions below.',
    choices: {
      monolithic: { name: 'Monolithic', meaning: 'the alliance at the centre; the partners invisible' },
      branded: { name: 'Branded', meaning: 'the task at the centre; the partners communicate through their own channels, the alliance behind the scenes' },
      endorsed: { name: 'Endorsed', meaning: 'the partners communicate themselves and present themselves as members of the alliance' },
    },
    questions: {
      visibility: 'How important is the visibility of the individual partners?',
      goals: 'Does strong positioning serve the communication goals? Which ones?',
      spokesperson: 'Who speaks on behalf of the alliance?',
      tension: 'What do you do when things get tense? How do you hold on to each other?',
    },
  },
} satisfies Record<Language, unknown>

const CHOICE_COLOURS: Record<PositioningChoice, string> = { monolithic: 'blue', branded: 'orange', endorsed: 'green' }

function choiceZone(choice: PositioningChoice, language: Language): Zone {
  const { name, meaning } = strings[language].choices[choice]
  return { id: `choice.${choice}`, label: `${name} — ${meaning}` }
}

function questionZone(question: PositioningQuestion, language: Language): Zone {
  return { id: `question.${question}`, label: strings[language].questions[question] }
}

/**
 * The zone at a frame-local point: a third of the width in the upper half (the choices), a quarter of the
 * lower half (the questions); none in the instruction line. A point exactly on a dividing line counts to
 * the zone right of it or below it; the frame's right and bottom edges to the zones along them.
 */
function zoneAt(_params: PositioningParams, size: Size, point: Point, language: Language): Zone | null {
  const { w, h } = size
  if (point.x < 0 || point.x > w || point.y < 0 || point.y > h) return null
  if (point.y < h * CHOICES_TOP) return null
  if (point.y < h * QUESTIONS_TOP) {
    const index = Math.min(POSITIONING_CHOICES.length - 1, Math.floor((point.x * POSITIONING_CHOICES.length) / w))
    return choiceZone(POSITIONING_CHOICES[index], language)
  }
  const column = point.x < w / 2 ? 0 : 1
  const row = point.y < h * (QUESTIONS_TOP + QUESTION_ROW) ? 0 : 1
  return questionZone(POSITIONING_QUESTIONS[row * 2 + column], language)
}

function layout(_params: PositioningParams, size: Size, language: Language): Layout {
  const { w, h } = size
  const s = strings[language]
  const inset = w * 0.005
  const parts: DrawingPart[] = [
    { kind: 'label', id: 'instruction', rect: { x: w * 0.015, y: h * 0.015, w: w * 0.97, h: h * 0.05 }, text: s.instruction, size: 'l', align: 'start' },
  ]
  const zones: Layout['zones'] = []
  const third = w / POSITIONING_CHOICES.length
  const choicesTop = h * CHOICES_TOP
  const choicesBottom = h * QUESTIONS_TOP
  POSITIONING_CHOICES.forEach((choice, i) => {
    const x = i * third
    const { name, meaning } = s.choices[choice]
    parts.push({ kind: 'rect', id: `choice-${choice}`, rect: { x: x + inset, y: choicesTop, w: third - 2 * inset, h: choicesBottom - choicesTop - inset }, colour: CHOICE_COLOURS[choice], fill: 'semi', stroke: 'l' })
    parts.push({ kind: 'label', id: `label-${choice}`, rect: { x: x + third * 0.05, y: choicesTop + h * 0.015, w: third * 0.9, h: h * 0.04 }, text: name, size: 'xl', align: 'middle' })
    parts.push({ kind: 'label', id: `meaning-${choice}`, rect: { x: x + third * 0.05, y: choicesTop + h * 0.06, w: third * 0.9, h: h * 0.08 }, text: meaning, size: 'l', align: 'middle' })
    zones.push({ ...choiceZone(choice, language), area: { x: x + inset, y: choicesTop + h * 0.16, w: third - 2 * inset, h: choicesBottom - choicesTop - h * 0.17 } })
  })
  POSITIONING_QUESTIONS.forEach((question, i) => {
    const x = (i % 2) * (w / 2)
    const y = h * (QUESTIONS_TOP + Math.floor(i / 2) * QUESTION_ROW)
    const cellH = h * QUESTION_ROW
    parts.push({ kind: 'rect', id: `question-${question}`, rect: { x: x + inset, y: y + inset, w: w / 2 - 2 * inset, h: cellH - 2 * inset }, colour: 'grey', fill: 'none', dash: 'dashed', stroke: 'm' })
    parts.push({ kind: 'label', id: `label-${question}`, rect: { x: x + w * 0.015, y: y + h * 0.012, w: w / 2 - w * 0.03, h: h * 0.07 }, text: s.questions[question], size: 'xl', align: 'start' })
    zones.push({ ...questionZone(question, language), area: { x: x + inset, y: y + h * 0.09, w: w / 2 - 2 * inset, h: cellH - h * 0.1 } })
  })
  return { parts, zones }
}

export const positioning: TemplateDefinition<PositioningParams> = {
  kind: TemplateKinds.positioning,
  defaultSize: { w: 2400, h: 1800 },
  defaultParams: () => ({}),
  layout,
  zoneAt,
}
