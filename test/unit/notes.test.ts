import { describe, expect, it } from 'vitest'
import { collectNotes, displayNamesFrom } from '../../shared/board/notes.ts'
import { plainToRichText, richTextToPlain } from '../../shared/board/richText.ts'
import { INITIAL_WATERLINE } from '../../shared/templates/iceberg/index.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'

describe('rich text', () => {
  it('reads paragraphs as lines, with accents and dashes intact', () => {
    const text = 'Wij zijn trots op één ding —\nde buurt’s ideeën'
    expect(richTextToPlain(plainToRichText(text))).toBe(text)
    expect(richTextToPlain(undefined)).toBe('')
  })
})

describe('notes on a board', () => {
  const W = 2400
  const H = 1800
  it('reports every note with its author, its template and its zone', () => {
    const records = [
      { id: 'page:page', typeName: 'page' },
      frameRecord('shape:ice', 'iceberg', { waterline: INITIAL_WATERLINE }, { x: 1000, y: 500, w: W, h: H, name: 'IJsberg groep 1' }),
      // Child positions are relative to the frame.
      noteRecord('shape:n1', 'Onze waarden', { x: 1000, y: H * 0.5, parentId: 'shape:ice' }),
      noteRecord('shape:n2', 'Los idee', { x: -500, y: -500 }, { author: 'Bram', organisation: 'Zorggroep', authorId: 'b' }),
    ]
    const notes = collectNotes(records, 'nl')
    const n1 = notes.find((n) => n.id === 'shape:n1')!
    expect(n1).toMatchObject({
      text: 'Onze waarden',
      author: 'Anne',
      organisation: 'Gemeente Utrecht',
      template: { id: 'shape:ice', kind: 'iceberg', name: 'IJsberg groep 1' },
      zone: { id: 'below.values', label: 'Onder de waterlijn — waarden' },
    })
    expect(notes.find((n) => n.id === 'shape:n2')).toMatchObject({ text: 'Los idee', author: 'Bram', template: null, zone: null })

    // A name the facilitator gave someone replaces the typed one; anything else in that map is ignored.
    const names = displayNamesFrom({ b: 'Bram Jansen', a1: 42, x: '  ' })
    expect(names).toEqual({ b: 'Bram Jansen' })
    const renamed = collectNotes(records, 'nl', names)
    expect(renamed.find((n) => n.id === 'shape:n2')?.author).toBe('Bram Jansen')
    expect(renamed.find((n) => n.id === 'shape:n1')?.author).toBe('Anne')
    expect(displayNamesFrom(['Anne'])).toEqual({})
  })

  it('uses the current waterline stored with the frame', () => {
    const records = [
      frameRecord('shape:ice', 'iceberg', { waterline: 0.5 }, { x: 0, y: 0, w: W, h: H }),
      noteRecord('shape:n1', 'Trots', { x: 100, y: H * 0.38, parentId: 'shape:ice' }),
    ]
    expect(collectNotes(records, 'nl')[0].zone?.label).toBe('Boven de waterlijn — identiteit en trots')
  })

  it('works on a rotated frame and a note inside a group inside the frame', () => {
    const records = [
      frameRecord('shape:house', 'message-house', { pillars: 3 }, { x: 300, y: 300, w: W, h: H, rotation: Math.PI / 4 }),
      { id: 'shape:group', typeName: 'shape', type: 'group', x: 0, y: H * 0.85, rotation: 0, parentId: 'shape:house', props: {}, meta: {} },
      noteRecord('shape:n1', 'Feit', { x: 200, y: 20, parentId: 'shape:group' }),
    ]
    expect(collectNotes(records, 'en')[0].zone?.label).toBe('Foundation — proof points, facts and values')
  })

  it('gives the Venn partner set and the domain', () => {
    const params = { partners: [{ id: 'p1', name: 'Gemeente', colour: 'blue' }, { id: 'p2', name: 'Woonstichting', colour: 'orange' }] }
    const records = [
      frameRecord('shape:venn', 'coalition-venn', params, { x: 0, y: 0, w: W, h: H }),
      // The middle of the frame's diagram area, where both circles overlap.
      noteRecord('shape:n1', 'Samen', { x: W / 2 - 100, y: (H * 0.09 + (H - H * 0.09) / 2) - 100, parentId: 'shape:venn' }),
    ]
    expect(collectNotes(records, 'nl')[0].zone).toMatchObject({
      label: 'Gedeeld door alle partners',
      partners: [{ id: 'p1', name: 'Gemeente' }, { id: 'p2', name: 'Woonstichting' }],
      insideDomain: true,
    })
  })
})
