/**
 * The minutes: every note as text, grouped by template and zone, in the order of the workshop material
 * (for the message house: roof, pillars, foundation; for the coalition Venn: what all partners share
 * first, then smaller groups, then what lies outside the domain). The PDF and the CSV both use this.
 */
import { translate, type Language } from '../i18n/index.ts'
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
    sections.push({ template: { id: frame.id, kind: frame.kind, name: shownFrameName(frame.name, frame.kind as TemplateKind, language) }, groups })
  }
  const known = new Set(frames.map((f) => f.id))
  const loose = notes.filter((n) => !n.template || !known.has(n.template.id)).sort(byCreation)
  if (loose.length) sections.push({ template: null, groups: [{ zoneId: null, heading: translate(language, 'minutes.loose'), notes: loose }] })
  return sections
}
