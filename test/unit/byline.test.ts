import { describe, expect, it } from 'vitest'
import { fitWithEllipsis } from '../../client/board/AuthoredNoteShapeUtil.tsx'

// Every character 10 wide: easy to reason about.
const measure = (text: string) => [...text].length * 10

describe('a byline on an exported note', () => {
  it('stays as it is when it fits', () => {
    expect(fitWithEllipsis('Anne · Gemeente', 150, measure)).toBe('Anne · Gemeente')
  })

  it('is cut with an ellipsis to the note’s width, never wider', () => {
    const fitted = fitWithEllipsis('Annemarie van den Berg-Jansen · Gemeente Utrecht', 184, measure)
    expect(fitted.endsWith('…')).toBe(true)
    expect(measure(fitted)).toBeLessThanOrEqual(184)
    expect(fitted).toBe('Annemarie van den…')
  })

  it('keeps only the ellipsis when nothing else fits', () => {
    expect(fitWithEllipsis('Anne', 15, measure)).toBe('…')
  })
})
