import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { dropStaleAwareness, stampPresence } from '../../server/awareness.ts'

function person(name: string) {
  const a = new Awareness(new Y.Doc())
  a.setLocalStateField('user', { name })
  return a
}

describe('dropping echoed presence', () => {
  it('keeps what is new, drops what the server has, and applies to the same result', () => {
    const server = new Awareness(new Y.Doc())
    const anne = person('Anne — Gemeente')
    const bram = person('Bram')
    applyAwarenessUpdate(server, encodeAwarenessUpdate(anne, [anne.clientID]), 'anne')

    // An echo of Anne's state plus Bram's new one, as a stock client would send it.
    const echo = new Awareness(new Y.Doc())
    applyAwarenessUpdate(echo, encodeAwarenessUpdate(anne, [anne.clientID]), null)
    applyAwarenessUpdate(echo, encodeAwarenessUpdate(bram, [bram.clientID]), null)
    const mixed = encodeAwarenessUpdate(echo, [anne.clientID, bram.clientID])

    const fresh = dropStaleAwareness(server, mixed)
    expect(fresh).not.toBeNull()
    const onlyFresh = new Awareness(new Y.Doc())
    applyAwarenessUpdate(onlyFresh, fresh!, null)
    expect([...onlyFresh.getStates().keys()].filter((id) => id !== onlyFresh.clientID)).toEqual([bram.clientID])

    // Applying the filtered update gives the server exactly what the full one would have.
    const reference = new Awareness(new Y.Doc())
    applyAwarenessUpdate(reference, encodeAwarenessUpdate(anne, [anne.clientID]), null)
    applyAwarenessUpdate(reference, mixed, null)
    applyAwarenessUpdate(server, fresh!, null)
    expect(server.getStates().get(bram.clientID)).toEqual(reference.getStates().get(bram.clientID))
    expect(server.getStates().get(anne.clientID)).toEqual({ user: { name: 'Anne — Gemeente' } })

    // Nothing new at all: nothing to apply.
    expect(dropStaleAwareness(server, mixed)).toBeNull()
  })

  it('lets a removal through', () => {
    const server = new Awareness(new Y.Doc())
    const anne = person('Anne')
    applyAwarenessUpdate(server, encodeAwarenessUpdate(anne, [anne.clientID]), null)
    removeAwarenessStates(anne, [anne.clientID], 'leaving')
    const removal = encodeAwarenessUpdate(anne, [anne.clientID])
    const fresh = dropStaleAwareness(server, removal)
    expect(fresh).not.toBeNull()
    applyAwarenessUpdate(server, fresh!, null)
    expect(server.getStates().has(anne.clientID)).toBe(false)
  })

  it('throws on a truncated update, like the library does', () => {
    const anne = person('Anne')
    const update = encodeAwarenessUpdate(anne, [anne.clientID])
    expect(() => dropStaleAwareness(new Awareness(new Y.Doc()), update.slice(0, update.length - 2))).toThrow()
  })
})

describe('stamping presence', () => {
  const who = { authorId: 'anne-1', name: 'Anne', organisation: 'Gemeente Utrecht', facilitator: false }
  const stamp = (state: unknown) => JSON.parse(new TextDecoder().decode(stampPresence(new TextEncoder().encode(JSON.stringify(state)), who)!))

  it('keeps what a partner says about following and waiting private notes, and overwrites who they are', () => {
    const stamped = stamp({
      presence: { userId: 'user:someone-else', userName: 'Iemand', followingUserId: 'user:bas', meta: { privateNotes: 3, authorId: 'bas', facilitator: true } },
    })
    expect(stamped.presence.followingUserId).toBe('user:bas')
    expect(stamped.presence.meta.privateNotes).toBe(3)
    expect(stamped.presence.userId).toBe('user:anne-1')
    expect(stamped.presence.meta).toMatchObject({ authorId: 'anne-1', author: 'Anne', facilitator: false })
  })
})
