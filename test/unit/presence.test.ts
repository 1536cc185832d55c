/** Presence: other people's awareness states become tldraw presence records; our own updates are throttled. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import {
  InstancePresenceRecordType,
  atom,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLInstancePresence,
  type TLPageId,
  type TLUser,
} from 'tldraw'
import { bindPresence, presenceIdFor, throttle, PRESENCE_FIELD } from '../../client/sync/presence.ts'

beforeAll(() => {
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(Date.now()), 0) as unknown as number)
})

afterEach(() => {
  vi.useRealTimers()
})

function remotePresence(clientId: number, name: string): TLInstancePresence {
  return InstancePresenceRecordType.create({
    id: presenceIdFor(clientId),
    userId: `user:${name}`,
    userName: name,
    currentPageId: 'page:page' as TLPageId,
    color: '#4465e9',
    cursor: { x: 10, y: 20, rotation: 0, type: 'default' },
  })
}

describe('presence', () => {
  it("mirrors other people's awareness into presence records, and removes them when they leave", () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    const awareness = new Awareness(new Y.Doc())
    const user = atom<TLUser | null>('user', null)
    const stop = bindPresence(store, awareness, user, { publish: false })

    // What the provider does when a peer's awareness update arrives.
    const peer = 4242
    awareness.states.set(peer, { [PRESENCE_FIELD]: remotePresence(peer, 'Anne (Gemeente Utrecht)') })
    awareness.emit('change', [{ added: [peer], updated: [], removed: [] }, 'remote'])
    const records = store.query.records('instance_presence').get()
    expect(records.map((r) => r.userName)).toEqual(['Anne (Gemeente Utrecht)'])

    awareness.states.delete(peer)
    awareness.emit('change', [{ added: [], updated: [], removed: [peer] }, 'remote'])
    expect(store.query.records('instance_presence').get()).toEqual([])
    stop()
    awareness.destroy()
  })

  it('ignores its own awareness state and a peer presence it cannot read', () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    const awareness = new Awareness(new Y.Doc())
    const stop = bindPresence(store, awareness, atom<TLUser | null>('user', null), { publish: false })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    awareness.states.set(77, { [PRESENCE_FIELD]: { nonsense: true } })
    awareness.emit('change', [{ added: [awareness.clientID, 77], updated: [], removed: [] }, 'remote'])
    expect(store.query.records('instance_presence').get()).toEqual([])
    warn.mockRestore()
    stop()
    awareness.destroy()
  })

  it('sends at most one update per interval, and always the last one', () => {
    vi.useFakeTimers()
    const sent: number[] = []
    const send = throttle((n: number) => sent.push(n), 100)
    for (let i = 1; i <= 50; i++) {
      send(i)
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(200)
    // 500 ms of updates every 10 ms: the first at once, then about one per 100 ms, ending with the last.
    expect(sent[0]).toBe(1)
    expect(sent.at(-1)).toBe(50)
    expect(sent.length).toBeLessThanOrEqual(7)
  })
})
