import { describe, expect, it } from 'vitest'
import { iceberg, lowerWaterline } from '../../shared/templates/iceberg/index.ts'
import { PART_META_KEY, TEMPLATE_META_KEY } from '../../shared/templates/instance.ts'
import { partRefOf, templateLabels } from '../../shared/templates/labels.ts'
import { frameRecord } from '../helpers/records.ts'

const size = iceberg.defaultSize
const placed = frameRecord('shape:ice', 'iceberg', iceberg.defaultParams('nl'), { x: 0, y: 0, ...size, name: 'IJsberg en waterlijn' })

describe("a template's labels in the reader's language", () => {
  it('gives every label of the layout in the language asked, whoever placed it', () => {
    const dutch = templateLabels(placed, 'nl')!
    const english = templateLabels(placed, 'en')!
    expect(dutch.get('label-ambition')).toBe('Boven de waterlijn — gedeelde ambitie')
    expect(english.get('label-ambition')).toBe('Above the waterline — shared ambition')
    expect(english.get('label-waterline')).toBe('Waterline')
    expect(english.get('instruction')).toMatch(/^Above water: what everyone sees and says\./)
    // The same parts in both languages: every Dutch label has its English counterpart.
    expect([...english.keys()]).toEqual([...dutch.keys()])
  })

  it("follows the frame's parameters: a band the waterline has passed is above water in every language", () => {
    const lowered = { ...placed, meta: { ...placed.meta, [TEMPLATE_META_KEY]: { kind: 'iceberg', version: 1, params: lowerWaterline(iceberg.defaultParams('nl')) } } }
    expect(templateLabels(placed, 'en')!.get('label-identity')).toBe('Below the waterline — identity and pride')
    expect(templateLabels(lowered, 'en')!.get('label-identity')).toBe('Above the waterline — identity and pride')
  })

  it('has nothing for a frame that is no template, or of a kind this version does not know', () => {
    expect(templateLabels({ type: 'frame', meta: {}, props: { w: 100, h: 100 } }, 'en')).toBeNull()
    expect(templateLabels({ ...placed, meta: { [TEMPLATE_META_KEY]: { kind: 'retro', version: 1, params: {} } } }, 'en')).toBeNull()
    expect(templateLabels({ ...placed, type: 'geo' }, 'en')).toBeNull()
  })

  it("reads which frame and part a drawing shape belongs to, and nothing from other meta", () => {
    expect(partRefOf({ [PART_META_KEY]: { frameId: 'shape:ice', partId: 'label-waterline' } })).toEqual({ frameId: 'shape:ice', partId: 'label-waterline' })
    expect(partRefOf({ author: 'Anne' })).toBeNull()
    expect(partRefOf({ [PART_META_KEY]: { frameId: 'shape:ice' } })).toBeNull()
    expect(partRefOf(null)).toBeNull()
  })
})
