// Commitment and follow-up agreements against a modified client: a partner answers for their own
// organisation only, while the question is open, in their own name; agreements and the question are the
// facilitator's. Everything else a stock y-websocket client tries is undone by the server for everyone.
import { describe, expect, it } from 'vitest'
import { BoardMapKeys, DocKeys, organisationKey } from '../../shared/protocol.ts'
import type { Agreements } from '../../shared/board/agreements.ts'
import type { CommitmentAnswer } from '../../shared/board/commitment.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'

const file = serverForFile({ env: { MAX_REFUSED_CHANGES: '50' } })

async function meeting() {
  const board = await createBoard(file.server)
  const femke = await joinBoard(file.server, board.id, { name: 'Femke', organisation: 'Procesbureau' })
  const facilitator = file.client(board.id, { key: board.facilitatorKey, token: femke.participant.token })
  const anne = await file.partner(board.id, 'Anne', 'Gemeente Utrecht')
  const bram = await file.partner(board.id, 'Bram', 'Woonstichting De Brug')
  await Promise.all([facilitator.synced, anne.synced, bram.synced])
  return { board, facilitator, anne, bram }
}

function answer(by: { joined: { participant: { authorId: string } }; meta: { author: string; organisation: string } }, level: CommitmentAnswer['level'], remark = ''): CommitmentAnswer {
  return { organisation: by.meta.organisation, level, remark, by: by.joined.participant.authorId, name: by.meta.author, at: new Date().toISOString() }
}

const answers = (c: { doc: import('yjs').Doc }) => c.doc.getMap<CommitmentAnswer>(DocKeys.commitments)
const open = (c: { doc: import('yjs').Doc }) => c.doc.getMap(DocKeys.board).set(BoardMapKeys.commitment, { open: true, question: null })

describe('commitment: each organisation answers for itself', () => {
  it('a partner’s answer for their own organisation reaches everyone while the question is open', async () => {
    const m = await meeting()
    open(m.facilitator)
    await waitFor(() => m.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.commitment), 5000, 'the question arrives')
    const key = organisationKey('Gemeente Utrecht')
    answers(m.anne).set(key, answer(m.anne, 'conditional', 'Als de wethouder instemt'))
    const seen = await waitFor(() => answers(m.bram).get(key), 5000, 'Anne’s answer at Bram')
    expect(seen).toMatchObject({ level: 'conditional', remark: 'Als de wethouder instemt', name: 'Anne' })
  })

  it('answering for another organisation, in someone else’s name, or while the question is closed is undone', async () => {
    const m = await meeting()
    const theirs = organisationKey('Woonstichting De Brug')
    const mine = organisationKey('Gemeente Utrecht')
    // Closed: not even one's own.
    answers(m.anne).set(mine, answer(m.anne, 'joins'))
    await waitFor(() => !answers(m.anne).has(mine), 5000, 'an answer before the question undone')

    open(m.facilitator)
    await waitFor(() => m.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.commitment), 5000, 'the question arrives')
    answers(m.bram).set(theirs, answer(m.bram, 'talk', 'Eerst intern bespreken'))
    await waitFor(() => answers(m.anne).get(theirs), 5000, 'Bram’s answer arrives')

    // Anne overwrites Bram's organisation's answer: it goes back to Bram's.
    answers(m.anne).set(theirs, { ...answer(m.bram, 'not-yet'), by: m.anne.joined.participant.authorId, name: 'Anne' })
    await waitFor(() => answers(m.anne).get(theirs)?.level === 'talk', 5000, 'Anne’s copy repaired')
    // Anne signs her own organisation's answer as Bram: refused.
    answers(m.anne).set(mine, { ...answer(m.anne, 'joins'), by: m.bram.joined.participant.authorId, name: 'Bram' })
    await waitFor(() => !answers(m.anne).has(mine), 5000, 'a forged signature undone')
    // Anne deletes Bram's answer: back.
    answers(m.anne).delete(theirs)
    await waitFor(() => answers(m.anne).get(theirs)?.level === 'talk', 5000, 'the deleted answer back')
    // An answer filed under the wrong key, or not an answer at all.
    answers(m.anne).set(mine, { ...answer(m.anne, 'joins'), organisation: 'Woonstichting De Brug' })
    answers(m.anne).set('x', 'rubbish' as unknown as CommitmentAnswer)
    await waitFor(() => !answers(m.anne).has(mine) && !answers(m.anne).has('x'), 5000, 'malformed answers undone')

    expect(answers(m.bram).get(theirs)).toMatchObject({ level: 'talk', name: 'Bram' })
    const fresh = file.client(m.board.id)
    await fresh.synced
    expect(Object.keys(answers(fresh).toJSON())).toEqual([theirs])
  })

  it('the facilitator may note down an organisation’s answer said aloud; a partner may not open the question', async () => {
    const m = await meeting()
    const key = organisationKey('Woonstichting De Brug')
    answers(m.facilitator).set(key, { organisation: 'Woonstichting De Brug', level: 'joins', remark: 'Mondeling toegezegd', by: null, name: '', at: new Date().toISOString() })
    await waitFor(() => answers(m.bram).get(key), 5000, 'the facilitator’s note arrives')
    open(m.anne)
    await waitFor(() => m.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.commitment) === undefined, 5000, 'a partner opening the question undone')
  })
})

describe('follow-up agreements are the facilitator’s', () => {
  it('the facilitator records them; a partner’s change is undone for everyone', async () => {
    const m = await meeting()
    const agreements: Agreements = {
      items: [{ id: 'a1', what: 'Plan van aanpak schrijven', owner: 'Gemeente Utrecht', due: '2027-03-01', kind: 'plan-of-approach', noteId: null, createdAt: new Date().toISOString() }],
      nextMeeting: { date: '2027-03-15', note: 'Stadhuis, 14:00' },
    }
    m.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.agreements, agreements)
    await waitFor(() => m.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements), 5000, 'the agreements arrive')
    m.anne.doc.getMap(DocKeys.board).set(BoardMapKeys.agreements, { ...agreements, items: [{ ...agreements.items[0], owner: null }] })
    await waitFor(() => (m.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements) as Agreements).items[0].owner === 'Gemeente Utrecht', 5000, 'Anne’s change undone')
    expect((m.bram.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements) as Agreements).items[0].owner).toBe('Gemeente Utrecht')
    // Even the facilitator cannot store what no page could read.
    m.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.agreements, { items: [{ id: 'a2', what: '', owner: null }], nextMeeting: null })
    await waitFor(() => (m.facilitator.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements) as Agreements).items[0].id === 'a1', 5000, 'an invalid list undone')
  })
})
