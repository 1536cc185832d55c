/**
 * The minutes: every note as text, grouped by template and zone, in the order of the workshop material
 * (for the message house: roof, pillars, foundation; for the coalition Venn: what all partners share
 * first, then smaller groups, then what lies outside the domain). A template whose exercise has every
 * organisation place its own marker (the coalition spectrum) is listed per organisation instead:
 * "Gemeente Utrecht: Collectief — coalitie vormt ambitie". The PDF and the CSV both use this.
 */
import { translate, type Language } from '../i18n/index.ts'
import { organisationKey } from '../protocol.ts'
import { TemplateKinds, templates, type TemplateDefinition } from '../templates/index.ts'
import type { Size } from '../templates/geometry.ts'
import { shownFrameName } from '../templates/names.ts'
import type { TemplateKind } from '../templates/types.ts'
import type { NoteReport } from './notes.ts'

export interface MinutesGroup {
  /** Zone id, or null for notes in the frame but in no zone (and for loose notes). */
  zoneId: string | null
  heading: string
  notes: NoteReport[]
  /**
   * Only in the minutes of a template listed per organisation (`minutesBy: 'organisation'`): the
   * organisation these notes are from, as written on them, or null when they carry none. The heading then
   * reads "organisation: zone", and an organisation with notes in several zones has one group per zone,
   * one after the other. Absent in minutes by zone.
   */
  organisation?: string | null
  /** Only where the heading says more than the zone (per organisation): the zone's own label, or "Elders in het kader". */
  place?: string
}

export interface MinutesSection {
  /** The template frame, or null for the notes outside every template. */
  template: { id: string; kind: string; name: string } | null
  groups: MinutesGroup[]
}

export interface TemplateOnBoard {
  id: string
  kind: string
  name: string
  params: unknown
  size: Size
}

/** Reading order inside a group: top to bottom as they were made (oldest first), else by text. */
function byCreation(a: NoteReport, b: NoteReport): number {
  return (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.text.localeCompare(b.text, 'nl')
}

/**
 * `frames`: the template frames in the order they should appear (e.g. left to right on the board);
 * templates without notes still get a section, so the minutes show every exercise that was done. A group
 * can be empty (a part of the message house nobody wrote in).
 */
export function buildMinutes(notes: NoteReport[], frames: TemplateOnBoard[], language: Language): MinutesSection[] {
  const sections: MinutesSection[] = []
  for (const frame of frames) {
    const definition = templates[frame.kind as keyof typeof templates] as TemplateDefinition<unknown> | undefined
    const inFrame = notes.filter((n) => n.template?.id === frame.id)
    const groups: MinutesGroup[] = []
    const zones = definition ? definition.layout(frame.params, frame.size, language).zones : []
    const zoneOrder = zones.map((z) => z.id)
    const name = shownFrameName(frame.name, frame.kind as TemplateKind, language)
    if (definition?.minutesBy === 'organisation') {
      sections.push({ template: { id: frame.id, kind: frame.kind, name }, groups: byOrganisation(inFrame, zoneOrder, language) })
      continue
    }
    const byZone = new Map<string, NoteReport[]>()
    for (const note of inFrame) {
      if (!note.zone) continue
      byZone.set(note.zone.id, [...(byZone.get(note.zone.id) ?? []), note])
    }
    // The message house is read as a whole (core message, every pillar, foundation, audiences), so its
    // outline keeps the empty parts; other templates list the zones that hold notes.
    const wholeOutline = frame.kind === TemplateKinds.messageHouse
    // Zones in the template's own order; zones the layout no longer has (params changed) after them.
    const ids = [...zoneOrder.filter((id) => wholeOutline || byZone.has(id)), ...[...byZone.keys()].filter((id) => !zoneOrder.includes(id))]
    for (const id of ids) {
      const list = (byZone.get(id) ?? []).sort(byCreation)
      groups.push({ zoneId: id, heading: list[0]?.zone?.label ?? zones.find((z) => z.id === id)!.label, notes: list })
    }
    const elsewhere = inFrame.filter((n) => !n.zone).sort(byCreation)
    if (elsewhere.length) groups.push({ zoneId: null, heading: translate(language, 'minutes.elsewhere'), notes: elsewhere })
    // A default name ("IJsberg en waterlijn 2") in the language of the minutes, as the reader sees it on the board.
    sections.push({ template: { id: frame.id, kind: frame.kind, name }, groups })
  }
  const known = new Set(frames.map((f) => f.id))
  const loose = notes.filter((n) => !n.template || !known.has(n.template.id)).sort(byCreation)
  if (loose.length) sections.push({ template: null, groups: [{ zoneId: null, heading: translate(language, 'minutes.loose'), notes: loose }] })
  return sections
}

/**
 * One template's notes per organisation: the organisations alphabetically, notes without one last; within
 * an organisation its zones in the template's order, then what lies in the frame but in no zone. Notes
 * whose organisation is written differently ("gemeente utrecht", "Gemeente  Utrecht") are one
 * organisation, named as on its oldest note.
 */
function byOrganisation(notes: NoteReport[], zoneOrder: string[], language: Language): MinutesGroup[] {
  const organisations = new Map<string, { name: string | null; notes: NoteReport[] }>()
  for (const note of [...notes].sort(byCreation)) {
    const written = note.organisation?.trim() ? note.organisation.trim().replace(/\s+/g, ' ') : null
    const key = written ? organisationKey(written) : ''
    const entry = organisations.get(key) ?? { name: written, notes: [] }
    entry.notes.push(note)
    organisations.set(key, entry)
  }
  const ordered = [...organisations.values()].sort((a, b) =>
    a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name, language, { sensitivity: 'base' }),
  )
  const rank = (note: NoteReport) => {
    if (!note.zone) return Number.MAX_SAFE_INTEGER
    const i = zoneOrder.indexOf(note.zone.id)
    return i < 0 ? zoneOrder.length : i
  }
  const groups: MinutesGroup[] = []
  for (const organisation of ordered) {
    const heading = organisation.name ?? translate(language, 'templates.spectrum.unknownOrganisation')
    const byZone = new Map<string, NoteReport[]>()
    const sorted = [...organisation.notes].sort((a, b) => rank(a) - rank(b) || (a.zone?.id ?? '').localeCompare(b.zone?.id ?? ''))
    for (const note of sorted) {
      const id = note.zone?.id ?? ''
      byZone.set(id, [...(byZone.get(id) ?? []), note])
    }
    for (const [id, list] of byZone) {
      const place = id ? list[0].zone!.label : translate(language, 'minutes.elsewhere')
      groups.push({ zoneId: id || null, heading: `${heading}: ${place}`, notes: list.sort(byCreation), organisation: organisation.name, place })
    }
  }
  return groups
}
