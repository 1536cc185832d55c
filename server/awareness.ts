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

/** The entries of `update` that would change `awareness`, re-encoded; null when there are none. */
export function dropStaleAwareness(awareness: Awareness, update: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const fresh: { clientID: number; clock: number; state: Uint8Array }[] = []
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    // A JSON string on the wire is a length-prefixed byte array: read it without decoding.
    const state = decoding.readVarUint8Array(decoder)
    const current = awareness.meta.get(clientID)?.clock ?? 0
    if (current < clock || (current === clock && isNullState(state) && awareness.states.has(clientID))) {
      fresh.push({ clientID, clock, state })
    }
  }
  if (fresh.length === 0) return null
  if (fresh.length === count) return update
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, fresh.length)
  for (const entry of fresh) {
    encoding.writeVarUint(encoder, entry.clientID)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarUint8Array(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
