// What the facilitator steers on the server: closing the board, and removing a disruptive connection.
import { describe, expect, it } from 'vitest'
import { BoardMapKeys, CloseCode, DocKeys } from '../../shared/protocol.ts'
import { addDot, tally, voteKey, type VotingRound } from '../../shared/voting.ts'
import { createBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import type { TestClient } from '../helpers/yclient.ts'

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
    const partner = client(board.id)
    const other = client(board.id)
    await Promise.all([facilitator.synced, partner.synced, other.synced])
    partner.records.set('shape:before', { id: 'shape:before', text: 'Afspraak: volgende keer in maart' })
    await waitFor(() => other.records.get('shape:before'), 5000, 'note before the lock')

    const res = await lock(board.id, board.facilitatorKey, true)
    expect(res.status).toBe(200)
    expect((await res.json()).locked).toBe(true)
    // Everybody sees the board is closed, through the document itself.
    await waitFor(() => partner.doc.getMap(DocKeys.board).get(BoardMapKeys.locked) === true, 5000, 'partner sees the lock')
    expect((await (await fetch(`${file.server.url}/api/boards/${board.id}`)).json()).locked).toBe(true)

    partner.records.set('shape:late', { id: 'shape:late', text: 'te laat' })
    partner.records.delete('shape:before')
    facilitator.records.set('shape:facilitator', { id: 'shape:facilitator', text: 'Samenvatting' })
    await waitFor(() => other.records.get('shape:facilitator'), 5000, 'facilitator note arrives')
    const fresh = client(board.id)
    await fresh.synced
    expect(fresh.records.get('shape:facilitator')).toBeDefined()
    expect(fresh.records.get('shape:before')).toEqual({ id: 'shape:before', text: 'Afspraak: volgende keer in maart' })
    expect(fresh.records.get('shape:late')).toBeUndefined()
    expect(other.records.get('shape:before')).toBeDefined()
    expect(other.records.get('shape:late')).toBeUndefined()

    // Opened again: partners write again.
    expect((await lock(board.id, board.facilitatorKey, false)).status).toBe(200)
    other.records.set('shape:after', { id: 'shape:after' })
    await waitFor(() => fresh.records.get('shape:after'), 5000, 'partner writes after unlock')
  })

  it('also refuses a partner who connects after the lock', async () => {
    const board = await createBoard(file.server)
    expect((await lock(board.id, board.facilitatorKey, true)).status).toBe(200)
    const partner = client(board.id)
    await partner.synced
    expect(partner.doc.getMap(DocKeys.board).get(BoardMapKeys.locked)).toBe(true)
    partner.records.set('shape:x', { id: 'shape:x' })
    const facilitator = client(board.id, { key: board.facilitatorKey })
    await facilitator.synced
    facilitator.records.set('shape:marker', { id: 'shape:marker' })
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
    const disruptive = client(board.id)
    const calm = client(board.id)
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

describe('dot voting', () => {
  it('a vote cannot be counted twice: two tabs of one person, a double click, a reconnect', async () => {
    const board = await createBoard(file.server)
    const facilitator = client(board.id, { key: board.facilitatorKey })
    await facilitator.synced
    const round: VotingRound = { id: 'ronde-1', votesPerPerson: 3, allowStacking: false, hideResults: true, open: true }
    facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, round)

    // Anne has the board open in two tabs; both put a dot on the same note at the same moment.
    const tab1 = client(board.id)
    const tab2 = client(board.id)
    await Promise.all([tab1.synced, tab2.synced])
    const vote = (c: TestClient, noteId: string) => {
      const votes = c.doc.getMap<string[]>(DocKeys.votes)
      votes.set(voteKey(round.id, 'anne'), addDot(round, votes.get(voteKey(round.id, 'anne')) ?? [], noteId))
    }
    vote(tab1, 'shape:a')
    vote(tab2, 'shape:a')
    vote(tab2, 'shape:a') // double click
    const count = (c: TestClient) => Object.fromEntries(tally(round, c.doc.getMap(DocKeys.votes).entries()))
    await waitFor(() => count(facilitator)['shape:a'] !== undefined && JSON.stringify(count(tab1)) === JSON.stringify(count(facilitator)), 5000, 'votes converge')
    expect(count(facilitator)).toEqual({ 'shape:a': 1 })

    // A reconnect resends what the tab had: still one dot.
    tab1.provider.disconnect()
    tab1.provider.connect()
    await waitFor(() => tab1.provider.synced, 5000, 'reconnected')
    const fresh = client(board.id)
    await fresh.synced
    expect(count(fresh)).toEqual({ 'shape:a': 1 })
  })
})
