/**
 * Commitment and follow-up agreements as plain functions of the board's Y.Doc (testable on a bare doc).
 * Every write goes through the rule the server enforces, so the page never writes what would be undone.
 */
import type * as Y from 'yjs'
import { isAgreements, NO_AGREEMENTS, type Agreement, type Agreements } from '../../../shared/board/agreements.ts'
import { commitmentRefusal, isCommitmentAnswer, type CommitmentAnswer, type CommitmentLevel } from '../../../shared/board/commitment.ts'
import type { Actor } from '../../../shared/board/rules.ts'
import { BoardMapKeys, DocKeys, organisationKey } from '../../../shared/protocol.ts'
import { writeBoardSetting } from '../boardMap.ts'
import { newShortId } from '../../../shared/ids.ts'

const FACILITATOR: Actor = { role: 'facilitator', authorId: null, name: '', organisation: '' }

export function agreementsOf(doc: Y.Doc): Agreements {
  const value = doc.getMap(DocKeys.board).get(BoardMapKeys.agreements)
  return isAgreements(value) ? value : NO_AGREEMENTS
}

export type AgreementDraft = Pick<Agreement, 'what' | 'owner' | 'due' | 'kind' | 'noteId'>

function clean(draft: AgreementDraft): AgreementDraft {
  return { ...draft, what: draft.what.trim(), owner: draft.owner?.trim() || null, due: draft.due.trim() }
}

export const agreementActions = {
  add(doc: Y.Doc, draft: AgreementDraft, now = new Date()): boolean {
    const current = agreementsOf(doc)
    const item: Agreement = { id: newShortId(), ...clean(draft), createdAt: now.toISOString() }
    return writeBoardSetting(doc, BoardMapKeys.agreements, { ...current, items: [...current.items, item] })
  },
  update(doc: Y.Doc, id: string, draft: AgreementDraft): boolean {
    const current = agreementsOf(doc)
    return writeBoardSetting(doc, BoardMapKeys.agreements, { ...current, items: current.items.map((a) => (a.id === id ? { ...a, ...clean(draft) } : a)) })
  },
  remove(doc: Y.Doc, id: string): boolean {
    const current = agreementsOf(doc)
    return writeBoardSetting(doc, BoardMapKeys.agreements, { ...current, items: current.items.filter((a) => a.id !== id) })
  },
  setNextMeeting(doc: Y.Doc, date: string | null, note: string): boolean {
    const current = agreementsOf(doc)
    const next = date || note.trim() ? { date: date || null, note: note.trim() } : null
    return writeBoardSetting(doc, BoardMapKeys.agreements, { ...current, nextMeeting: next })
  },
}

/** Writes an answer after checking it against the rule the server enforces; false when it would be refused. */
function writeAnswer(doc: Y.Doc, actor: Actor, organisation: string, answer: CommitmentAnswer | undefined): boolean {
  const key = organisationKey(organisation)
  const refusal = commitmentRefusal(actor, key, answer, doc.getMap(DocKeys.board).get(BoardMapKeys.commitment))
  if (refusal) {
    console.error(`waterlijn: not written: ${refusal}`)
    return false
  }
  const map = doc.getMap<CommitmentAnswer>(DocKeys.commitments)
  if (answer) map.set(key, answer)
  else map.delete(key)
  return true
}

export const commitmentActions = {
  ask(doc: Y.Doc, question: string): boolean {
    return writeBoardSetting(doc, BoardMapKeys.commitment, { open: true, question: question.trim() || null })
  },
  close(doc: Y.Doc): boolean {
    const current = doc.getMap(DocKeys.board).get(BoardMapKeys.commitment) as { question?: string | null } | undefined
    return writeBoardSetting(doc, BoardMapKeys.commitment, { open: false, question: current?.question ?? null })
  },
  /** A partner answers for their own organisation. */
  answer(doc: Y.Doc, actor: Actor, level: CommitmentLevel, remark: string, now = new Date()): boolean {
    const answer: CommitmentAnswer = { organisation: actor.organisation, level, remark: remark.trim(), by: actor.authorId, name: actor.name, at: now.toISOString() }
    return writeAnswer(doc, actor, actor.organisation, answer)
  },
  /** The facilitator notes down (or, with null, clears) what an organisation said aloud. */
  noteDown(doc: Y.Doc, organisation: string, level: CommitmentLevel | null, remark: string, now = new Date()): boolean {
    if (level === null) return writeAnswer(doc, FACILITATOR, organisation, undefined)
    const existing = doc.getMap(DocKeys.commitments).get(organisationKey(organisation))
    const keepsSigner = isCommitmentAnswer(existing) && existing.level === level && existing.remark === remark.trim()
    const answer: CommitmentAnswer = keepsSigner ? existing : { organisation, level, remark: remark.trim(), by: null, name: '', at: now.toISOString() }
    return writeAnswer(doc, FACILITATOR, organisation, answer)
  },
}
