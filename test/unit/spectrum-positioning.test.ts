import { describe, expect, it } from 'vitest'
import { collectNotes } from '../../shared/board/notes.ts'
import { buildMinutes, type TemplateOnBoard } from '../../shared/board/minutes.ts'
import { notesCsv } from '../../shared/board/csv.ts'
import { coalitionSpectrum, PROMPT_BOTTOM } from '../../shared/templates/coalition-spectrum/index.ts'
import { CHOICES_TOP, positioning, QUESTIONS_TOP } from '../../shared/templates/positioning/index.ts'
import { rectCenter, templates, type Layout, type Size, type TemplateDefinition } from '../../shared/templates/index.ts'
import { templateLabels } from '../../shared/templates/labels.ts'
import { shownFrameName, templateName } from '../../shared/templates/names.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'

/** Every zone's area inside the frame, and its centre in that very zone. */
function expectZonesSound<P>(definition: TemplateDefinition<P>, params: P, size: Size) {
  for (const language of ['nl', 'en'] as const) {
    const { zones } = definition.layout(params, size, language)
    expect(new Set(zones.map((z) => z.id)).size).toBe(zones.length)
    for (const zone of zones) {
      const { area } = zone
      expect(area.x, zone.id).toBeGreaterThanOrEqual(0)
      expect(area.y, zone.id).toBeGreaterThanOrEqual(0)
      expect(area.x + area.w, zone.id).toBeLessThanOrEqual(size.w)
      expect(area.y + area.h, zone.id).toBeLessThanOrEqual(size.h)
      // Room for at least one full-size note (200 × 200).
      expect(Math.min(area.w, area.h), zone.id).toBeGreaterThanOrEqual(200)
      expect(definition.zoneAt(params, size, rectCenter(area), language)).toEqual({ id: zone.id, label: zone.label })
      // The corners of the area too: a note placed anywhere in it is in the zone.
      for (const corner of [{ x: area.x, y: area.y }, { x: area.x + area.w - 1, y: area.y + area.h - 1 }]) {
        expect(definition.zoneAt(params, size, corner, language)?.id, `${zone.id} corner`).toBe(zone.id)
      }
    }
  }
}

/** No label of the drawing lies over the spot where the notes of a zone go. */
function expectLabelsClearOfNotes(layout: Layout) {
  const labels = layout.parts.filter((p) => p.kind === 'label')
  for (const zone of layout.zones) {
    for (const label of labels) {
      const r = label.rect
      const overlaps = r.x < zone.area.x + zone.area.w && zone.area.x < r.x + r.w && r.y < zone.area.y + zone.area.h && zone.area.y < r.y + r.h
      expect(overlaps, `${label.id} over ${zone.id}`).toBe(false)
    }
  }
}

describe('coalition spectrum', () => {
  const size = coalitionSpectrum.defaultSize
  const params = coalitionSpectrum.defaultParams('nl')
  const at = (x: number, y: number, language: 'nl' | 'en' = 'nl') => coalitionSpectrum.zoneAt(params, size, { x, y }, language)
  const middleY = size.h * 0.6

  it('is registered under its kind, with its name in both languages', () => {
    expect(templates['coalition-spectrum']).toBe(coalitionSpectrum)
    expect(templateName('coalition-spectrum', 'nl')).toBe('Coalitiespectrum')
    expect(templateName('coalition-spectrum', 'en')).toBe('Coalition spectrum')
    expect(shownFrameName('Coalitiespectrum 2', 'coalition-spectrum', 'en')).toBe('Coalition spectrum 2')
  })

  it('runs from directive on the left through collective to connective on the right', () => {
    expect(at(size.w * 0.1, middleY)).toEqual({ id: 'spectrum.directive', label: 'Directief — ambitie bepaalt coalitie' })
    expect(at(size.w * 0.5, middleY)).toEqual({ id: 'spectrum.collective', label: 'Collectief — coalitie vormt ambitie' })
    expect(at(size.w * 0.9, middleY)).toEqual({ id: 'spectrum.connective', label: 'Connectief — ambitie beweegt coalitie' })
    expect(at(size.w * 0.1, middleY, 'en')?.label).toBe('Directive — ambition determines the coalition')
    expect(at(size.w * 0.5, middleY, 'en')?.label).toBe('Collective — the coalition forms the ambition')
    expect(at(size.w * 0.9, middleY, 'en')?.label).toBe('Connective — the ambition moves the coalition')
  })

  it('a note exactly on a dividing line counts to the kind on its right; just left of it, to the left', () => {
    expect(at(size.w / 3, middleY)?.id).toBe('spectrum.collective')
    expect(at(size.w / 3 - 0.5, middleY)?.id).toBe('spectrum.directive')
    expect(at((2 * size.w) / 3, middleY)?.id).toBe('spectrum.connective')
    expect(at((2 * size.w) / 3 - 0.5, middleY)?.id).toBe('spectrum.collective')
  })

  it('the corners and edges of the frame belong to the zones there; outside the frame and in the prompt line there is none', () => {
    expect(at(0, size.h)?.id).toBe('spectrum.directive')
    expect(at(size.w, size.h)?.id).toBe('spectrum.connective')
    expect(at(size.w, size.h * PROMPT_BOTTOM)?.id).toBe('spectrum.connective')
    expect(at(0, 0)).toBeNull() // top-left corner: in the prompt line
    expect(at(size.w * 0.5, size.h * 0.05)).toBeNull()
    expect(at(size.w * 0.5, size.h * PROMPT_BOTTOM - 0.5)).toBeNull()
    expect(at(size.w * 0.5, size.h * PROMPT_BOTTOM)?.id).toBe('spectrum.collective')
    expect(at(-1, middleY)).toBeNull()
    expect(at(size.w + 1, middleY)).toBeNull()
    expect(at(size.w * 0.5, size.h + 1)).toBeNull()
    expect(at(size.w * 0.5, -1)).toBeNull()
  })

  it('every zone has room inside the frame, and its middle maps back to it, at the default size and another', () => {
    expectZonesSound(coalitionSpectrum, params, size)
    expectZonesSound(coalitionSpectrum, params, { w: 3000, h: 1400 })
    expect(coalitionSpectrum.layout(params, size, 'nl').zones.map((z) => z.id)).toEqual(['spectrum.directive', 'spectrum.collective', 'spectrum.connective'])
    expectLabelsClearOfNotes(coalitionSpectrum.layout(params, size, 'nl'))
  })

  it('shows each kind’s name large and its meaning readable, the prompt across the top, in the reader’s language', () => {
    const frame = frameRecord('shape:spec', 'coalition-spectrum', params, { x: 0, y: 0, ...size })
    const nl = templateLabels(frame, 'nl')!
    const en = templateLabels(frame, 'en')!
    expect(nl.get('instruction')).toBe('Waar zien jullie deze coalitie? Plaats de notitie van je organisatie.')
    expect(en.get('instruction')).toBe('Where do you see this coalition? Place your organisation’s note.')
    expect([nl.get('label-directive'), nl.get('label-collective'), nl.get('label-connective')]).toEqual(['Directief', 'Collectief', 'Connectief'])
    expect([en.get('meaning-directive'), en.get('meaning-collective'), en.get('meaning-connective')]).toEqual([
      'ambition determines the coalition',
      'the coalition forms the ambition',
      'the ambition moves the coalition',
    ])
    expect([...en.keys()]).toEqual([...nl.keys()])
    const labels = coalitionSpectrum.layout(params, size, 'nl').parts.filter((p) => p.kind === 'label')
    for (const label of labels) expect(['l', 'xl'], label.id).toContain(label.size)
    expect(labels.filter((l) => l.id.startsWith('label-')).every((l) => l.size === 'xl')).toBe(true)
    // The prompt line's label lies in the prompt line, which has no zone.
    const prompt = labels.find((l) => l.id === 'instruction')!
    expect(prompt.rect.y + prompt.rect.h).toBeLessThanOrEqual(size.h * PROMPT_BOTTOM)
  })
})

describe('positioning', () => {
  const size = positioning.defaultSize
  const params = positioning.defaultParams('nl')
  const at = (x: number, y: number, language: 'nl' | 'en' = 'nl') => positioning.zoneAt(params, size, { x, y }, language)
  const choiceY = size.h * 0.3
  const topRow = size.h * 0.6
  const bottomRow = size.h * 0.9

  it('is registered under its kind, with its name in both languages', () => {
    expect(templates.positioning).toBe(positioning)
    expect(templateName('positioning', 'nl')).toBe('Positionering')
    expect(templateName('positioning', 'en')).toBe('Positioning')
  })

  it('offers the three choices side by side, and the questions under them', () => {
    expect(at(size.w * 0.1, choiceY)).toEqual({ id: 'choice.monolithic', label: 'Monolithisch — de alliantie centraal; de partners onzichtbaar' })
    expect(at(size.w * 0.5, choiceY)?.id).toBe('choice.branded')
    expect(at(size.w * 0.5, choiceY)?.label).toMatch(/^Branded — de opgave centraal; .*achter de coulissen$/)
    expect(at(size.w * 0.9, choiceY)?.label).toBe('Endorsed — de partners communiceren zelf en profileren zich als lid van de alliantie')
    expect(at(size.w * 0.25, topRow)).toEqual({ id: 'question.visibility', label: 'Hoe belangrijk is zichtbaarheid van de afzonderlijke partners?' })
    expect(at(size.w * 0.75, topRow)?.label).toBe('Draagt stevige positionering bij aan de communicatieve doelen? Welke?')
    expect(at(size.w * 0.25, bottomRow)).toEqual({ id: 'question.spokesperson', label: 'Wie spreekt namens de alliantie?' })
    expect(at(size.w * 0.75, bottomRow)?.label).toBe('Wat doe je als het spannend wordt? Hoe houd je elkaar vast?')
    expect(at(size.w * 0.1, choiceY, 'en')?.label).toBe('Monolithic — the alliance at the centre; the partners invisible')
    expect(at(size.w * 0.9, choiceY, 'en')?.label).toBe('Endorsed — the partners communicate themselves and present themselves as members of the alliance')
    expect(at(size.w * 0.25, bottomRow, 'en')?.label).toBe('Who speaks on behalf of the alliance?')
    expect(at(size.w * 0.25, topRow, 'en')?.label).toBe('How important is the visibility of the individual partners?')
  })

  it('lists its zones in reading order: the choices first, then the questions', () => {
    expect(positioning.layout(params, size, 'nl').zones.map((z) => z.id)).toEqual([
      'choice.monolithic',
      'choice.branded',
      'choice.endorsed',
      'question.visibility',
      'question.goals',
      'question.spokesperson',
      'question.tension',
    ])
  })

  it('points on a dividing line count to the zone right of it or below it', () => {
    expect(at(size.w / 3, choiceY)?.id).toBe('choice.branded')
    expect(at(size.w / 3 - 0.5, choiceY)?.id).toBe('choice.monolithic')
    expect(at((2 * size.w) / 3, choiceY)?.id).toBe('choice.endorsed')
    // The line between the choices and the questions.
    expect(at(size.w * 0.2, size.h * QUESTIONS_TOP)?.id).toBe('question.visibility')
    expect(at(size.w * 0.2, size.h * QUESTIONS_TOP - 0.5)?.id).toBe('choice.monolithic')
    // The middle of the questions: right and lower.
    const rows = size.h * (QUESTIONS_TOP + (1 - QUESTIONS_TOP) / 2)
    expect(at(size.w / 2, rows)?.id).toBe('question.tension')
    expect(at(size.w / 2 - 0.5, rows - 0.5)?.id).toBe('question.visibility')
    expect(at(size.w / 2 - 0.5, rows)?.id).toBe('question.spokesperson')
    expect(at(size.w / 2, rows - 0.5)?.id).toBe('question.goals')
  })

  it('the corners and edges belong to the zones there; outside the frame and in the instruction line there is none', () => {
    expect(at(0, size.h)?.id).toBe('question.spokesperson')
    expect(at(size.w, size.h)?.id).toBe('question.tension')
    expect(at(size.w, size.h * CHOICES_TOP)?.id).toBe('choice.endorsed')
    expect(at(0, 0)).toBeNull()
    expect(at(size.w * 0.5, size.h * CHOICES_TOP - 0.5)).toBeNull()
    expect(at(-0.5, choiceY)).toBeNull()
    expect(at(size.w * 0.5, size.h + 0.5)).toBeNull()
  })

  it('every zone has room inside the frame, and its middle maps back to it', () => {
    expectZonesSound(positioning, params, size)
    expectZonesSound(positioning, params, { w: 3000, h: 2400 })
    expectLabelsClearOfNotes(positioning.layout(params, size, 'nl'))
  })

  it('labels follow the reader’s language, names large', () => {
    const frame = frameRecord('shape:pos', 'positioning', params, { x: 0, y: 0, ...size })
    const nl = templateLabels(frame, 'nl')!
    const en = templateLabels(frame, 'en')!
    expect([nl.get('label-monolithic'), nl.get('label-branded'), nl.get('label-endorsed')]).toEqual(['Monolithisch', 'Branded', 'Endorsed'])
    expect([en.get('label-monolithic'), en.get('label-branded'), en.get('label-endorsed')]).toEqual(['Monolithic', 'Branded', 'Endorsed'])
    expect(nl.get('label-spokesperson')).toBe('Wie spreekt namens de alliantie?')
    expect(en.get('label-tension')).toBe('What do you do when things get tense? How do you hold on to each other?')
    expect(nl.get('meaning-branded')).toContain('achter de coulissen')
    expect(en.get('meaning-branded')).toContain('behind the scenes')
    expect([...en.keys()]).toEqual([...nl.keys()])
    const labels = positioning.layout(params, size, 'nl').parts.filter((p) => p.kind === 'label')
    for (const label of labels) expect(['l', 'xl'], label.id).toContain(label.size)
  })
})

describe('the minutes of the spectrum and the positioning', () => {
  const spectrumSize = coalitionSpectrum.defaultSize
  const positioningSize = positioning.defaultSize
  const frames: TemplateOnBoard[] = [
    { id: 'shape:spec', kind: 'coalition-spectrum', name: 'Coalitiespectrum', params: {}, size: spectrumSize },
    { id: 'shape:pos', kind: 'positioning', name: 'Positionering', params: {}, size: positioningSize },
  ]
  const by = (author: string, organisation: string | undefined, createdAt = '2026-11-22T10:00:00Z') =>
    organisation === undefined ? { author, authorId: author, createdAt } : { author, organisation, authorId: author, createdAt }
  /** A note whose centre is at the frame-local point. */
  const noteAt = (id: string, text: string, parentId: string, x: number, y: number, author: ReturnType<typeof by>) =>
    noteRecord(id, text, { x: x - 100, y: y - 100, parentId }, author as { author: string; organisation: string; authorId: string })
  const y = spectrumSize.h * 0.6
  const left = spectrumSize.w * 0.15
  const middle = spectrumSize.w * 0.5
  const right = spectrumSize.w * 0.85
  const records = [
    frameRecord('shape:spec', 'coalition-spectrum', {}, { x: 0, y: 0, ...spectrumSize }),
    frameRecord('shape:pos', 'positioning', {}, { x: 3000, y: 0, ...positioningSize }),
    noteAt('shape:z1', 'Wij trekken', 'shape:spec', right, y, by('Zoë', 'Zorggroep Oost')),
    noteAt('shape:g1', 'Samen met de corporaties', 'shape:spec', middle, y, by('Anne', 'Gemeente Utrecht', '2026-11-22T10:02:00Z')),
    noteAt('shape:g2', 'Voor de wijk zelf: netwerk', 'shape:spec', right, y + 250, by('Bert', 'gemeente  utrecht', '2026-11-22T10:01:00Z')),
    noteAt('shape:w1', 'De gemeente bepaalt', 'shape:spec', left, y, by('Wim', 'Woonstichting')),
    noteAt('shape:u1', 'Geen idee', 'shape:spec', middle, y + 250, by('Onbekend', undefined)),
    noteAt('shape:p1', 'In de kopregel', 'shape:spec', middle, spectrumSize.h * 0.03 + 100, by('Wim', 'Woonstichting', '2026-11-22T10:03:00Z')),
    noteAt('shape:q1', 'De voorzitter', 'shape:pos', positioningSize.w * 0.25, positioningSize.h * 0.9, by('Anne', 'Gemeente Utrecht')),
    noteAt('shape:c1', 'Partners in beeld', 'shape:pos', positioningSize.w * 0.85, positioningSize.h * 0.35, by('Wim', 'Woonstichting')),
    noteAt('shape:q2', 'Partners moeten zichtbaar blijven', 'shape:pos', positioningSize.w * 0.2, positioningSize.h * 0.62, by('Zoë', 'Zorggroep Oost')),
  ]
  const sections = buildMinutes(collectNotes(records, 'nl'), frames, 'nl')

  it('lists the spectrum per organisation, alphabetically, each saying where it sees the coalition; no organisation last', () => {
    const spectrum = sections[0]
    expect(spectrum.template?.name).toBe('Coalitiespectrum')
    expect(spectrum.groups.map((g) => [g.heading, g.notes.map((n) => n.text)])).toEqual([
      // Two spellings of one organisation are one; its zones in the spectrum's order.
      ['gemeente utrecht: Collectief — coalitie vormt ambitie', ['Samen met de corporaties']],
      ['gemeente utrecht: Connectief — ambitie beweegt coalitie', ['Voor de wijk zelf: netwerk']],
      ['Woonstichting: Directief — ambitie bepaalt coalitie', ['De gemeente bepaalt']],
      ['Woonstichting: Elders in het kader', ['In de kopregel']],
      ['Zorggroep Oost: Connectief — ambitie beweegt coalitie', ['Wij trekken']],
      ['Organisatie onbekend: Collectief — coalitie vormt ambitie', ['Geen idee']],
    ])
    expect(spectrum.groups[0]).toMatchObject({ zoneId: 'spectrum.collective', organisation: 'gemeente utrecht', place: 'Collectief — coalitie vormt ambitie' })
    expect(spectrum.groups[3]).toMatchObject({ zoneId: null, organisation: 'Woonstichting' })
    expect(spectrum.groups[5]).toMatchObject({ organisation: null })
    // Every note of the spectrum is in the minutes, once.
    expect(spectrum.groups.flatMap((g) => g.notes).length).toBe(6)
  })

  it('names the organisation as its oldest note writes it', () => {
    const earlier = records.map((r) => (r.id === 'shape:g1' ? { ...r, meta: { ...r.meta, createdAt: '2026-11-22T09:00:00Z' } } : r))
    const groups = buildMinutes(collectNotes(earlier, 'nl'), frames, 'nl')[0].groups
    expect(groups[0].heading).toBe('Gemeente Utrecht: Collectief — coalitie vormt ambitie')
    expect(groups[1].heading).toBe('Gemeente Utrecht: Connectief — ambitie beweegt coalitie')
  })

  it('lists the positioning by zone: the choices first, then the questions, only where notes are', () => {
    expect(sections[1].groups.map((g) => [g.heading, g.notes.length])).toEqual([
      ['Endorsed — de partners communiceren zelf en profileren zich als lid van de alliantie', 1],
      ['Hoe belangrijk is zichtbaarheid van de afzonderlijke partners?', 1],
      ['Wie spreekt namens de alliantie?', 1],
    ])
    expect(sections[1].groups.every((g) => g.organisation === undefined)).toBe(true)
  })

  it('speaks English when asked', () => {
    const english = buildMinutes(collectNotes(records, 'en'), frames, 'en')
    expect(english[0].template?.name).toBe('Coalition spectrum')
    expect(english[0].groups.map((g) => g.heading)).toContain('Woonstichting: Directive — ambition determines the coalition')
    expect(english[0].groups.at(-1)?.heading).toBe('Unknown organisation: Collective — the coalition forms the ambition')
    expect(english[1].groups[2].heading).toBe('Who speaks on behalf of the alliance?')
  })

  it('the CSV has the zone in its place column and the organisation in its own', () => {
    const lines = notesCsv(sections, 'nl', () => null, 'UTC').slice(1).split('\r\n')
    expect(lines).toContain('Coalitiespectrum;Collectief — coalitie vormt ambitie;Samen met de corporaties;Anne;Gemeente Utrecht;;22-11-2026 10:02')
    expect(lines).toContain('Positionering;Wie spreekt namens de alliantie?;De voorzitter;Anne;Gemeente Utrecht;;22-11-2026 10:00')
  })
})
