// What one script can take from a board, an address or the server, and the clear answers it gets.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'
import { CloseCode, DocKeys, MessageType } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import { closeCode } from '../helpers/yclient.ts'

const file = serverForFile({
  env: { MAX_CONNECTIONS_PER_BOARD: '5', MAX_CONNECTIONS_PER_ADDRESS: '8', MAX_BOARD_BYTES: '200000', PENDING_UPDATE_TIMEOUT_MS: '300' },
})
const client = file.client

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

function openSocket(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${file.server.wsUrl}${path}`)
    socket.binaryType = 'nodebuffer'
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
}

/**
 * A raw websocket, answered either way: accepted (the server's first sync message arrives, code null)
 * or closed at once (the close code). No guessing with timeouts.
 */
function attempt(path: string): Promise<{ socket: WebSocket; code: number | null }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${file.server.wsUrl}${path}`)
    socket.once('message', () => resolve({ socket, code: null }))
    socket.once('close', (code) => resolve({ socket, code }))
    socket.once('error', reject)
  })
}

async function closeAll(attempts: { socket: WebSocket }[]): Promise<void> {
  await Promise.all(
    attempts.map(({ socket }) =>
      socket.readyState === WebSocket.CLOSED ? null : new Promise((resolve) => (socket.once('close', resolve), socket.close())),
    ),
  )
}

describe('limits', () => {
  it('connections past the limit per board are closed with 4429; a place frees when one leaves', async () => {
    const board = await createBoard(file.server)
    const sockets = await Promise.all(Array.from({ length: 5 }, () => attempt(`/ws/${board.id}`)))
    expect(sockets.map((a) => a.code)).toEqual([null, null, null, null, null])
    expect((await attempt(`/ws/${board.id}`)).code).toBe(CloseCode.tooManyConnections)
    await closeAll([sockets[0]])
    // The server counts the socket gone once it has seen it close.
    const again = await waitFor(async () => {
      const a = await attempt(`/ws/${board.id}`)
      return a.code === null ? a : null
    }, 5000, 'a free place')
    await closeAll([...sockets.slice(1), again])
    // One address on several boards: at most 8 at once.
    const boards = await Promise.all([createBoard(file.server), createBoard(file.server)])
    const many = await waitFor(async () => {
      const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(`/ws/${boards[i % 2].id}`)))
      if (tries.every((a) => a.code === null)) return tries
      await closeAll(tries)
      return null
    }, 5000, 'eight connections from one address')
    expect((await attempt(`/ws/${boards[0].id}`)).code).toBe(CloseCode.tooManyConnections)
    await closeAll(many)
    expect(file.server.output().match(/ws\.too-many-connections per=board/g)?.length).toBe(1)
  })

  it('an update that would take the board past MAX_BOARD_BYTES is refused with 4413; the board stays as it was', async () => {
    const board = await createBoard(file.server)
    const anne = await joinBoard(file.server, board.id)
    const bram = await joinBoard(file.server, board.id, { name: 'Bram', organisation: 'Woonstichting' })
    const meta = (j: typeof anne, name: string) => ({ authorId: j.participant.authorId, author: name, organisation: j.organisation.name })
    const writer = client(board.id, { token: anne.participant.token })
    const honest = client(board.id, { token: bram.participant.token })
    await Promise.all([writer.synced, honest.synced])
    writer.records.set('shape:small', noteRecord('shape:small', 'Past nog', { x: 0, y: 0 }, meta(anne, 'Anne')))
    await waitFor(() => honest.records.get('shape:small'), 5000, 'a small note')
    const closed = new Promise<number>((resolve) => writer.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)))
    writer.records.set('shape:big', noteRecord('shape:big', 'x'.repeat(300_000), { x: 0, y: 0 }, meta(anne, 'Anne')))
    expect(await closed).toBe(CloseCode.boardFull)
    honest.records.set('shape:after', noteRecord('shape:after', 'Gaat door', { x: 0, y: 0 }, meta(bram, 'Bram')))
    const fresh = client(board.id)
    await waitFor(() => fresh.records.get('shape:after'), 5000, 'the honest partner keeps working')
    expect(fresh.records.get('shape:big')).toBeUndefined()
    expect(fresh.records.get('shape:small')).toBeDefined()
  })

  it('on a full board deleting is still let in, and what it frees can be used again', async () => {
    const board = await createBoard(file.server)
    const filler = client(board.id, { key: board.facilitatorKey })
    await filler.synced
    const closed = new Promise<number>((resolve) => filler.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)))
    for (let i = 0; i < 5; i++) filler.records.set(`shape:big${i}`, noteRecord(`shape:big${i}`, String(i).repeat(45_000), { x: i, y: 0 }))
    expect(await closed).toBe(CloseCode.boardFull)
    filler.destroy()
    const tidy = client(board.id, { key: board.facilitatorKey })
    await tidy.synced
    const stored = [0, 1, 2, 3].filter((i) => tidy.records.get(`shape:big${i}`))
    expect(stored).toEqual([0, 1, 2, 3])
    tidy.doc.transact(() => {
      tidy.records.delete('shape:big0')
      tidy.records.delete('shape:big1')
    })
    tidy.records.set('shape:after', noteRecord('shape:after', 'x'.repeat(30_000), { x: 0, y: 0 }))
    const fresh = client(board.id)
    await waitFor(() => fresh.records.get('shape:after'), 5000, 'a note in the room the deletions made')
    expect(fresh.records.get('shape:big0')).toBeUndefined()
    expect(tidy.provider.wsconnected).toBe(true)
  })

  it('updates with missing dependencies are dropped after PENDING_UPDATE_TIMEOUT_MS, not handed to every newcomer', async () => {
    const board = await createBoard(file.server)
    const key = board.facilitatorKey
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (u: Uint8Array) => updates.push(u))
    source.getMap('board').set('timer', undefined)
    source.getArray(DocKeys.records).push([{ key: 'a', val: {} }])
    source.getArray(DocKeys.records).push([{ key: 'b', val: {} }])
    const socket = await openSocket(`/ws/${board.id}?key=${key}`)
    // Only the last update: it builds on two the server never gets.
    socket.send(syncUpdateMessage(updates[updates.length - 1]))
    const stateSize = async () => {
      const fresh = client(board.id)
      await fresh.synced
      const size = Y.encodeStateAsUpdate(fresh.doc).byteLength
      fresh.destroy()
      return size
    }
    const before = await stateSize()
    await waitFor(() => file.server.output().includes('room.pending-dropped'), 5000, 'the waiting update dropped')
    expect(await stateSize()).toBeLessThan(before)
    socket.close()
  })

  it('a connection the server closes is no longer read: a thousand bad frames, one log line', async () => {
    const board = await createBoard(file.server)
    const socket = await openSocket(`/ws/${board.id}`)
    const linesBefore = (file.server.output().match(/ws\.closed-by-server/g) ?? []).length
    for (let i = 0; i < 1000; i++) socket.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, i & 0xff]))
    expect(await closeCode(socket)).toBe(CloseCode.malformed)
    const calm = client(board.id)
    await calm.synced
    expect((file.server.output().match(/ws\.closed-by-server/g) ?? []).length - linesBefore).toBe(1)
  })
})
