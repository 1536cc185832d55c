// Commitment and follow-up agreements: the rule for answers, the tables the minutes print, and the page's
// actions on a bare doc (they write only what the server would keep).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { agreementsByOwner, isAgreements, type Agreement } from '../../shared/board/agreements.ts'
import { commitmentRefusal, commitmentTable, isCommitmentRound, type CommitmentAnswer } from '../../shared/board/commitment.ts'
import type { Actor } from '../../shared/board/rules.ts'
import { boardKeyRefusal } from '../../shared/board/rules.ts'
import { BoardMapKeys, DocKeys, organisationKey } from '../../shared/protocol.ts'
import { agreementActions, agreementsOf, commitmentActions } from '../../client/facilitator/concluding/actions.ts'

const anne: Actor = { role: 'participant', authorId: 'anne-id', name: 'Anne', organisation: 'Gemeente Utrecht' }
const bram: Actor = { role: 'participant', authorId: 'bram-id', name: 'Bram', organisation: 'Woonstichting De Brug' }
const facilitator: Actor = { role: 'facilitator', authorId: null, name: '', organisation: '' }
const OPEN = { open: true, question: null }

function answer(actor: Actor, level: CommitmentAnswer['level'] = 'joins'): CommitmentAnswer {
  return { organisation: actor.organisation, level, remark: '', by: actor.authorId, name: actor.name, at: '2026-12-02T10:00:00Z' }
}

function agreement(id: string, owner: string | null, what = `Afspraak ${id}`): Agreement {
  return { id, what, owner, due: '', kind: 'plan-of-approach', noteId: null, createdAt: '2026-12-02T10:00:00Z' }
}

describe('who may answer for an organisation', () => {
  const utrecht = organisationKey('Gemeente Utrecht')
  it('a partner answers for their own organisation while the question is open, and may take it back', () => {
    expect(commitmentRefusal(anne, utrecht, answer(anne), OPEN)).toBeNull()
    expect(commitmentRefusal(anne, utrecht, undefined, OPEN)).toBeNull()
    // Spelling of the organisation does not matter: the key is normalised.
    expect(commitmentRefusal({ ...anne, organisation: '  gemeente   UTRECHT ' }, utrecht, { ...answer(anne), organisation: '  gemeente   UTRECHT ' }, OPEN)).toBeNull()
  })

  it('not for another organisation, not in another name, not while closed or never asked', () => {
    expect(commitmentRefusal(bram, utrecht, { ...answer(anne), by: 'bram-id', name: 'Bram' }, OPEN)).toMatch(/another organisation/)
    expect(commitmentRefusal(bram, utrecht, undefined, OPEN)).toMatch(/another organisation/)
    expect(commitmentRefusal(anne, utrecht, { ...answer(anne), by: 'bram-id' }, OPEN)).toMatch(/signed/)
    expect(commitmentRefusal(anne, utrecht, { ...answer(anne), name: 'Bram' }, OPEN)).toMatch(/signed/)
    expect(commitmentRefusal(anne, utrecht, answer(anne), { open: false, question: null })).toMatch(/not open/)
    expect(commitmentRefusal(anne, utrecht, answer(anne), undefined)).toMatch(/not open/)
  })

  it('an answer is filed under its organisation and must be complete, for the facilitator too', () => {
    expect(commitmentRefusal(facilitator, utrecht, answer(bram), undefined)).toMatch(/filed under/)
    expect(commitmentRefusal(facilitator, utrecht, { ...answer(anne), level: 'maybe' }, undefined)).toMatch(/invalid/)
    expect(commitmentRefusal(facilitator, utrecht, { ...answer(anne), remark: 'x'.repeat(301) }, undefined)).toMatch(/invalid/)
    expect(commitmentRefusal(facilitator, utrecht, { ...answer(anne), by: null, name: '' }, undefined)).toBeNull()
  })

  it('the question itself is the facilitator’s', () => {
    expect(boardKeyRefusal(anne, BoardMapKeys.commitment, OPEN)).toMatch(/facilitator/)
    expect(boardKeyRefusal(facilitator, BoardMapKeys.commitment, OPEN)).toBeNull()
    expect(boardKeyRefusal(facilitator, BoardMapKeys.commitment, { open: 'yes' })).toMatch(/invalid/)
    expect(isCommitmentRound({ open: true, question: 'x'.repeat(201) })).toBe(false)
  })
})

describe('the tables of the minutes', () => {
  it('commitment: every organisation in order of arrival, unanswered ones too, then answers of organisations not on the board', () => {
    const answers: [string, unknown][] = [
      [organisationKey('Woonstichting De Brug'), answer(bram, 'talk')],
      [organisationKey('GGD'), { ...answer(anne), organisation: 'GGD' }],
      ['rubbish', { level: 'joins' }],
    ]
    const rows = commitmentTable([{ name: 'Gemeente Utrecht' }, { name: 'Woonstichting De Brug' }], answers)
    expect(rows.map((r) => [r.organisation, r.answer?.level ?? null])).toEqual([
      ['Gemeente Utrecht', null],
      ['Woonstichting De Brug', 'talk'],
      ['GGD', 'joins'],
    ])
  })

  it('agreements: by owner in alphabetical order, one owner however spelled, the unassigned apart', () => {
    const { owned, unassigned } = agreementsByOwner([agreement('1', 'Woonstichting'), agreement('2', null), agreement('3', 'Gemeente Utrecht'), agreement('4', 'gemeente utrecht'), agreement('5', '  ')])
    expect(owned.map((o) => [o.owner, o.items.map((i) => i.id)])).toEqual([
      ['Gemeente Utrecht', ['3', '4']],
      ['Woonstichting', ['1']],
    ])
    expect(unassigned.map((i) => i.id)).toEqual(['2', '5'])
  })

  it('agreements are refused when a page could not read them', () => {
    expect(isAgreements({ items: [agreement('1', null)], nextMeeting: { date: '2027-03-15', note: '' } })).toBe(true)
    expect(isAgreements({ items: [agreement('1', null), agreement('1', null)], nextMeeting: null })).toBe(false)
    expect(isAgreements({ items: [{ ...agreement('1', null), what: ' ' }], nextMeeting: null })).toBe(false)
    expect(isAgreements({ items: [{ ...agreement('1', null), kind: 'wish' }], nextMeeting: null })).toBe(false)
    expect(isAgreements({ items: [], nextMeeting: { date: '15-03-2027', note: '' } })).toBe(false)
    expect(isAgreements({ items: Array.from({ length: 201 }, (_, i) => agreement(String(i), null)), nextMeeting: null })).toBe(false)
  })
})

describe('the page’s actions', () => {
  it('add, change and remove agreements, and the next meeting', () => {
    const doc = new Y.Doc()
    expect(agreementActions.add(doc, { what: '  Plan van aanpak  ', owner: 'Gemeente Utrecht', due: '1 maart', kind: 'plan-of-approach', noteId: null })).toBe(true)
    expect(agreementActions.add(doc, { what: 'Financiering', owner: '', due: '', kind: 'other', noteId: 'shape:note1' })).toBe(true)
    const [first, second] = agreementsOf(doc).items
    expect([first.what, second.owner, second.noteId]).toEqual(['Plan van aanpak', null, 'shape:note1'])
    agreementActions.update(doc, second.id, { ...second, owner: 'GGD' })
    agreementActions.remove(doc, first.id)
    agreementActions.setNextMeeting(doc, '2027-03-15', ' stadhuis ')
    expect(agreementsOf(doc)).toMatchObject({ items: [{ what: 'Financiering', owner: 'GGD' }], nextMeeting: { date: '2027-03-15', note: 'stadhuis' } })
    // Nothing the rule would refuse is written.
    expect(agreementActions.add(doc, { what: '', owner: null, due: '', kind: 'other', noteId: null })).toBe(false)
    expect(agreementsOf(doc).items).toHaveLength(1)
  })

  it('a partner’s answer is written only while the question is open; the facilitator notes down and clears', () => {
    const doc = new Y.Doc()
    const answers = doc.getMap<CommitmentAnswer>(DocKeys.commitments)
    expect(commitmentActions.answer(doc, anne, 'joins', '')).toBe(false)
    commitmentActions.ask(doc, 'Doen jullie mee?')
    expect(doc.getMap(DocKeys.board).get(BoardMapKeys.commitment)).toEqual({ open: true, question: 'Doen jullie mee?' })
    expect(commitmentActions.answer(doc, anne, 'conditional', ' als de raad instemt ')).toBe(true)
    expect(answers.get(organisationKey('Gemeente Utrecht'))).toMatchObject({ level: 'conditional', remark: 'als de raad instemt', by: 'anne-id', name: 'Anne' })
    commitmentActions.noteDown(doc, 'Woonstichting De Brug', 'joins', 'mondeling')
    expect(answers.get(organisationKey('Woonstichting De Brug'))).toMatchObject({ level: 'joins', by: null })
    commitmentActions.noteDown(doc, 'Woonstichting De Brug', null, '')
    expect(answers.has(organisationKey('Woonstichting De Brug'))).toBe(false)
    commitmentActions.close(doc)
    expect(doc.getMap(DocKeys.board).get(BoardMapKeys.commitment)).toEqual({ open: false, question: 'Doen jullie mee?' })
    expect(commitmentActions.answer(doc, anne, 'joins', '')).toBe(false)
  })
})
