/**
 * The `ws` WebSocket, counting every websocket message by y-websocket message type (the first varuint:
 * 0 sync, 1 awareness) in both directions. What all clients receive is exactly what the server sent.
 */
import WebSocket from 'ws'
import type { Counters } from './ipc.ts'

export const counters: Counters = emptyCounters()

export function emptyCounters(): Counters {
  return {
    syncIn: 0,
    syncInBytes: 0,
    awarenessIn: 0,
    awarenessInBytes: 0,
    syncOut: 0,
    syncOutBytes: 0,
    awarenessOut: 0,
    awarenessOutBytes: 0,
  }
}

export function takeCounters(): Counters {
  const copy = { ...counters }
  Object.assign(counters, emptyCounters())
  return copy
}

function firstByteAndLength(data: unknown): [number, number] {
  if (data instanceof ArrayBuffer) return [data.byteLength ? new Uint8Array(data)[0] : -1, data.byteLength]
  if (ArrayBuffer.isView(data)) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    return [bytes.length ? bytes[0] : -1, bytes.length]
  }
  if (Array.isArray(data)) {
    const joined = Buffer.concat(data as Buffer[])
    return [joined.length ? joined[0] : -1, joined.length]
  }
  return [-1, 0]
}

export class CountingWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols)
    this.on('message', (data: unknown) => {
      const [type, length] = firstByteAndLength(data)
      if (type === 0) {
        counters.syncIn++
        counters.syncInBytes += length
      } else if (type === 1) {
        counters.awarenessIn++
        counters.awarenessInBytes += length
      }
    })
    const send = this.send.bind(this) as (...args: unknown[]) => void
    ;(this as unknown as { send: (...args: unknown[]) => void }).send = (...args: unknown[]) => {
      const [type, length] = firstByteAndLength(args[0])
      if (type === 0) {
        counters.syncOut++
        counters.syncOutBytes += length
      } else if (type === 1) {
        counters.awarenessOut++
        counters.awarenessOutBytes += length
      }
      send(...args)
    }
  }
}
