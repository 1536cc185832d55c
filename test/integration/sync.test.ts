// The real server as a child process, driven by stock y-websocket clients.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { createBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import { closeCode, rawSocket } from '../helpers/yclient.ts'
import { noteRecord } from '../helpers/records.ts'
import { BoardMapKeys, CloseCode, DOCUMENT_FORMAT_VERSION, DocKeys, MessageType } from '../../shared/protocol.ts'

const file = serverForFile({ env: { MAX_MESSAGE_BYTES: String(64 * 1024) } })
const client = file.client

describe('live sync', () => {
  it('two partners see each other’s notes, and the board carries its format version', async () => {
    const board = await createBoard(file.server)
    const a = await file.partner(board.id)
    const b = await file.partner(board.id, 'Bram', 'Woonstichting')
    await Promise.all([a.synced, b.synced])
    expect(a.doc.getMap(DocKeys.board).get(BoardMapKeys.formatVersion)).toBe(DOCUMENT_FORMAT_VERSION)

    a.records.set('shape:a', a.note('shape:a', 'Samen sterker'))
    b.records.set('shape:b', b.note('shape:b', 'Wonen én zorg'))
    await waitFor(() => b.records.get('shape:a') && a.records.get('shape:b'), 5000, 'both notes on both clients')
    expect(a.doc.getArray(DocKeys.records).toJSON()).toEqual(b.doc.getArray(DocKeys.records).toJSON())
  })

  it('a late joiner gets the stored board in its first sync, never an empty board', async () => {
    const board = await createBoard(file.server)
    const a = await file.partner(board.id)
    await a.synced
    for (let i = 0; i < 50; i++) a.records.set(`shape:${i}`, a.note(`shape:${i}`, `notitie ${i}`))
    const b = client(board.id)
    await b.synced
    const shapes = (c: typeof b) => [...c.records.map.keys()].filter((k) => k.startsWith('shape:')).length
    // At the moment of the first sync event everything is there already.
    await waitFor(() => shapes(b) === 50, 5000, 'late joiner has all notes')
    const late = client(board.id)
    let sizeAtSync = -1
    late.provider.on('sync', (s: boolean) => {
      if (s && sizeAtSync < 0) sizeAtSync = shapes(late)
    })
    await late.synced
    expect(sizeAtSync).toBe(50)
  })

  it('a read-only view cannot change the board', async () => {
    const board = await createBoard(file.server)
    const writer = await file.partner(board.id)
    const viewer = client(board.viewId)
    await Promise.all([writer.synced, viewer.synced])
    writer.records.set('shape:w', writer.note('shape:w', 'van de partner'))
    await waitFor(() => viewer.records.get('shape:w'), 5000, 'viewer sees the partner’s note')

    viewer.records.set('shape:v', writer.note('shape:v', 'van de kijker'))
    viewer.records.delete('shape:w')
    // A marker written after the viewer's attempt: once it arrives, the viewer's change would have too.
    writer.records.set('shape:marker', writer.note('shape:marker'))
    const fresh = client(board.id)
    await fresh.synced
    await waitFor(() => fresh.records.get('shape:marker') && writer.records.get('shape:marker'), 5000, 'marker')
    expect(fresh.records.get('shape:v')).toBeUndefined()
    expect(fresh.records.get('shape:w')).toBeDefined()
    expect(writer.records.get('shape:v')).toBeUndefined()
    expect(file.server.output()).toContain('ws.update-refused')
  })

  it('refuses unknown boards and wrong keys at the upgrade, and never creates a board', async () => {
    const unknown = await rawSocket(`${file.server.wsUrl}/ws/AAAAAAAAAAAAAAAAAAAAAA`)
    expect(unknown).toEqual({ status: 404 })
    const garbageId = await rawSocket(`${file.server.wsUrl}/ws/..%2F..%2Fetc`)
    expect(garbageId).toEqual({ status: 404 })
    const board = await createBoard(file.server)
    const wrongKey = await rawSocket(`${file.server.wsUrl}/ws/${board.id}?key=not-the-key`)
    if (!('socket' in wrongKey)) throw new Error(`wrong key refused at the upgrade with ${wrongKey.status}`)
    expect(await closeCode(wrongKey.socket)).toBe(CloseCode.wrongKey)
    const res = await fetch(`${file.server.url}/api/boards/AAAAAAAAAAAAAAAAAAAAAA`)
    expect(res.status).toBe(404)
  })

  it('the facilitator key is accepted', async () => {
    const board = await createBoard(file.server)
    const facilitator = client(board.id, { key: board.facilitatorKey })
    await facilitator.synced
    facilitator.records.set('shape:f', noteRecord('shape:f', 'van de procesbegeleider', { x: 0, y: 0 }))
    const partner = client(board.id)
    await waitFor(() => partner.records.get('shape:f'), 5000, 'partner sees facilitator note')
  })

  it('garbage, truncated, text and oversized messages close only that connection, with a clear code', async () => {
    const board = await createBoard(file.server)
    const a = await file.partner(board.id)
    await a.synced
    a.records.set('shape:before', a.note('shape:before', 'blijft staan'))
    const b = await file.partner(board.id, 'Bram', 'Woonstichting')
    await waitFor(() => b.records.get('shape:before'), 5000, 'b has the note')

    const open = async () => {
      const r = await rawSocket(`${file.server.wsUrl}/ws/${board.id}`)
      if (!('socket' in r)) throw new Error(`refused with ${r.status}`)
      return r.socket
    }
    // Garbage bytes.
    let s = await open()
    let closed = closeCode(s)
    s.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))
    expect(await closed).toBe(CloseCode.malformed)

    // A real update, cut in half.
    const other = new Y.Doc()
    other.getArray(DocKeys.records).push([{ key: 'shape:evil', val: { id: 'shape:evil' } }])
    const update = Y.encodeStateAsUpdate(other)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeUpdate(encoder, update)
    const full = encoding.toUint8Array(encoder)
    s = await open()
    closed = closeCode(s)
    s.send(full.slice(0, Math.floor(full.length / 2)))
    expect(await closed).toBe(CloseCode.malformed)

    // A well-formed update whose content is truncated inside: the length prefix says more than follows.
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, MessageType.sync)
    encoding.writeVarUint(inner, syncProtocol.messageYjsUpdate)
    encoding.writeVarUint8Array(inner, update.slice(0, update.length - 3))
    s = await open()
    closed = closeCode(s)
    s.send(encoding.toUint8Array(inner))
    expect(await closed).toBe(CloseCode.malformed)

    // Text instead of binary.
    s = await open()
    closed = closeCode(s)
    s.send('hallo')
    expect(await closed).toBe(CloseCode.malformed)

    // Too big (the server runs with MAX_MESSAGE_BYTES=64 KiB here).
    s = await open()
    closed = closeCode(s)
    s.send(Buffer.alloc(100 * 1024, 1))
    expect(await closed).toBe(CloseCode.messageTooBig)

    // The board and the other connections are untouched and still live.
    b.records.set('shape:after', b.note('shape:after'))
    await waitFor(() => a.records.get('shape:after'), 5000, 'a still receives updates')
    expect(a.records.get('shape:evil')).toBeUndefined()
    expect(b.records.get('shape:before')).toEqual(a.note('shape:before', 'blijft staan'))
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
    expect(file.server.process.exitCode).toBeNull()
    expect(file.server.output()).toMatch(/ws\.closed-by-server .*code=1007/)
  })

  it('presence (cursors) of one partner reaches the others', async () => {
    const board = await createBoard(file.server)
    const a = await file.partner(board.id)
    const b = client(board.id)
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('presence', { userName: 'Anne' })
    // The server says who it is: the name and organisation she joined with.
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => s.presence?.userName === 'Anne (Gemeente Utrecht)'),
      5000,
      'b sees Anne',
    )
    a.destroy()
    await waitFor(
      () => ![...b.provider.awareness.getStates().values()].some((s) => s.presence?.userName === 'Anne (Gemeente Utrecht)'),
      5000,
      'Anne is gone when she leaves',
    )
  })
})
