/**
 * The one minutes model of a whole workshop (programme, group, vote, commitment, agreements), and the
 * Markdown and Word documents written from it.
 */
import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { buildMinutesDocument, type MinutesSource } from '../../shared/board/minutesDocument.ts'
import { markdownText, minutesMarkdown } from '../../shared/board/minutesMarkdown.ts'
import { minutesDocx } from '../../server/minutesWord.ts'
import { BoardMapKeys, organisationKey } from '../../shared/protocol.ts'
import { templates } from '../../shared/templates/index.ts'
import type { TemplateDefinition } from '../../shared/templates/types.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'

const W = 2400
const H = 1800
const MIN = 60_000
const T0 = Date.parse('2026-12-02T09:00:00Z')

const anne = { author: 'Anne', organisation: 'Gemeente Utrecht', authorId: 'a1', createdAt: '2026-12-02T09:10:00Z' }
const bram = { author: 'Bram', organisation: 'Woonstichting Reünie', authorId: 'b2', createdAt: '2026-12-02T09:40:00Z' }
const carla = { author: 'Carla', organisation: 'Zorggroep Noord', authorId: 'c3', createdAt: '2026-12-02T09:50:00Z' }

/** A note whose centre lies in the middle of the zone `zoneId` of the frame. */
function noteInZone(id: string, text: string, frame: { id: string; kind: 'iceberg' | 'message-house'; params: unknown }, zoneId: string, author: typeof anne) {
  const definition = templates[frame.kind] as TemplateDefinition<unknown>
  const zone = definition.layout(frame.params, { w: W, h: H }, 'nl').zones.find((z) => z.id === zoneId)!
  return noteRecord(id, text, { x: zone.area.x + zone.area.w / 2 - 100, y: zone.area.y + zone.area.h / 2 - 100, parentId: frame.id }, author)
}

const opening = { id: 'shape:ice1', kind: 'iceberg' as const, params: { waterline: 0.34 } }
const house = { id: 'shape:house', kind: 'message-house' as const, params: { pillars: 2 } }
const groupIce = { id: 'shape:ice2', kind: 'iceberg' as const, params: { waterline: 0.34 } }
const SPECIAL = '# Geen kop | geen *nadruk* _of_ [link](x)'

const records = [
  frameRecord(opening.id, 'iceberg', opening.params, { x: 0, y: 0, w: W, h: H, name: 'IJsberg van de opening' }),
  frameRecord(house.id, 'message-house', house.params, { x: 3000, y: 0, w: W, h: H, name: 'Message house' }),
  frameRecord(groupIce.id, 'iceberg', groupIce.params, { x: 6000, y: 0, w: W, h: H, name: 'Wonen en zorg' }),
  noteInZone('shape:n1', SPECIAL, opening, 'below.values', anne),
  noteInZone('shape:n2', 'Iedereen een thuis in de wijk', opening, 'above.ambition', bram),
  noteInZone('shape:n3', 'Samen zorgen we voor de wijk', house, 'roof', anne),
  noteInZone('shape:n4', 'Wachtlijsten voor zorgwoningen', groupIce, 'below.worries', carla),
  noteRecord('shape:n5', 'Volgende keer in het buurthuis', { x: -900, y: -900 }, bram),
]

const programme = {
  currentId: null,
  parts: [
    { id: 'p1', title: null, preset: 'opening', minutes: 20, frameIds: [opening.id], startedAt: T0, endedAt: T0 + 23 * MIN },
    { id: 'p2', title: 'Belangen per groep', preset: null, minutes: 45, frameIds: [house.id, groupIce.id], startedAt: T0 + 23 * MIN, endedAt: T0 + 70 * MIN },
    { id: 'p3', title: null, preset: 'closing', minutes: 10, frameIds: [], startedAt: null, endedAt: null },
  ],
}
const groups = {
  id: 'split1',
  active: false,
  groups: [
    { id: 'g1', name: 'Wonen en zorg', members: ['c3', 'a1'], frameId: groupIce.id },
    { id: 'g2', name: 'Werk en inkomen', members: ['b2'], frameId: null },
  ],
}
const agreements = {
  items: [
    { id: 'x1', what: 'Discussienotitie schrijven', owner: 'Woonstichting Reünie', due: '2027-03-01', kind: 'discussion-paper', noteId: null, createdAt: '2026-12-02T10:05:00Z' },
    { id: 'x2', what: 'Plan van aanpak | begroting', owner: 'Gemeente Utrecht', due: 'voor de zomer', kind: 'plan-of-approach', noteId: 'shape:n3', createdAt: '2026-12-02T10:06:00Z' },
    { id: 'x3', what: 'Zorgverzekeraar benaderen', owner: null, due: '', kind: 'other', noteId: null, createdAt: '2026-12-02T10:07:00Z' },
  ],
  nextMeeting: { date: '2027-03-12', note: '14:00, stadhuis' },
}
const organisations = [
  { name: 'Gemeente Utrecht', colour: 'blue', index: 0 },
  { name: 'Woonstichting Reünie', colour: 'orange', index: 1 },
  { name: 'Zorggroep Noord', colour: 'green', index: 2 },
]
const people: [string, unknown][] = [
  ['a1', { name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-12-02T08:55:00Z' }],
  ['b2', { name: 'Bram', organisation: 'Woonstichting Reünie', joinedAt: '2026-12-02T08:56:00Z' }],
  ['c3', { name: 'Carla', organisation: 'Zorggroep Noord', joinedAt: '2026-12-02T08:57:00Z' }],
]
const answer = (organisation: string, level: string, remark: string, by: string, name: string) =>
  [organisationKey(organisation), { organisation, level, remark, by, name, at: '2026-12-02T10:00:00Z' }] as [string, unknown]

const board: Record<string, unknown> = {
  [BoardMapKeys.programme]: programme,
  [BoardMapKeys.groups]: groups,
  [BoardMapKeys.agreements]: agreements,
  [BoardMapKeys.voting]: { id: 'r1', votesPerPerson: 3, allowStacking: false, hideResults: true, open: false },
  [BoardMapKeys.commitment]: { open: false, question: null },
}

const source: MinutesSource = {
  title: 'Verkenning Wonen | Zorg',
  records,
  board: (key) => board[key],
  organisations,
  people,
  votes: [
    ['r1|a1', ['shape:n3']],
    ['r1|b2', ['shape:n3', 'shape:n1']],
  ],
  commitments: [answer('Gemeente Utrecht', 'joins', 'Met | budget', 'a1', 'Anne'), answer('Woonstichting Reünie', 'conditional', 'Als de huren betaalbaar blijven', 'b2', 'Bram')],
}

const NOW = T0 + 3 * 60 * MIN
const minutes = buildMinutesDocument(source, { language: 'nl', now: NOW })

describe('the minutes model', () => {
  it('follows the programme: every part in order with how long it took, what lies in no part at the end', () => {
    expect(minutes.hasProgramme).toBe(true)
    expect(minutes.parts.map((p) => [p.heading, p.timing])).toEqual([
      ['Begin — visie, stand van zaken, kansen en bedreigingen', 'Gepland: 20 min · duurde 23 min'],
      ['Belangen per groep', 'Gepland: 45 min · duurde 47 min'],
      ['Afsluitend deel — erkenning en netwerken', 'Gepland: 10 min'],
      ['Overige onderdelen van het bord', null],
    ])
    expect(minutes.parts.map((p) => p.sections.map((s) => s.template?.name ?? 'los'))).toEqual([['IJsberg van de opening'], ['Message house', 'Wonen en zorg'], [], ['los']])
    expect(minutes.date).toBe('2 december 2026')
  })

  it('puts the notes under their zones, and names the group whose frame it is with its members', () => {
    const [ice] = minutes.parts[0].sections
    expect(ice.group).toBeNull()
    expect(ice.groups.map((g) => [g.heading, g.notes.map((n) => n.text)])).toEqual([
      ['Boven de waterlijn — gedeelde ambitie', ['Iedereen een thuis in de wijk']],
      ['Onder de waterlijn — waarden', [SPECIAL]],
    ])
    const groupSection = minutes.parts[1].sections[1]
    expect(groupSection.group).toEqual({ name: 'Wonen en zorg', members: ['Anne', 'Carla'] })
    expect(groupSection.groups[0]).toMatchObject({ heading: 'Onder de waterlijn — zorgen en voorwaarden', notes: [{ text: 'Wachtlijsten voor zorgwoningen', author: 'Carla' }] })
    expect(minutes.groups).toEqual([
      { name: 'Wonen en zorg', members: ['Anne', 'Carla'], frameName: 'Wonen en zorg' },
      { name: 'Werk en inkomen', members: ['Bram'], frameName: null },
    ])
  })

  it('has the closed vote, most votes first', () => {
    expect(minutes.votes?.voters).toBe(2)
    expect(minutes.votes?.ranked.map((r) => [r.votes, r.note.text, r.where])).toEqual([
      [2, 'Samen zorgen we voor de wijk', 'Message house — Dak — kernboodschap (koepelverhaal)'],
      [1, SPECIAL, 'IJsberg van de opening — Onder de waterlijn — waarden'],
    ])
    expect(minutes.voteCounts['shape:n3']).toBe(2)
  })

  it('lists every organisation in the commitment table, also the one that did not answer', () => {
    expect(minutes.commitment).toEqual({
      question: 'Waar staat jouw organisatie?',
      rows: [
        { organisation: 'Gemeente Utrecht', level: 'Doet mee', remark: 'Met | budget', by: 'Anne' },
        { organisation: 'Woonstichting Reünie', level: 'Doet mee onder voorwaarden', remark: 'Als de huren betaalbaar blijven', by: 'Bram' },
        { organisation: 'Zorggroep Noord', level: null, remark: '', by: '' },
      ],
    })
  })

  it('has the agreements by owner, the unassigned apart, and the next meeting', () => {
    expect(minutes.agreements.owned.map((o) => [o.owner, o.items.map((i) => [i.what, i.due, i.kind])])).toEqual([
      ['Gemeente Utrecht', [['Plan van aanpak | begroting', 'voor de zomer', 'Plan van aanpak']]],
      ['Woonstichting Reünie', [['Discussienotitie schrijven', '1 maart 2027', 'Discussienotitie']]],
    ])
    expect(minutes.agreements.unassigned).toEqual([{ what: 'Zorgverzekeraar benaderen', owner: 'Nog niet belegd', assigned: false, due: '', kind: 'Anders' }])
    expect(minutes.agreements.count).toBe(3)
    expect(minutes.agreements.nextMeeting).toBe('12 maart 2027 — 14:00, stadhuis')
  })

  it('for a selection keeps only its frames, and leaves the conclusions out', () => {
    const selection = buildMinutesDocument(source, { language: 'nl', now: NOW, frameIds: new Set([house.id]) })
    expect(selection.parts.map((p) => [p.heading, p.sections.map((s) => s.template?.name)])).toEqual([['Belangen per groep', ['Message house']]])
    expect(selection.commitment).toBeNull()
    expect(selection.agreements.count).toBe(0)
  })
})

describe('the minutes as Markdown', () => {
  const md = minutesMarkdown(minutes)
  const lines = md.split('\n')

  it('has the title, then a heading per programme part with its timing, then its templates and zones', () => {
    expect(lines[0]).toBe('# Verkenning Wonen \\| Zorg')
    const headings = lines.filter((l) => /^#{1,4} /.test(l))
    expect(headings).toEqual([
      '# Verkenning Wonen \\| Zorg',
      '## Deelnemers',
      '## Programma',
      '## Groepen',
      '## Begin — visie, stand van zaken, kansen en bedreigingen',
      '### IJsberg van de opening',
      '#### Boven de waterlijn — gedeelde ambitie',
      '#### Onder de waterlijn — waarden',
      '## Belangen per groep',
      '### Message house',
      '#### Dak — kernboodschap (koepelverhaal)',
      '#### Pijler 1 — boodschap',
      '#### Pijler 2 — boodschap',
      '#### Fundament — bewijs, feiten en waarden',
      '#### Doelgroepen en achterbannen',
      '### Wonen en zorg',
      '#### Onder de waterlijn — zorgen en voorwaarden',
      '## Afsluitend deel — erkenning en netwerken',
      '## Overige onderdelen van het bord',
      '### Losse notities',
      '## Uitslag van de stemronde',
      '## Commitment',
      '## Vervolgafspraken',
      '### Gemeente Utrecht',
      '### Woonstichting Reünie',
      '### Nog niet belegd',
    ])
    expect(md).toContain('## Begin — visie, stand van zaken, kansen en bedreigingen\n\n*Gepland: 20 min · duurde 23 min*')
    expect(md).toContain('## Afsluitend deel — erkenning en netwerken\n\n*Gepland: 10 min*')
    expect(md).toContain('### Wonen en zorg\n\n**Groep: Wonen en zorg**  \nDeelnemers: Anne, Carla')
    expect(md).toContain('- Samen zorgen we voor de wijk\\\n  *Anne · Gemeente Utrecht · 2 stemmen*')
    expect(md).toContain('- **Gemeente Utrecht**: Anne')
  })

  it('escapes what people typed: a note never makes a heading, emphasis or a link', () => {
    expect(md).toContain('- \\# Geen kop \\| geen \\*nadruk\\* \\_of\\_ \\[link\\](x)\\\n  *Anne · Gemeente Utrecht · 1 stem*')
    expect(markdownText('# kop')).toBe('\\# kop')
    expect(markdownText('1. eerste')).toBe('1\\. eerste')
    expect(markdownText('- lijst')).toBe('\\- lijst')
    expect(markdownText('> citaat')).toBe('\\> citaat')
    expect(markdownText('<script>')).toBe('\\<script\\>')
    expect(markdownText('Wonen &amp; zorg')).toBe('Wonen \\&amp; zorg')
    expect(markdownText('Wonen & zorg')).toBe('Wonen & zorg')
    expect(markdownText('regel 1\nregel 2')).toBe('regel 1 regel 2')
  })

  it('writes the commitment and the agreements as tables a pipe cannot break', () => {
    const tableRows = (header: string) => {
      const start = lines.indexOf(header)
      const rows: string[] = []
      for (let i = start; i >= 0 && lines[i]?.startsWith('|'); i++) rows.push(lines[i])
      return rows
    }
    expect(tableRows('| Organisatie | Staat | Toelichting |')).toEqual([
      '| Organisatie | Staat | Toelichting |',
      '| --- | --- | --- |',
      '| Gemeente Utrecht | Doet mee | Met \\| budget — Anne |',
      '| Woonstichting Reünie | Doet mee onder voorwaarden | Als de huren betaalbaar blijven — Bram |',
      '| Zorggroep Noord | Geen antwoord |   |',
    ])
    // Every row of every table has as many unescaped pipes as its header.
    for (const line of lines.filter((l) => l.startsWith('|'))) expect(line.replace(/\\\|/g, '').split('|').length).toBe(5)
    const owned = md.slice(md.indexOf('### Gemeente Utrecht'), md.indexOf('### Nog niet belegd'))
    expect(owned).toContain('| Plan van aanpak \\| begroting | voor de zomer | Plan van aanpak |')
    expect(owned).toContain('### Woonstichting Reünie\n\n| Wat | Wanneer | Soort |\n| --- | --- | --- |\n| Discussienotitie schrijven | 1 maart 2027 | Discussienotitie |')
    const unassigned = md.slice(md.indexOf('### Nog niet belegd'))
    expect(unassigned).toContain('| Zorgverzekeraar benaderen |   | Anders |')
    expect(md.trimEnd().endsWith('**Volgende bijeenkomst: 12 maart 2027 — 14:00, stadhuis**')).toBe(true)
  })

  it('without a programme puts every note under "Alle notities"', () => {
    const plain = minutesMarkdown(buildMinutesDocument({ ...source, board: (key) => (key === BoardMapKeys.programme ? undefined : board[key]) }, { language: 'nl', now: NOW }))
    expect(plain).not.toContain('## Programma')
    expect(plain).not.toContain('Overige onderdelen')
    expect(plain).toContain('## Alle notities\n\n### IJsberg van de opening')
  })
})

describe('the minutes as a Word document', async () => {
  const docx = await minutesDocx(minutes)
  const files = unzipSync(new Uint8Array(docx))
  const xml = strFromU8(files['word/document.xml'])
  /** The text of each paragraph with its style, in order. */
  const paragraphs = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const inner = m[1] ?? m[2]
    const style = /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1] ?? null
    const text = [...inner.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')
    return { style, bullet: /<w:numPr>/.test(inner), text: text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>') }
  })
  const withStyle = (style: string) => paragraphs.filter((p) => p.style === style).map((p) => p.text)

  it('is a Word file with its title, language and the heading styles Word navigates by', () => {
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    expect(withStyle('Title')).toEqual(['Verkenning Wonen | Zorg'])
    expect(strFromU8(files['docProps/core.xml'])).toContain('<dc:title>Verkenning Wonen | Zorg</dc:title>')
    const styles = strFromU8(files['word/styles.xml'])
    for (const id of ['Heading1', 'Heading2', 'Heading3']) expect(styles).toContain(`w:styleId="${id}"`)
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="nl-NL"\/>[\s\S]*<\/w:docDefaults>/)
    expect(withStyle('Heading1')).toEqual([
      'Deelnemers',
      'Programma',
      'Groepen',
      'Begin — visie, stand van zaken, kansen en bedreigingen',
      'Belangen per groep',
      'Afsluitend deel — erkenning en netwerken',
      'Overige onderdelen van het bord',
      'Uitslag van de stemronde',
      'Commitment',
      'Vervolgafspraken',
    ])
    expect(withStyle('Heading2')).toEqual(['IJsberg van de opening', 'Message house', 'Wonen en zorg', 'Losse notities', 'Gemeente Utrecht', 'Woonstichting Reünie', 'Nog niet belegd'])
    expect(withStyle('Heading3')).toContain('Onder de waterlijn — zorgen en voorwaarden')
  })

  it('has the notes as a bullet list with their byline, the timing under each part', () => {
    const bullets = paragraphs.filter((p) => p.bullet).map((p) => p.text)
    expect(bullets).toContain('Wachtlijsten voor zorgwoningenCarla · Zorggroep Noord')
    expect(bullets).toContain(`${SPECIAL}Anne · Gemeente Utrecht · 1 stem`)
    expect(bullets).toContain('Samen zorgen we voor de wijkAnne · Gemeente Utrecht · 2 stemmen')
    const timing = paragraphs.findIndex((p) => p.text === 'Gepland: 20 min · duurde 23 min')
    expect(paragraphs[timing - 1]).toMatchObject({ style: 'Heading1', text: 'Begin — visie, stand van zaken, kansen en bedreigingen' })
    // The numbering the bullets refer to is in the file, as a bullet.
    expect(strFromU8(files['word/numbering.xml'])).toMatch(/<w:numFmt w:val="bullet"\/>/)
  })

  it('has the agreements in tables with header rows: both owners, and "Nog niet belegd" apart', () => {
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => {
      const rows = [...m[1].matchAll(/<w:tr>([\s\S]*?)<\/w:tr>|<w:tr [^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) => r[1] ?? r[2])
      return {
        header: /<w:tblHeader\/>/.test(rows[0]),
        cells: rows.map((row) => [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => [...c[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('').trim())),
      }
    })
    expect(tables.map((t) => t.header)).toEqual([true, true, true, true])
    expect(tables[0].cells).toEqual([
      ['Organisatie', 'Staat', 'Toelichting'],
      ['Gemeente Utrecht', 'Doet mee', 'Met | budget — Anne'],
      ['Woonstichting Reünie', 'Doet mee onder voorwaarden', 'Als de huren betaalbaar blijven — Bram'],
      ['Zorggroep Noord', 'Geen antwoord', ''],
    ])
    expect(tables.slice(1).map((t) => t.cells)).toEqual([
      [['Wat', 'Wanneer', 'Soort'], ['Plan van aanpak | begroting', 'voor de zomer', 'Plan van aanpak']],
      [['Wat', 'Wanneer', 'Soort'], ['Discussienotitie schrijven', '1 maart 2027', 'Discussienotitie']],
      [['Wat', 'Wanneer', 'Soort'], ['Zorgverzekeraar benaderen', '', 'Anders']],
    ])
    // Each owner's heading comes right before its table.
    const order = ['Gemeente Utrecht', 'Plan van aanpak | begroting', 'Woonstichting Reünie', 'Discussienotitie schrijven', 'Nog niet belegd', 'Zorgverzekeraar benaderen']
    const text = xml.replace(/<[^>]+>/g, '')
    const after = text.slice(text.indexOf('Vervolgafspraken'))
    const positions = order.map((s) => after.indexOf(s))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(paragraphs.map((p) => p.text)).toContain('Volgende bijeenkomst: 12 maart 2027 — 14:00, stadhuis')
  })
})
