/**
 * Light writers for `bench/capacity.ts`: each is one raw websocket and a Y.Doc that holds only its own
 * note. Twice a second it moves the note as the page's record layer does (delete the old `{ key, val }`
 * entry of the board's records array, push the new one) and sends that update; what the server sends back
 * is read off the socket and dropped. So one process plays a hundred partners without applying anyone
 * else's changes: the load is the server's, not the simulation's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { DocKeys, MessageType } from '../shared/protocol.ts'
import { moved, noteRecord, now, type NoteRecord } from './lib/records.ts'

export interface WriterSpec {
  board: string
  partner: number
  /** Query parameters of the websocket (the participant token), none for a server without rules. */
  params: Record<string, string>
  meta: { authorId: string; author: string; organisation: string }
  noteId: string
}

export type WriterRequest =
  | { id: number; cmd: 'connect'; wsUrl: string; path: string; writers: WriterSpec[] }
  | { id: number; cmd: 'start'; run: number; intervalMs: number }
  | { id: number; cmd: 'stop' }

export interface WriterReport {
  /** Per partner: the last sequence number sent in the run. */
  sent: Record<number, number>
  bytesReceived: number
  messagesReceived: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

interface Writer {
  spec: WriterSpec
  socket: WebSocket
  doc: Y.Doc
  array: Y.Array<{ key: string; val: NoteRecord }>
  note: NoteRecord
  seq: number
  timer: NodeJS.Timeout | null
}

const writers: Writer[] = []
let bytesReceived = 0
let messagesReceived = 0
const loop = monitorEventLoopDelay({ resolution: 10 })

function send(writer: Writer, update: Uint8Array): void {
  if (writer.socket.readyState !== WebSocket.OPEN) return
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, 2) // messageYjsUpdate
  encoding.writeVarUint8Array(encoder, update)
  writer.socket.send(encoding.toUint8Array(encoder))
}

/** Moves the note: the old entry out, the new one in, in one transaction (as YKeyValue.set does). */
function write(writer: Writer, note: NoteRecord): void {
  writer.doc.transact(() => {
    if (writer.array.length > 0) writer.array.delete(0, writer.array.length)
    writer.array.push([{ key: note.id, val: note }])
  })
  writer.note = note
}

async function connect(wsUrl: string, path: string, specs: WriterSpec[]): Promise<void> {
  await Promise.all(
    specs.map(
      (spec) =>
        new Promise<void>((resolve, reject) => {
          const query = new URLSearchParams(spec.params).toString()
          const socket = new WebSocket(`${wsUrl}${path}${spec.board}${query ? `?${query}` : ''}`, { perMessageDeflate: false })
          const doc = new Y.Doc()
          const array = doc.getArray<{ key: string; val: NoteRecord }>(DocKeys.records)
          const writer: Writer = { spec, socket, doc, array, note: noteRecord(spec.noteId, spec.partner, spec.partner), seq: 0, timer: null }
          writer.note.meta = { ...writer.note.meta, ...spec.meta, partner: spec.partner, run: 0, seq: 0, sentAt: 0 }
          doc.on('update', (update: Uint8Array) => send(writer, update))
          socket.on('message', (data: Buffer) => {
            bytesReceived += data.byteLength
            messagesReceived++
          })
          socket.once('open', () => {
            write(writer, writer.note)
            writers.push(writer)
            resolve()
          })
          socket.once('error', reject)
          socket.on('close', () => writer.timer && clearInterval(writer.timer))
        }),
    ),
  )
}

function start(run: number, intervalMs: number): void {
  loop.reset()
  loop.enable()
  bytesReceived = 0
  messagesReceived = 0
  for (const writer of writers) {
    writer.seq = 0
    // Spread over the interval, so the writers do not all send in the same millisecond.
    const phase = Math.random() * intervalMs
    setTimeout(() => {
      const tick = () => {
        writer.seq++
        write(writer, moved(writer.note, { run, seq: writer.seq, sentAt: now() }))
      }
      tick()
      writer.timer = setInterval(tick, intervalMs)
    }, phase)
  }
}

function stop(): WriterReport {
  loop.disable()
  const sent: Record<number, number> = {}
  for (const writer of writers) {
    if (writer.timer) clearInterval(writer.timer)
    writer.timer = null
    sent[writer.spec.partner] = writer.seq
  }
  return {
    sent,
    bytesReceived,
    messagesReceived,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
  }
}

process.on('message', async (request: WriterRequest) => {
  try {
    let result: unknown = null
    if (request.cmd === 'connect') await connect(request.wsUrl, request.path, request.writers)
    else if (request.cmd === 'start') start(request.run, request.intervalMs)
    else if (request.cmd === 'stop') result = stop()
    process.send!({ id: request.id, ok: true, result })
  } catch (error) {
    process.send!({ id: request.id, ok: false, error: String(error) })
  }
})
process.on('SIGTERM', () => {
  for (const writer of writers) writer.socket.terminate()
  process.exit(0)
})
process.send!({ ready: true })
