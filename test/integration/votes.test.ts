// Dot voting through the server: partners vote with their token, the server applies the rules and keeps
// the votes; the shared document holds them only once everybody may see them.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardMapKeys, DocKeys, type CreateBoardResponse, type JoinResponse, type VoteResponse } from '../../shared/protocol.ts'
import { tally, voteKey, type VotingRound } from '../../shared/voting.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, removeDataDir, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'

const file = serverForFile()

/** A note record as tldraw 5 writes it. */
function tldrawNote(id: string, text: string, i: number, by = { authorId: 'facilitator-author-id', author: 'Fenna', organisation: 'Procesbegeleiding' }) {
  const note = noteRecord(id, text, { x: 250 * i, y: 100 }, { ...by, createdAt: '2026-12-01T10:00:00.000Z' } as typeof by)
  return { ...note, index: `a${i + 1}` }
}

const NOTES = ['shape:wonen', 'shape:zorg', 'shape:water', 'shape:dijk']

function round(overrides: Partial<VotingRound> = {}): VotingRound {
  return { id: `ronde-${Math.random().toString(36).slice(2, 8)}`, votesPerPerson: 3, allowStacking: false, hideResults: true, open: true, ...overrides }
}

/** The vote API of the server `server()` names (a function: the file's server starts after this module loads). */
function voteApi(server: () => RunningServer) {
  const url = (boardId: string) => `${server().url}/api/boards/${boardId}/votes`
  const auth = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {})
  return {
    post: (boardId: string, token: string | null, body: unknown) =>
      fetch(url(boardId), { method: 'POST', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify(body) }),
    get: (boardId: string, token: string | null) => fetch(url(boardId), { headers: auth(token) }),
    /** Puts a dot (or takes one back) and returns the answer, failing on anything but 200. */
    async vote(boardId: string, who: JoinResponse, noteId: string, action: 'add' | 'remove' = 'add'): Promise<VoteResponse> {
      const res = await this.post(boardId, who.participant.token, { noteId, action })
      if (res.status !== 200) throw new Error(`vote: ${res.status} ${await res.text()}`)
      return res.json()
    },
    async mine(boardId: string, who: JoinResponse): Promise<VoteResponse> {
      const res = await this.get(boardId, who.participant.token)
      if (res.status !== 200) throw new Error(`my votes: ${res.status} ${await res.text()}`)
      return res.json()
    },
  }
}

const api = voteApi(() => file.server)
const people = (boardId: string, server = file.server) =>
  Promise.all([
    joinBoard(server, boardId, { name: 'Anne', organisation: 'Gemeente Utrecht' }),
    joinBoard(server, boardId, { name: 'Bram', organisation: 'Waterschap' }),
    joinBoard(server, boardId, { name: 'Karim', organisation: 'Woningcorporatie' }),
  ])

/**
 * The facilitator puts notes on the board and starts a round, as the page does; resolves once a partner's
 * connection shows both, so the server has them before anyone votes.
 */
async function startRound(
  board: CreateBoardResponse,
  r: VotingRound,
  connect: (id: string, params?: Record<string, string>) => TestClient,
  watcherToken: string,
): Promise<{ facilitator: TestClient; watcher: TestClient }> {
  const facilitator = connect(board.id, { key: board.facilitatorKey })
  const watcher = connect(board.id, { token: watcherToken })
  await Promise.all([facilitator.synced, watcher.synced])
  facilitator.doc.transact(() => NOTES.forEach((id, i) => facilitator.records.set(id, tldrawNote(id, id.slice(6), i))))
  facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, r)
  await waitFor(
    () => (watcher.doc.getMap(DocKeys.board).get(BoardMapKeys.voting) as VotingRound | undefined)?.id === r.id && NOTES.every((id) => watcher.records.get(id)),
    5000,
    'the round and the notes reach the server',
  )
  return { facilitator, watcher }
}

/** The facilitator closes the round, as the page does. */
function closeRound(facilitator: TestClient, r: VotingRound): void {
  facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, { ...r, open: false })
}

/** What a client that reads the whole document finds of this round's votes. */
function voteEntries(c: TestClient, r: VotingRound): Record<string, unknown> {
  return Object.fromEntries([...c.doc.getMap<unknown>(DocKeys.votes).entries()].filter(([key]) => key.startsWith(`${r.id}|`)))
}

describe('voting through the server', () => {
  it('keeps a hidden round out of the document until the facilitator closes it, then publishes every voter’s dots', async () => {
    const board = await createBoard(file.server)
    const [anne, bram, karim] = await people(board.id)
    const r = round()
    const { facilitator } = await startRound(board, r, file.client, karim.participant.token)

    await api.vote(board.id, anne, 'shape:wonen')
    expect(await api.vote(board.id, anne, 'shape:zorg')).toEqual({ roundId: r.id, dots: ['shape:wonen', 'shape:zorg'] })
    await api.vote(board.id, bram, 'shape:wonen')
    await api.vote(board.id, bram, 'shape:dijk')
    expect(await api.mine(board.id, bram)).toEqual({ roundId: r.id, dots: ['shape:wonen', 'shape:dijk'] })

    // A third person's stock client, connected now, gets the server's whole document in its first sync.
    const reader = file.client(board.id, { token: karim.participant.token })
    await reader.synced
    expect(reader.doc.getMap(DocKeys.votes).size).toBe(0)
    expect(Buffer.from(Y.encodeStateAsUpdate(reader.doc)).includes(`${r.id}|`)).toBe(false)
    // How many have voted is all the room learns.
    expect(reader.doc.getMap(DocKeys.board).get(BoardMapKeys.votingProgress)).toEqual({ roundId: r.id, voters: 2 })

    closeRound(facilitator, r)
    await waitFor(() => Object.keys(voteEntries(reader, r)).length === 2, 5000, 'votes published at closing')
    expect(voteEntries(reader, r)).toEqual({
      [voteKey(r.id, anne.participant.authorId)]: ['shape:wonen', 'shape:zorg'],
      [voteKey(r.id, bram.participant.authorId)]: ['shape:wonen', 'shape:dijk'],
    })
    const closed = { ...r, open: false }
    expect(Object.fromEntries(tally(closed, reader.doc.getMap(DocKeys.votes).entries()))).toEqual({ 'shape:wonen': 2, 'shape:zorg': 1, 'shape:dijk': 1 })
    // The facilitator's page counts from the same entries.
    await waitFor(() => tally(closed, facilitator.doc.getMap(DocKeys.votes).entries()).get('shape:wonen') === 2, 5000, 'facilitator sees the counts')

    // Closed: no more dots, and what was counted stays.
    const late = await api.post(board.id, anne.participant.token, { noteId: 'shape:water', action: 'add' })
    expect(late.status).toBe(409)
    expect(await api.mine(board.id, anne)).toEqual({ roundId: r.id, dots: ['shape:wonen', 'shape:zorg'] })
  })

  it('applies the round’s rules on the server: dots per person, one per note unless stacking', async () => {
    const board = await createBoard(file.server)
    const [anne, , karim] = await people(board.id)
    const r = round({ votesPerPerson: 3, allowStacking: false })
    const { facilitator, watcher } = await startRound(board, r, file.client, karim.participant.token)

    await api.vote(board.id, anne, 'shape:wonen')
    expect((await api.vote(board.id, anne, 'shape:wonen')).dots).toEqual(['shape:wonen']) // no stacking
    await api.vote(board.id, anne, 'shape:zorg')
    await api.vote(board.id, anne, 'shape:water')
    // The fourth dot of three is not counted; the answer says so.
    expect(await api.vote(board.id, anne, 'shape:dijk')).toEqual({ roundId: r.id, dots: ['shape:wonen', 'shape:zorg', 'shape:water'] })
    expect((await api.vote(board.id, anne, 'shape:zorg', 'remove')).dots).toEqual(['shape:wonen', 'shape:water'])
    expect((await api.vote(board.id, anne, 'shape:dijk')).dots).toEqual(['shape:wonen', 'shape:water', 'shape:dijk'])

    // A double click sends two requests at once: they are applied one after the other.
    const stacking = round({ votesPerPerson: 2, allowStacking: true })
    facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, stacking)
    await waitFor(() => (watcher.doc.getMap(DocKeys.board).get(BoardMapKeys.voting) as VotingRound).id === stacking.id, 5000, 'the new round reaches the server')
    expect(await api.mine(board.id, anne)).toEqual({ roundId: stacking.id, dots: [] })
    await Promise.all([api.vote(board.id, anne, 'shape:zorg'), api.vote(board.id, anne, 'shape:zorg'), api.vote(board.id, anne, 'shape:zorg')])
    expect(await api.mine(board.id, anne)).toEqual({ roundId: stacking.id, dots: ['shape:zorg', 'shape:zorg'] })

    // Only notes of this board take a dot.
    const geo = { ...frameRecord('shape:rechthoek', 'iceberg', {}, { x: 0, y: 0, w: 100, h: 100 }), meta: {} }
    facilitator.records.set(geo.id, geo)
    await waitFor(() => watcher.records.get(geo.id), 5000, 'the shape reaches the server')
    expect((await api.vote(board.id, anne, 'shape:zorg', 'remove')).dots).toEqual(['shape:zorg'])
    for (const noteId of ['shape:nergens', 'shape:rechthoek']) {
      expect((await api.post(board.id, anne.participant.token, { noteId, action: 'add' })).status).toBe(409)
    }
    for (const body of [{ noteId: 'shape:zorg', action: 'toggle' }, { action: 'add' }, { noteId: 42, action: 'add' }, { noteId: 'zorg', action: 'add' }]) {
      expect((await api.post(board.id, anne.participant.token, body)).status).toBe(400)
    }
    expect(await api.mine(board.id, anne)).toEqual({ roundId: stacking.id, dots: ['shape:zorg'] })
  })

  it('takes the voter from the token, never from the request', async () => {
    const board = await createBoard(file.server)
    const [anne, bram, karim] = await people(board.id)
    const r = round()
    const { facilitator } = await startRound(board, r, file.client, karim.participant.token)
    const res = await api.post(board.id, anne.participant.token, {
      noteId: 'shape:water',
      action: 'add',
      voterId: bram.participant.authorId,
      authorId: bram.participant.authorId,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ roundId: r.id, dots: ['shape:water'] })
    expect(await api.mine(board.id, bram)).toEqual({ roundId: r.id, dots: [] })

    const reader = file.client(board.id, { token: karim.participant.token })
    await reader.synced
    closeRound(facilitator, r)
    await waitFor(() => Object.keys(voteEntries(reader, r)).length > 0, 5000, 'votes published')
    expect(voteEntries(reader, r)).toEqual({ [voteKey(r.id, anne.participant.authorId)]: ['shape:water'] })
  })

  it('publishes each change at once in a round whose results are visible', async () => {
    const board = await createBoard(file.server)
    const [anne, bram, karim] = await people(board.id)
    const r = round({ hideResults: false })
    await startRound(board, r, file.client, karim.participant.token)
    const reader = file.client(board.id, { token: karim.participant.token })
    await reader.synced
    const anneKey = voteKey(r.id, anne.participant.authorId)

    await api.vote(board.id, anne, 'shape:wonen')
    await api.vote(board.id, bram, 'shape:wonen')
    await waitFor(() => tally(r, reader.doc.getMap(DocKeys.votes).entries()).get('shape:wonen') === 2, 5000, 'both dots in the document')
    await api.vote(board.id, anne, 'shape:zorg')
    await waitFor(() => (voteEntries(reader, r)[anneKey] as string[] | undefined)?.length === 2, 5000, 'second dot in the document')
    expect(voteEntries(reader, r)[anneKey]).toEqual(['shape:wonen', 'shape:zorg'])

    // Every dot taken back: the entry goes.
    await api.vote(board.id, anne, 'shape:wonen', 'remove')
    await api.vote(board.id, anne, 'shape:zorg', 'remove')
    await waitFor(() => !(anneKey in voteEntries(reader, r)), 5000, 'entry removed')
    expect(Object.fromEntries(tally(r, reader.doc.getMap(DocKeys.votes).entries()))).toEqual({ 'shape:wonen': 1 })
  })

  it('keeps the votes of a hidden round through a server restart mid-round', async () => {
    const dataDir = tempDataDir()
    let server = await startServer({ dataDir })
    const clients: TestClient[] = []
    const connect = (id: string, params?: Record<string, string>) => {
      const c = connectClient(server.wsUrl, id, params)
      clients.push(c)
      return c
    }
    try {
      const board = await createBoard(server)
      const [anne, bram, karim] = await people(board.id, server)
      const r = round()
      await startRound(board, r, connect, karim.participant.token)
      await voteApi(() => server).vote(board.id, anne, 'shape:wonen')
      await voteApi(() => server).vote(board.id, anne, 'shape:zorg')
      await voteApi(() => server).vote(board.id, bram, 'shape:water')

      // No chance to flush anything.
      await server.kill()
      for (const c of clients.splice(0)) c.destroy()
      server = await startServer({ dataDir })
      const again = voteApi(() => server)
      expect(await again.mine(board.id, anne)).toEqual({ roundId: r.id, dots: ['shape:wonen', 'shape:zorg'] })
      expect((await again.vote(board.id, anne, 'shape:dijk')).dots).toEqual(['shape:wonen', 'shape:zorg', 'shape:dijk'])

      const reader = connect(board.id, { token: karim.participant.token })
      const facilitator = connect(board.id, { key: board.facilitatorKey })
      await Promise.all([reader.synced, facilitator.synced])
      expect(voteEntries(reader, r)).toEqual({})
      closeRound(facilitator, r)
      await waitFor(() => Object.keys(voteEntries(reader, r)).length === 2, 5000, 'votes published after the restart')
      expect(voteEntries(reader, r)).toEqual({
        [voteKey(r.id, anne.participant.authorId)]: ['shape:wonen', 'shape:zorg', 'shape:dijk'],
        [voteKey(r.id, bram.participant.authorId)]: ['shape:water'],
      })
    } finally {
      for (const c of clients) c.destroy()
      await server.stop()
      removeDataDir(dataDir)
    }
  })

  it('answers 401 without a token, 403 for a token it does not know, 404 for an unknown board, and an empty answer without a round', async () => {
    const board = await createBoard(file.server)
    const other = await createBoard(file.server)
    const [anne] = await people(board.id)
    const [stranger] = await people(other.id)
    const body = { noteId: 'shape:wonen', action: 'add' }

    expect((await api.post(board.id, null, body)).status).toBe(401)
    expect((await api.get(board.id, null)).status).toBe(401)
    expect((await api.post(board.id, 'not-a-token-anyone-got', body)).status).toBe(403)
    expect((await api.get(board.id, 'not-a-token-anyone-got')).status).toBe(403)
    // A token is for its own board only.
    expect((await api.post(board.id, stranger.participant.token, body)).status).toBe(403)
    // The facilitator key is not a participant token.
    expect((await api.get(board.id, board.facilitatorKey)).status).toBe(403)
    expect((await api.post('AAAAAAAAAAAAAAAAAAAAAA', anne.participant.token, body)).status).toBe(404)
    expect((await api.get(board.viewId, anne.participant.token)).status).toBe(404)

    expect(await api.mine(board.id, anne)).toEqual({ roundId: null, dots: [] })
    const res = await api.post(board.id, anne.participant.token, body)
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: expect.any(String) })
  })
})
