/**
 * Commitment (seed 003, step 5: "de voorzitter benoemt in welke mate er overeenstemming en commitment
 * is"): the facilitator asks every organisation where it stands; partners answer for their own
 * organisation, never for another. The question is the board map's `commitment` (the facilitator's);
 * the answers are the doc's `commitments` map, organisation key → answer, checked by `commitmentRefusal`.
 */
import { isAuthorId, NAME_MAX_LENGTH, organisationKey } from '../protocol.ts'
import type { Actor } from './rules.ts'

export const COMMITMENT_LEVELS = ['joins', 'conditional', 'talk', 'not-yet'] as const
export type CommitmentLevel = (typeof COMMITMENT_LEVELS)[number]

export const COMMITMENT_REMARK_MAX_LENGTH = 300
export const COMMITMENT_QUESTION_MAX_LENGTH = 200

/** The facilitator's question, while open partners answer. */
export interface CommitmentRound {
  open: boolean
  /** The question as asked; null: the standard one ("Waar staat jouw organisatie?"). */
  question: string | null
}

export interface CommitmentAnswer {
  /** The organisation's name as on the board. */
  organisation: string
  level: CommitmentLevel
  remark: string
  /** Who answered: their author id, and their name as they joined ('' for the facilitator noting it down). */
  by: string | null
  name: string
  /** ISO 8601. */
  at: string
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

export function isCommitmentRound(v: unknown): v is CommitmentRound {
  return isObject(v) && typeof v.open === 'boolean' && (v.question === null || (typeof v.question === 'string' && v.question.length <= COMMITMENT_QUESTION_MAX_LENGTH))
}

export function isCommitmentAnswer(v: unknown): v is CommitmentAnswer {
  return (
    isObject(v) &&
    typeof v.organisation === 'string' &&
    v.organisation.trim().length > 0 &&
    v.organisation.length <= 200 &&
    (COMMITMENT_LEVELS as readonly unknown[]).includes(v.level) &&
    typeof v.remark === 'string' &&
    v.remark.length <= COMMITMENT_REMARK_MAX_LENGTH &&
    (v.by === null || isAuthorId(v.by)) &&
    typeof v.name === 'string' &&
    v.name.length <= NAME_MAX_LENGTH &&
    typeof v.at === 'string' &&
    v.at.length <= 40
  )
}

/** The answer a partner gives for their organisation: what the rule below accepts from them. */
export function answerOf(actor: Actor, level: CommitmentLevel, remark: string, at: string): CommitmentAnswer {
  return { organisation: actor.organisation, level, remark: remark.slice(0, COMMITMENT_REMARK_MAX_LENGTH), by: actor.authorId, name: actor.name, at }
}

/**
 * Why this change to the answers is refused, or null. `key` is an organisation key; `value` undefined
 * removes the answer. The facilitator may note down or clear any organisation's answer; a partner only
 * their own organisation's, while the question is open, signed with their own id and name.
 */
export function commitmentRefusal(actor: Actor, key: string, value: unknown, round: unknown): string | null {
  if (value !== undefined && !isCommitmentAnswer(value)) return 'invalid commitment answer'
  if (value !== undefined && organisationKey(value.organisation) !== key) return 'a commitment answer is filed under its organisation'
  if (actor.role === 'facilitator') return null
  if (!isCommitmentRound(round) || !round.open) return 'the commitment question is not open'
  if (key !== organisationKey(actor.organisation)) return "another organisation's commitment"
  if (value !== undefined && (value.by !== actor.authorId || value.name !== actor.name)) return 'a commitment answer is signed by who gives it'
  return null
}

/** The answers, one per organisation, in the order of `organisations` (arrival), then any others by name. */
export function commitmentTable(
  organisations: readonly { name: string }[],
  answers: Iterable<[string, unknown]>,
): { organisation: string; answer: CommitmentAnswer | null }[] {
  const byKey = new Map<string, CommitmentAnswer>()
  for (const [key, value] of answers) if (isCommitmentAnswer(value) && organisationKey(value.organisation) === key) byKey.set(key, value)
  const rows = organisations.map((o) => ({ organisation: o.name, answer: byKey.get(organisationKey(o.name)) ?? null }))
  const known = new Set(organisations.map((o) => organisationKey(o.name)))
  const others = [...byKey.entries()]
    .filter(([key]) => !known.has(key))
    .map(([, answer]) => ({ organisation: answer.organisation, answer }))
    .sort((a, b) => a.organisation.localeCompare(b.organisation, 'nl'))
  return [...rows, ...others]
}
