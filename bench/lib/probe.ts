/**
 * A light probe: one raw websocket on a board that only listens. It decodes each update the server
 * relays (Y.decodeUpdate, no Y.Doc) and takes the fan-out latency from the note's timestamp. It runs in
 * the bench's main process, which is otherwise idle during a run, so its numbers show the server's part
 * of the latency without the queueing of a hundred simulated partners on two cores.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { MessageType } from '../../shared/protocol.ts'
import type { Entry } from './client.ts'
import { NOTE_PREFIX, now, type NoteRecord } from './records.ts'

export interface Probe {
  latencies: number[]
  received: number
  run: number
  close(): void
}

export async function openProbe(wsUrl: string, board: string): Promise<Probe> {
  if (!/^ws:\/\/127\.0\.0\.1:\d+$/.test(wsUrl)) throw new Error(`the bench only talks to 127.0.0.1, not ${wsUrl}`)
  const socket = new WebSocket(`${wsUrl}/ws/${board}`)
  const probe: Probe = { latencies: [], received: 0, run: -1, close: () => socket.terminate() }
  socket.on('message', (data: Buffer) => {
    const at = now()
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (decoding.readVarUint(decoder) !== MessageType.sync) return
    if (decoding.readVarUint(decoder) !== 2) return // messageYjsUpdate
    const update = decoding.readVarUint8Array(decoder)
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
      for (const entry of struct.content.getContent() as Entry[]) {
        if (typeof entry?.key !== 'string' || !entry.key.startsWith(NOTE_PREFIX)) continue
        const meta = (entry.val as NoteRecord).meta
        if (!meta || meta.run !== probe.run || meta.seq === 0) continue
        probe.received++
        probe.latencies.push(at - meta.sentAt)
      }
    }
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return probe
}
