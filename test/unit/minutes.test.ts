import { describe, expect, it } from 'vitest'
import { collectNotes } from '../../shared/board/notes.ts'
import { buildMinutes, type TemplateOnBoard } from '../../shared/board/minutes.ts'
import { csvField, notesCsv, spreadsheetDateTime } from '../../shared/board/csv.ts'
import { vennGeometry } from '../../shared/templates/coalition-venn/index.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'

const W = 2400
const H = 1800
const partners = [
  { id: 'p1', name: 'Gemeente', colour: 'blue' },
  { id: 'p2', name: 'Woonstichting', colour: 'orange' },
  { id: 'p3', name: 'Zorggroep', colour: 'green' },
]
const frames: TemplateOnBoard[] = [
  { id: 'shape:house', kind: 'message-house', name: 'Message house', params: { pillars: 3 }, size: { w: W, h: H } },
  { id: 'shape:venn', kind: 'coalition-venn', name: 'Domein van de coalitie', params: { partners }, size: { w: W, h: H } },
  { id: 'shape:ice', kind: 'iceberg', name: 'IJsberg', params: { waterline: 0.34 }, size: { w: W, h: H } },
]

function at(author: string, createdAt: string) {
  return { author, organisation: `${author} & Co`, authorId: author, createdAt }
}

/** A note whose centre is at the frame-local point. */
function noteAt(id: string, text: string, parentId: string, x: number, y: number, createdAt = '2026-11-22T10:00:00Z') {
  return noteRecord(id, text, { x: x - 100, y: y - 100, parentId }, at('Anne', createdAt))
}

describe('the minutes', () => {
  const g = vennGeometry({ partners }, { w: W, h: H })
  const far = (i: number) => {
    const c = g.circles[i].centre
    const dx = c.x - g.centre.x
    const dy = c.y - g.centre.y
    const len = Math.hypot(dx, dy)
    return { x: c.x + (dx / len) * g.circleRadius * 0.93, y: c.y + (dy / len) * g.circleRadius * 0.93 }
  }
  const records = [
    frameRecord('shape:house', 'message-house', { pillars: 3 }, { x: 0, y: 0, w: W, h: H }),
    frameRecord('shape:venn', 'coalition-venn', { partners }, { x: 3000, y: 0, w: W, h: H }),
    frameRecord('shape:ice', 'iceberg', { waterline: 0.34 }, { x: 6000, y: 0, w: W, h: H }),
    noteAt('shape:f1', 'Cijfers uit de wijkmonitor', 'shape:house', 600, 1650),
    noteAt('shape:r1', 'Samen thuis in de wijk', 'shape:house', 900, 600),
    noteAt('shape:p2b', 'Tweede gedachte', 'shape:house', 900, 1000, '2026-11-22T10:05:00Z'),
    noteAt('shape:p2a', 'Eerste gedachte', 'shape:house', 850, 1100, '2026-11-22T10:01:00Z'),
    noteAt('shape:sky', 'In de lucht', 'shape:house', 60, 200),
    noteAt('shape:all', 'Gezonde wijk', 'shape:venn', g.centre.x, g.centre.y),
    noteAt('shape:only3', 'Wachtlijsten', 'shape:venn', far(2).x, far(2).y),
    noteRecord('shape:loose', 'Parkeerplaats; later', { x: -900, y: -900 }, at('Bram', '2026-11-22T11:00:00Z')),
  ]
  const sections = buildMinutes(collectNotes(records, 'nl'), frames, 'nl')

  it('outlines the whole house from roof to foundation, empty pillars too, oldest note first within a zone', () => {
    const house = sections[0]
    expect(house.template?.name).toBe('Message house')
    expect(house.groups.map((g) => [g.heading, g.notes.length])).toEqual([
      ['Dak — kernboodschap (koepelverhaal)', 1],
      ['Pijler 1 — boodschap', 0],
      ['Pijler 2 — boodschap', 2],
      ['Pijler 3 — boodschap', 0],
      ['Fundament — bewijs, feiten en waarden', 1],
      ['Doelgroepen en achterbannen', 0],
      ['Elders in het kader', 1],
    ])
    expect(house.groups[2].notes.map((n) => n.text)).toEqual(['Eerste gedachte', 'Tweede gedachte'])
  })

  it('groups the Venn by partner set, shared by all first, outside the domain last', () => {
    const venn = sections[1]
    expect(venn.groups.map((g) => g.heading)).toEqual(['Gedeeld door alle partners', 'Alleen Zorggroep — buiten het domein'])
  })

  it('keeps a template without notes, and ends with the loose notes', () => {
    expect(sections[2]).toEqual({ template: { id: 'shape:ice', kind: 'iceberg', name: 'IJsberg' }, groups: [] })
    expect(sections[3].template).toBeNull()
    expect(sections[3].groups[0]).toMatchObject({ heading: 'Losse notities', notes: [{ text: 'Parkeerplaats; later', author: 'Bram' }] })
  })

  it('speaks English when asked', () => {
    const english = buildMinutes(collectNotes(records, 'en'), frames, 'en')
    expect(english[1].groups[0].heading).toBe('Shared by all partners')
    expect(english[3].groups[0].heading).toBe('Loose notes')
    // The name given at placing follows the language; a name the facilitator typed stays.
    expect(english[1].template?.name).toBe('Coalition domain')
    expect(english[2].template?.name).toBe('IJsberg')
  })

  it('writes a CSV that Excel on a Dutch laptop opens: BOM, semicolons, quoted fields, CRLF', () => {
    const csv = notesCsv(sections, 'nl', (id) => (id === 'shape:all' ? 3 : null), 'Europe/Amsterdam')
    expect(csv.startsWith('\uFEFFSjabloon;Plek;Tekst;Auteur;Organisatie;Stemmen;Gemaakt op\r\n')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toHaveLength(1 + 8 + 1) // header, 8 notes, final empty line
    expect(lines).toContain('Domein van de coalitie;Gedeeld door alle partners;Gezonde wijk;Anne;Anne & Co;3;22-11-2026 11:00')
    expect(lines).toContain(';Losse notities;"Parkeerplaats; later";Bram;Bram & Co;;22-11-2026 12:00')
  })

  it("writes when a note was made as local date and time, as each language's spreadsheet reads it", () => {
    expect(spreadsheetDateTime('2026-07-01T08:05:00Z', 'nl', 'Europe/Amsterdam')).toBe('01-07-2026 10:05')
    expect(spreadsheetDateTime('2026-12-31T23:30:00Z', 'nl', 'Europe/Amsterdam')).toBe('01-01-2027 00:30')
    expect(spreadsheetDateTime('2026-12-31T23:30:00Z', 'en', 'Europe/London')).toBe('2026-12-31 23:30')
    expect(spreadsheetDateTime(null, 'nl')).toBe('')
    expect(spreadsheetDateTime('geen datum', 'nl')).toBe('')
  })

  it('quotes what must be quoted', () => {
    expect(csvField('gewoon')).toBe('gewoon')
    expect(csvField('a;b')).toBe('"a;b"')
    expect(csvField('zij zei "ja"')).toBe('"zij zei ""ja"""')
    expect(csvField('regel 1\nregel 2')).toBe('"regel 1\nregel 2"')
    expect(csvField('1,5 miljoen')).toBe('"1,5 miljoen"')
    expect(csvField('één — café')).toBe('één — café')
  })

  it('keeps every cell inert in a spreadsheet: text that would start a formula gets an apostrophe, counts stay numbers', () => {
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('+31 6 12345678')).toBe("'+31 6 12345678")
    expect(csvField('-5 graden')).toBe("'-5 graden")
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)")
    expect(csvField('\tingesprongen')).toBe("'\tingesprongen")
    // Still quoted where the text needs it, the apostrophe inside the quotes.
    expect(csvField('\rna een regeleinde')).toBe('"\'\rna een regeleinde"')
    expect(csvField('=HYPERLINK("http://example.org";"klik")')).toBe('"\'=HYPERLINK(""http://example.org"";""klik"")"')
    // Only at the start.
    expect(csvField('e-mail aan @gemeente = ok')).toBe('e-mail aan @gemeente = ok')
    expect(csvField(' =1+1')).toBe(' =1+1')
    expect(csvField('')).toBe('')
    expect(csvField(3)).toBe('3')
    expect(csvField(0)).toBe('0')

    const note = (id: string, text: string, author: string, organisation: string) => ({ id, text, author, organisation, createdAt: '2026-11-22T10:00:00Z', template: null, zone: null })
    const csv = notesCsv(
      [{ template: { id: 'shape:t', kind: 'iceberg', name: '=Sjabloon' }, groups: [{ zoneId: null, heading: '+Plek', notes: [note('n1', '=cmd|"/c calc"!A1', '@Anne', '-Gemeente')] }] }],
      'nl',
      () => 12,
      'UTC',
    )
    expect(csv.slice(1).split('\r\n')[1]).toBe(`'=Sjabloon;'+Plek;"'=cmd|""/c calc""!A1";'@Anne;'-Gemeente;12;22-11-2026 10:00`)
  })
})
