import { describe, expect, it } from 'vitest'
import { hashKey, keyMatches, looksLikeId, newBoardId, newFacilitatorKey } from '../../server/auth.ts'
import { loadConfig } from '../../server/config.ts'

describe('capabilities', () => {
  it('makes URL-safe ids of 128 bits that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newBoardId))
    expect(ids.size).toBe(1000)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(looksLikeId(id)).toBe(true)
    }
  })

  it('checks a key against its hash only', () => {
    const key = newFacilitatorKey()
    const hash = hashKey(key)
    expect(hash).not.toContain(key)
    expect(keyMatches(key, hash)).toBe(true)
    expect(keyMatches(key + 'x', hash)).toBe(false)
    expect(keyMatches('', hash)).toBe(false)
    expect(keyMatches(null, hash)).toBe(false)
  })

  it('rejects what cannot be an id', () => {
    for (const bad of ['', 'short', '../../etc/passwd', 'a b c d e f g h i j k', 'x'.repeat(65)]) expect(looksLikeId(bad)).toBe(false)
  })
})

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8080)
    expect(c.host).toBe('0.0.0.0')
    expect(c.dataDir).toMatch(/data$/)
    expect(c.maxMessageBytes).toBe(1024 * 1024)
    expect(c.tldrawLicenseKey).toBeNull()
  })

  it('explains a bad value instead of starting wrong', () => {
    expect(() => loadConfig({ PORT: 'achtduizend' })).toThrow(/PORT must be a whole number/)
  })
})
