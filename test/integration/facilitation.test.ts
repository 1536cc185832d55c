// What the facilitator steers on the server: closing the board, and removing a disruptive connection.
// (Voting through the server has its own file, votes.test.ts.)
import { describe, expect, it } from 'vitest'
import { BoardMapKeys, CloseCode, DocKeys } from '../../shared/protocol.ts'
import { noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'

const file = serverForFile()
const client = file.client

const lock = (boardId: string, key: string | null, locked: unknown) =>
  fetch(`${file.server.url}/api/boards/${boardId}/lock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ locked }),
  })

describe('a locked board', () => {
  it('refuses every partner update, keeps its content everywhere, and still takes the facilitator’s', async () => {
    const board = await createBoard(file.server)
    const facilitator = client(board.id, { key: board.facilitatorKey })
    const partner = await file.partner(board.id)
    const other = await file.partner(board.id, 'Bram', 'Woonstichting')
    await Promise.all([facilitator.synced, partner.synced, other.synced])
    const before = partner.note('shape:before', 'Afspraak: volgende keer in maart')
    partner.records.set('shape:before', before)
    await waitFor(() => other.records.get('shape:before'), 5000, 'note before the lock')

    const res = await lock(board.id, board.facilitatorKey, true)
    expect(res.status).toBe(200)
    expect((await res.json()).locked).toBe(true)
    // Everybody sees the board is closed, through the document itself.
    await waitFor(() => partner.doc.getMap(DocKeys.board).get(BoardMapKeys.locked) === true, 5000, 'partner sees the lock')
    expect((await (await fetch(`${file.server.url}/api/boards/${board.id}`)).json()).locked).toBe(true)

    partner.records.set('shape:late', partner.note('shape:late', 'te laat'))
    partner.records.delete('shape:before')
    facilitator.records.set('shape:facilitator', noteRecord('shape:facilitator', 'Samenvatting', { x: 0, y: 0 }))
    await waitFor(() => other.records.get('shape:facilitator'), 5000, 'facilitator note arrives')
    const fresh = client(board.id)
    await fresh.synced
    expect(fresh.records.get('shape:facilitator')).toBeDefined()
    expect(fresh.records.get('shape:before')).toEqual(before)
    expect(fresh.records.get('shape:late')).toBeUndefined()
    expect(other.records.get('shape:before')).toBeDefined()
    expect(other.records.get('shape:late')).toBeUndefined()

    // Opened again: partners write again.
    expect((await lock(board.id, board.facilitatorKey, false)).status).toBe(200)
    other.records.set('shape:after', other.note('shape:after'))
    await waitFor(() => fresh.records.get('shape:after'), 5000, 'partner writes after unlock')
  })

  it('also refuses a partner who connects after the lock', async () => {
    const board = await createBoard(file.server)
    // Joined before the lock (a join on a closed board is refused), connecting after it.
    const joined = await joinBoard(file.server, board.id)
    expect((await lock(board.id, board.facilitatorKey, true)).status).toBe(200)
    const partner = client(board.id, { token: joined.participant.token })
    await partner.synced
    expect(partner.doc.getMap(DocKeys.board).get(BoardMapKeys.locked)).toBe(true)
    partner.records.set('shape:x', noteRecord('shape:x', 'te laat', { x: 0, y: 0 }, { authorId: joined.participant.authorId, author: 'Anne', organisation: joined.organisation.name }))
    const facilitator = client(board.id, { key: board.facilitatorKey })
    await facilitator.synced
    facilitator.records.set('shape:marker', noteRecord('shape:marker', '', { x: 0, y: 0 }))
    const fresh = client(board.id)
    await waitFor(() => fresh.records.get('shape:marker'), 5000, 'marker')
    expect(fresh.records.get('shape:x')).toBeUndefined()
  })

  it('only the facilitator can lock', async () => {
    const board = await createBoard(file.server)
    expect((await lock(board.id, null, true)).status).toBe(401)
    expect((await lock(board.id, 'wrong', true)).status).toBe(403)
    expect((await lock(board.id, board.facilitatorKey, 'yes')).status).toBe(400)
    expect((await lock('AAAAAAAAAAAAAAAAAAAAAA', board.facilitatorKey, true)).status).toBe(404)
  })
})

describe('removing a connection', () => {
  it('closes exactly that connection with 4403, and only for the facilitator', async () => {
    const board = await createBoard(file.server)
    const disruptive = await file.partner(board.id, 'Storende gast', 'Nergens')
    const calm = await file.partner(board.id, 'Bram', 'Woonstichting')
    await Promise.all([disruptive.synced, calm.synced])
    disruptive.provider.awareness.setLocalStateField('presence', { userName: 'Storende gast' })
    await waitFor(() => calm.provider.awareness.getStates().has(disruptive.doc.clientID), 5000, 'presence known')
    const closed = new Promise<number>((resolve) => disruptive.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)))

    const url = `${file.server.url}/api/boards/${board.id}/connections/${disruptive.doc.clientID}/remove`
    expect((await fetch(url, { method: 'POST' })).status).toBe(401)
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })
    expect(res.status).toBe(200)
    expect(await closed).toBe(CloseCode.removed)
    await waitFor(() => !calm.provider.awareness.getStates().has(disruptive.doc.clientID), 5000, 'gone from presence')
    expect(calm.provider.wsconnected).toBe(true)
    const again = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })
    expect(again.status).toBe(404)
  })
})
