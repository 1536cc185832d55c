import { describe, expect, it } from 'vitest'
import { translate } from '../../shared/i18n/index.ts'

describe('texts', () => {
  it('fills placeholders, and keeps an unknown one visible', () => {
    expect(translate('nl', 'note.byline', { author: 'Anne', organisation: 'Gemeente Utrecht' })).toBe('Anne · Gemeente Utrecht')
    expect(translate('nl', 'note.byline', { author: 'Anne' })).toBe('Anne · {organisation}')
  })

  it('says "1 notitie" and "2 notities": the plural form follows the count, in each language', () => {
    expect(translate('nl', 'export.pdf.noteCount', { count: 1 })).toBe('1 notitie')
    expect(translate('nl', 'export.pdf.noteCount', { count: 2 })).toBe('2 notities')
    expect(translate('nl', 'export.pdf.noteCount', { count: 0 })).toBe('0 notities')
    expect(translate('en', 'export.pdf.votes', { count: 1 })).toBe('1 vote')
    expect(translate('en', 'export.pdf.votes', { count: 11 })).toBe('11 votes')
    expect(translate('nl', 'files.imported', { count: 1 })).toBe('1 vorm geïmporteerd.')
    expect(translate('nl', 'timer.startNew', { count: 1 })).toBe('Start 1 minuut')
    expect(translate('nl', 'timer.startNew', { count: 10 })).toBe('Start 10 minuten')
  })
})
