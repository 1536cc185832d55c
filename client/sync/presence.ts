/**
 * Presence: the person's cursor, selection and name travel through Yjs awareness (never through the doc);
 * other people's awareness states become tldraw `instance_presence` records in the local store.
 */
import {
  InstancePresenceRecordType,
  computed,
  createPresenceStateDerivation,
  getDefaultUserPresence,
  react,
  type Signal,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  type TLUser,
} from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { isPrivateRecord } from '../../shared/protocol.ts'
import { useDisplayNames } from '../facilitator/displayNames.ts'


/** Notes written in a private round that this laptop has not published yet. */
export function countPrivateNotes(records: readonly TLRecord[]): number {
  return records.filter((r) => r.typeName === 'shape' && r.type === 'note' && isPrivateRecord(r)).length
}

/**
 * How many private notes wait on all laptops together, by their presences: one count per person (two
 * tabs of one laptop keep the same notes), and only whole numbers a partner could have sent.
 */
export function waitingPrivateNotes(presences: readonly Pick<TLInstancePresence, 'userId' | 'meta'>[]): number {
  const perPerson = new Map<string, number>()
  for (const p of presences) {
    const count = (p.meta as Record<string, unknown> | undefined)?.[PRIVATE_NOTES_META_KEY]
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) continue
    perPerson.set(p.userId, Math.max(perPerson.get(p.userId) ?? 0, count))
  }
  let total = 0
  for (const count of perPerson.values()) total += count
  return total
}

import { PRESENCE_FIELD, PRIVATE_NOTES_META_KEY } from './presenceField.ts'

export { PRESENCE_FIELD, PRIVATE_NOTES_META_KEY }
/** At most this many presence updates per second leave this browser. */
export const PRESENCE_UPDATES_PER_SECOND = 10

export interface PresenceOptions {
  /** Viewers only watch: they publish nothing. */
  publish: boolean
  /** Minimum time between two outgoing presence updates (default 1000 / PRESENCE_UPDATES_PER_SECOND). */
  intervalMs?: number
}

export function presenceIdFor(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

/** Publishes the local presence (throttled) and mirrors everyone else's into the store, until disposed. */
export function bindPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>, options: PresenceOptions): () => void {
  const ownId = presenceIdFor(awareness.clientID)
  const disposers: (() => void)[] = []

  if (options.publish) {
    // How many private notes wait on this laptop, and never what they say: the facilitator sees the count.
    // Its own computed, so a cursor move does not count the shapes again.
    const $privateNotes = computed('private notes', () => countPrivateNotes(store.query.records('shape').get()))
    // The user's meta (organisation, author id) travels along, for the participants panel.
    const $presence = createPresenceStateDerivation($user, {
      instanceId: ownId,
      getUserPresence: (s, user) => {
        const base = getDefaultUserPresence(s, user)
        return base && { ...base, meta: { ...user.meta, [PRIVATE_NOTES_META_KEY]: $privateNotes.get() } }
      },
    })(store)
    const send = throttle((presence: TLInstancePresence | null) => {
      awareness.setLocalStateField(PRESENCE_FIELD, presence)
    }, options.intervalMs ?? 1000 / PRESENCE_UPDATES_PER_SECOND)
    disposers.push(react('publish presence', () => send($presence.get())))
    disposers.push(() => {
      send.cancel()
      awareness.setLocalStateField(PRESENCE_FIELD, null)
    })
  }

  const mirror = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates()
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const presence = states.get(clientId)?.[PRESENCE_FIELD] as TLInstancePresence | null | undefined
      if (presence && typeof presence === 'object') toPut.push({ ...presence, userName: shownName(presence), id: presenceIdFor(clientId) })
      else toRemove.push(presenceIdFor(clientId))
    }
    for (const clientId of removed) {
      if (clientId !== awareness.clientID) toRemove.push(presenceIdFor(clientId))
    }
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length) store.remove(present)
      for (const presence of toPut) {
        try {
          store.put([presence])
        } catch (error) {
          // A client on another version may send a presence we cannot read: no cursor for it, nothing worse.
          console.warn('waterlijn: ignored a presence state', error)
        }
      }
    })
  }
  mirror({ added: [...awareness.getStates().keys()], updated: [], removed: [] })
  awareness.on('change', mirror)
  disposers.push(() => {
    awareness.off('change', mirror)
    const ids = store.query.ids('instance_presence').get()
    if (ids.size) store.mergeRemoteChanges(() => store.remove([...ids]))
  })

  return () => {
    for (const dispose of disposers.reverse()) dispose()
  }
}

/** Leading and trailing throttle: the first call goes out at once, the last one of a burst is never lost. */
export function throttle<A>(fn: (arg: A) => void, intervalMs: number): ((arg: A) => void) & { cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: { arg: A } | null = null
  const run = (arg: A) => {
    last = Date.now()
    fn(arg)
  }
  const throttled = (arg: A) => {
    const wait = last + intervalMs - Date.now()
    if (wait <= 0 && !timer) return run(arg)
    pending = { arg }
    if (!timer) {
      timer = setTimeout(() => {
        timer = null
        if (pending) {
          const { arg: latest } = pending
          pending = null
          run(latest)
        }
      }, Math.max(0, wait))
    }
  }
  throttled.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  return throttled
}

/** The cursor label, with the name the facilitator gave this person if there is one. */
function shownName(presence: TLInstancePresence): string {
  const meta = presence.meta as { authorId?: string; organisation?: string } | undefined
  const renamed = meta?.authorId ? useDisplayNames.getState().names[meta.authorId] : undefined
  return renamed ? `${renamed} (${meta?.organisation ?? ''})` : presence.userName
}
