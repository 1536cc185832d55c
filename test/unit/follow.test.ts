import { describe, expect, it } from 'vitest'
import { followersOf } from '../../client/facilitator/follow.tsx'

describe('how many follow the facilitator', () => {
  it('counts people, not tabs, and only those following this user', () => {
    const presences = [
      { userId: 'user:anne', followingUserId: 'user:bas' },
      // Anne's second tab follows too: still one person.
      { userId: 'user:anne', followingUserId: 'user:bas' },
      { userId: 'user:karim', followingUserId: 'user:bas' },
      { userId: 'user:lot', followingUserId: null },
      { userId: 'user:mo', followingUserId: 'user:anne' },
      // The facilitator's projector tab, following the facilitator's own laptop, is not a partner.
      { userId: 'user:bas', followingUserId: 'user:bas' },
    ]
    expect(followersOf(presences, 'user:bas')).toBe(2)
    expect(followersOf(presences, 'user:anne')).toBe(1)
    expect(followersOf([], 'user:bas')).toBe(0)
  })
})
