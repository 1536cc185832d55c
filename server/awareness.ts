/**
 * Stock y-websocket clients send every presence change they hear back to the server, so with many people
 * most incoming presence entries are echoes the server already has. This drops them by their clock,
 * before anybody parses their JSON, with exactly the rule y-protocols' applyAwarenessUpdate uses.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Awareness } from 'y-protocols/awareness'

const NULL_STATE = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c]) // "null"

function isNullState(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes.every((b, i) => b === NULL_STATE[i])
}

/**
 * Decides on one fresh entry: the state (JSON bytes) to apply, possibly rewritten, or null to drop it.
 * Runs only for entries that are not echoes, so honest traffic pays for it once per real change.
 */
export type PresenceFilter = (clientID: number, state: Uint8Array) => Uint8Array | null

/** The entries of `update` that would change `awareness` (and pass `filter`), re-encoded; null when there are none. */
export function dropStaleAwareness(awareness: Awareness, update: Uint8Array, filter?: PresenceFilter): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const fresh: { clientID: number; clock: number; state: Uint8Array }[] = []
  let rewritten = false
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    // A JSON string on the wire is a length-prefixed byte array: read it without decoding.
    const state = decoding.readVarUint8Array(decoder)
    const current = awareness.meta.get(clientID)?.clock ?? 0
    if (current < clock || (current === clock && isNullState(state) && awareness.states.has(clientID))) {
      const accepted = filter ? filter(clientID, state) : state
      if (accepted) fresh.push({ clientID, clock, state: accepted })
      if (accepted !== state) rewritten = true
    }
  }
  if (fresh.length === 0) return null
  if (fresh.length === count && !rewritten) return update
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, fresh.length)
  for (const entry of fresh) {
    encoding.writeVarUint(encoder, entry.clientID)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarUint8Array(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}

const utf8Decoder = new TextDecoder()
const utf8Encoder = new TextEncoder()

/** Who a connection is, as its presence must say it (see stampPresence). */
export interface PresenceIdentity {
  authorId: string
  name: string
  organisation: string
  facilitator: boolean
}

/**
 * Writes the server's word on who this is into a presence state: the tldraw user id (partners follow
 * the facilitator by it), the name shown at the cursor and the meta the participants panel reads. A
 * state that is not a JSON object is dropped (null); "null" (leaving) passes as it is.
 */
export function stampPresence(state: Uint8Array, who: PresenceIdentity): Uint8Array | null {
  if (isNullState(state)) return state
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8Decoder.decode(state))
  } catch {
    return null
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null
  const fields = parsed as Record<string, unknown>
  const presence = fields.presence
  if (presence && typeof presence === 'object' && !Array.isArray(presence)) {
    const p = presence as Record<string, unknown>
    const meta = p.meta && typeof p.meta === 'object' && !Array.isArray(p.meta) ? (p.meta as Record<string, unknown>) : {}
    fields.presence = {
      ...p,
      userId: `user:${who.authorId}`,
      userName: `${who.name} (${who.organisation})`,
      meta: { ...meta, authorId: who.authorId, author: who.name, organisation: who.organisation, facilitator: who.facilitator },
    }
  }
  return utf8Encoder.encode(JSON.stringify(fields))
}
