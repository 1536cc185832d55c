import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../server/rateLimit.ts'

function clock(start = 1_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('the rate limiter', () => {
  it('allows the limit per window, then refuses with the seconds left, and opens again when the window ends', () => {
    const time = clock()
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: time.now })
    for (let i = 0; i < 3; i++) expect(limiter.hit('10.0.0.1')).toEqual({ allowed: true })
    time.advance(20_500)
    expect(limiter.hit('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 40, firstRefusal: true })
    time.advance(39_000)
    // 500 ms left: still a whole second to wait, never 0.
    expect(limiter.hit('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 1, firstRefusal: false })
    time.advance(500)
    expect(limiter.hit('10.0.0.1')).toEqual({ allowed: true })
  })

  it('counts each key on its own', () => {
    const time = clock()
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: time.now })
    expect(limiter.hit('a').allowed).toBe(true)
    expect(limiter.hit('a').allowed).toBe(false)
    expect(limiter.hit('b').allowed).toBe(true)
  })

  it('says "first refusal" once per key per window, so the server logs one line and not one per request', () => {
    const time = clock()
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: time.now })
    limiter.hit('a')
    const firsts = () => Array.from({ length: 5 }, () => limiter.hit('a')).filter((d) => !d.allowed && d.firstRefusal).length
    expect(firsts()).toBe(1)
    time.advance(1000)
    expect(limiter.hit('a').allowed).toBe(true)
    expect(firsts()).toBe(1)
  })

  it('drops expired windows and never tracks more than maxKeys', () => {
    const time = clock()
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, maxKeys: 100, now: time.now })
    for (let i = 0; i < 50; i++) limiter.hit(`old-${i}`)
    expect(limiter.size).toBe(50)
    time.advance(1000)
    limiter.hit('new')
    expect(limiter.size).toBe(1)

    for (let i = 0; i < 1000; i++) limiter.hit(`flood-${i}`)
    expect(limiter.size).toBe(100)
    // The oldest windows made room; the newest are still counted.
    expect(limiter.hit('flood-999').allowed).toBe(false)
    expect(limiter.hit('new').allowed).toBe(true)
  })

  it('limit 0 means no limit and tracks nothing', () => {
    const limiter = new RateLimiter({ limit: 0, windowMs: 1000 })
    for (let i = 0; i < 1000; i++) expect(limiter.hit('a').allowed).toBe(true)
    expect(limiter.size).toBe(0)
  })
})
