import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { voteKey, type VotingRound } from '../../shared/voting.ts'
import { Room } from '../../server/rooms.ts'
import { MemoryStore } from '../../server/store/memory.ts'
import { parseVoteRequest, voteEntryChanges, watchVoting } from '../../server/votes.ts'
import { waitFor } from '../helpers/server.ts'

describe('the vote API’s request', () => {
  it('takes a note id and add or remove, and says what is wrong otherwise', () => {
    expect(parseVoteRequest({ noteId: 'shape:a', action: 'add' })).toEqual({ noteId: 'shape:a', action: 'add' })
    // Anything else in the body (such as a voter id) is not part of the request.
    expect(parseVoteRequest({ noteId: 'shape:a', action: 'remove', voterId: 'bram' })).toEqual({ noteId: 'shape:a', action: 'remove' })
    for (const body of [{}, { noteId: 'shape:a' }, { noteId: 'shape:a', action: 'toggle' }, { noteId: 7, action: 'add' }, { noteId: 'page:page', action: 'add' }]) {
      expect(typeof parseVoteRequest(body)).toBe('string')
    }
  })
})

describe('publishing votes into the document', () => {
  it('changes only the entries that differ, removes an emptied one, and leaves voters the store does not know', () => {
    const doc = new Map<string, unknown>([
      [voteKey('r1', 'anne'), ['a', 'b']],
      [voteKey('r1', 'bram'), ['a']],
      [voteKey('r1', 'lotte'), ['c']],
      [voteKey('r1', 'ouder'), ['d']], // written before votes went through the server
    ])
    const stored = new Map([
      ['anne', ['a', 'b']],
      ['bram', ['a', 'c']],
      ['lotte', []],
      ['karim', ['b']],
      ['sanne', []],
    ])
    expect(voteEntryChanges('r1', stored, (key) => doc.get(key))).toEqual([
      { key: voteKey('r1', 'bram'), dots: ['a', 'c'] },
      { key: voteKey('r1', 'lotte'), dots: null },
      { key: voteKey('r1', 'karim'), dots: ['b'] },
    ])
    expect(voteEntryChanges('r1', new Map([['anne', ['a', 'b']]]), (key) => doc.get(key))).toEqual([])
  })

  it('publishes a closed round’s stored votes when the board is loaded, once, and a hidden round only when it closes', async () => {
    const store = new MemoryStore()
    const board = { id: 'votes-board-000001', viewId: 'votes-view-0000001', title: 'Bord', keyHash: 'ab'.repeat(32), createdAt: '2026-12-01T10:00:00.000Z', locked: false }
    const closed: VotingRound = { id: 'r1', votesPerPerson: 3, allowStacking: false, hideResults: true, open: false }
    const initial = new Y.Doc()
    initial.getMap(DocKeys.board).set(BoardMapKeys.voting, closed)
    await store.createBoard(board, Y.encodeStateAsUpdate(initial))
    // The server stopped after the facilitator closed the round, before it published the votes.
    await store.saveVote(board.id, 'r1', 'anne', ['shape:a'])
    await store.saveVote(board.id, 'r1', 'bram', ['shape:a', 'shape:b'])
    const room = new Room(board, store, { compactAfterUpdates: 500, awarenessFlushMs: 50 }, await store.loadUpdates(board.id))
    try {
      await watchVoting(room, store)
      const votes = room.doc.getMap(DocKeys.votes)
      expect(votes.toJSON()).toEqual({ [voteKey('r1', 'anne')]: ['shape:a'], [voteKey('r1', 'bram')]: ['shape:a', 'shape:b'] })
      const updates = room.stats.updatesIn
      await watchVoting(room, store)
      expect(room.stats.updatesIn).toBe(updates)

      const hidden: VotingRound = { ...closed, id: 'r2', open: true }
      room.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, hidden)
      await store.saveVote(board.id, 'r2', 'anne', ['shape:b'])
      await watchVoting(room, store) // as on a load while the round runs
      expect([...votes.keys()].filter((k) => k.startsWith('r2|'))).toEqual([])
      room.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, { ...hidden, open: false })
      await waitFor(() => votes.get(voteKey('r2', 'anne')), 2000, 'published at closing')
      expect(votes.get(voteKey('r2', 'anne'))).toEqual(['shape:b'])
    } finally {
      room.destroy()
    }
  })
})
