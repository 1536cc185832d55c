import { describe, expect, it } from 'vitest'
import type { TLRecord } from 'tldraw'
import { countPrivateNotes, waitingPrivateNotes } from '../../client/sync/presence.ts'
import { isLateReveal, LATE_AFTER_MS } from '../../client/facilitator/privateWriting.tsx'

const shape = (type: string, meta: Record<string, unknown>) => ({ typeName: 'shape', type, meta }) as unknown as TLRecord

describe('private notes that wait', () => {
  it('counts the notes still private on this laptop, not published ones or other shapes', () => {
    const records = [
      shape('note', { privateRound: 'r1' }),
      shape('note', { privateRound: 'r1' }),
      shape('note', { privateRound: null }),
      shape('note', {}),
      shape('geo', { privateRound: 'r1' }),
    ]
    expect(countPrivateNotes(records)).toBe(2)
  })

  it('adds up what every person says once (two tabs share one laptop) and ignores what is not a count', () => {
    const presences = [
      { userId: 'user:anne', meta: { privateNotes: 2 } },
      { userId: 'user:anne', meta: { privateNotes: 2 } },
      { userId: 'user:karim', meta: { privateNotes: 1 } },
      { userId: 'user:lot', meta: { privateNotes: 'veel' } },
      { userId: 'user:mo', meta: { privateNotes: -4 } },
      { userId: 'user:bas', meta: {} },
    ]
    expect(waitingPrivateNotes(presences)).toBe(3)
    expect(waitingPrivateNotes([])).toBe(0)
  })
})

describe('a late reveal', () => {
  const revealedAt = 1_000_000
  it('is late a few seconds after the reveal this page saw, not during it', () => {
    expect(isLateReveal({ id: 'r1', open: false }, revealedAt, revealedAt + 800)).toBe(false)
    expect(isLateReveal({ id: 'r1', open: false }, revealedAt, revealedAt + LATE_AFTER_MS + 1)).toBe(true)
  })

  it('is late when the page opened on a closed round, or a new round is already open', () => {
    expect(isLateReveal({ id: 'r1', open: false }, 0, revealedAt)).toBe(true)
    expect(isLateReveal({ id: 'r2', open: true }, null, revealedAt)).toBe(true)
  })
})
