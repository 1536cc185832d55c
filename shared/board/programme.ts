/**
 * The programme of the session (seed 003, step 5): parts with a title, a planned duration and the
 * template frames they use, and when each part actually started and ended. The facilitator writes it
 * (the board map's `programme`); every screen shows where the session is; the minutes follow it.
 */
import { translate, type Language } from '../i18n/index.ts'

/** The four parts of a verkenningsbijeenkomst, offered on a new board. */
export const PROGRAMME_PRESETS = ['opening', 'central', 'concluding', 'closing'] as const
export type ProgrammePreset = (typeof PROGRAMME_PRESETS)[number]

export const MAX_PARTS = 20
export const PART_TITLE_MAX_LENGTH = 120
export const MAX_PART_MINUTES = 180
export const MAX_FRAMES_PER_PART = 16

export interface ProgrammePart {
  id: string
  /** What the facilitator typed; null: the preset's title, in each reader's language. */
  title: string | null
  preset: ProgrammePreset | null
  /** Planned duration, whole minutes (1 to 180). */
  minutes: number
  /** The template frames this part uses (shape ids), in order. */
  frameIds: string[]
  /** When the part started and ended, in server time (ms since the epoch); null when it has not (yet). */
  startedAt: number | null
  endedAt: number | null
}

export interface Programme {
  parts: ProgrammePart[]
  /** The part the session is in, or null (not started, or every part done). */
  currentId: string | null
}

const PRESET_MINUTES: Record<ProgrammePreset, number> = { opening: 20, central: 45, concluding: 20, closing: 10 }

/** The starting point for a new board: the four parts of seed 003, titles in the reader's language. */
export function defaultProgramme(newId: () => string): Programme {
  return {
    parts: PROGRAMME_PRESETS.map((preset) => ({ id: newId(), title: null, preset, minutes: PRESET_MINUTES[preset], frameIds: [], startedAt: null, endedAt: null })),
    currentId: null,
  }
}

/** A new, empty part. */
export function newPart(id: string, title: string, minutes = 15): ProgrammePart {
  return { id, title, preset: null, minutes: clampMinutes(minutes), frameIds: [], startedAt: null, endedAt: null }
}

export function clampMinutes(minutes: number): number {
  return Number.isFinite(minutes) ? Math.max(1, Math.min(MAX_PART_MINUTES, Math.round(minutes))) : 1
}

/** "Centraal deel — belangen en behoeften" for a preset part, else what was typed. */
export function partTitle(part: Pick<ProgrammePart, 'title' | 'preset'>, language: Language): string {
  if (part.title !== null && part.title.trim() !== '') return part.title
  return part.preset ? translate(language, `programme.preset.${part.preset}`) : translate(language, 'programme.untitled')
}

export function currentPart(programme: Programme | null): ProgrammePart | null {
  if (!programme || programme.currentId === null) return null
  return programme.parts.find((p) => p.id === programme.currentId) ?? null
}

/** The part after the current one (the first when the session has not started); null after the last. */
export function nextPartOf(programme: Programme): ProgrammePart | null {
  if (programme.currentId === null) {
    const started = programme.parts.some((p) => p.startedAt !== null)
    return started ? null : (programme.parts[0] ?? null)
  }
  const index = programme.parts.findIndex((p) => p.id === programme.currentId)
  return programme.parts[index + 1] ?? null
}

/**
 * Goes to the part `id` at `now`: the current part ends, the chosen one starts (again, when it ran
 * before: its time counts from now). `id` null ends the session's programme.
 */
export function goToPart(programme: Programme, id: string | null, now: number): Programme {
  const parts = programme.parts.map((part) => {
    if (part.id === programme.currentId && part.id !== id) return { ...part, endedAt: now }
    if (part.id === id && part.id !== programme.currentId) return { ...part, startedAt: now, endedAt: null }
    return part
  })
  return { parts, currentId: id !== null && parts.some((p) => p.id === id) ? id : null }
}

/** "Volgende onderdeel": the next part starts, or, after the last, the programme is done. */
export function startNextPart(programme: Programme, now: number): Programme {
  return goToPart(programme, nextPartOf(programme)?.id ?? null, now)
}

/** Moves a part up (-1) or down (+1); the order is the programme's. */
export function movePart(programme: Programme, id: string, delta: -1 | 1): Programme {
  const index = programme.parts.findIndex((p) => p.id === id)
  const to = index + delta
  if (index < 0 || to < 0 || to >= programme.parts.length) return programme
  const parts = [...programme.parts]
  ;[parts[index], parts[to]] = [parts[to], parts[index]]
  return { ...programme, parts }
}

/** How long the part took (ms): from its start to its end, or to `now` while it runs; null before it started. */
export function partTookMs(part: ProgrammePart, now: number): number | null {
  if (part.startedAt === null) return null
  return Math.max(0, (part.endedAt ?? now) - part.startedAt)
}

/** The planned length of the whole programme, in minutes. */
export function plannedMinutes(programme: Programme): number {
  return programme.parts.reduce((sum, part) => sum + part.minutes, 0)
}

/** The part a template frame belongs to (the first that lists it), or null. */
export function partOfFrame(programme: Programme | null, frameId: string): ProgrammePart | null {
  return programme?.parts.find((p) => p.frameIds.includes(frameId)) ?? null
}

// -------------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
const id = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64

function isPart(v: unknown): v is ProgrammePart {
  return (
    isObject(v) &&
    id(v.id) &&
    (v.title === null || (typeof v.title === 'string' && v.title.length <= PART_TITLE_MAX_LENGTH)) &&
    (v.preset === null || (PROGRAMME_PRESETS as readonly unknown[]).includes(v.preset)) &&
    Number.isInteger(v.minutes) &&
    (v.minutes as number) >= 1 &&
    (v.minutes as number) <= MAX_PART_MINUTES &&
    Array.isArray(v.frameIds) &&
    v.frameIds.length <= MAX_FRAMES_PER_PART &&
    v.frameIds.every((f) => typeof f === 'string' && f.startsWith('shape:') && f.length <= 100) &&
    time(v.startedAt) &&
    time(v.endedAt)
  )
}

/** A programme as the rule table accepts it: at most 20 parts, unique ids, the current part one of them. */
export function isProgramme(v: unknown): v is Programme {
  if (!isObject(v) || !Array.isArray(v.parts) || v.parts.length > MAX_PARTS || !v.parts.every(isPart)) return false
  const ids = new Set(v.parts.map((p) => p.id))
  if (ids.size !== v.parts.length) return false
  return v.currentId === null || (typeof v.currentId === 'string' && ids.has(v.currentId))
}
