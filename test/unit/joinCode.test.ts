import { describe, expect, it } from 'vitest'
import { formatJoinCode, JOIN_CODE_ALPHABET, normaliseJoinCode } from '../../shared/joinCode.ts'
import { newJoinCode } from '../../server/auth.ts'

describe('join codes', () => {
  it('are read as people type them: any case, with a dash or spaces; look-alikes never occur', () => {
    expect(normaliseJoinCode('k7m-4qx')).toBe('K7M4QX')
    expect(normaliseJoinCode(' K7M 4QX ')).toBe('K7M4QX')
    expect(formatJoinCode('K7M4QX')).toBe('K7M-4QX')
    for (const wrong of ['K7M-4Q', 'K7M-4QXX', 'O7M-4QX', 'I7M-4QX', '17M-4QX', 'L7M-4QX', '']) expect(normaliseJoinCode(wrong)).toBeNull()
    for (const c of '0O1IL') expect(JOIN_CODE_ALPHABET).not.toContain(c)
  })

  it('are made from the whole alphabet and nothing else', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const code = newJoinCode()
      expect(normaliseJoinCode(code)).toBe(code)
      for (const c of code) seen.add(c)
    }
    expect(seen.size).toBe(JOIN_CODE_ALPHABET.length)
  })
})
