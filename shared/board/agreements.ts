/**
 * Follow-up agreements (vervolgafspraken, seed 003 step 5 and figure 4): what, who (a partner
 * organisation, or nobody yet: "nog niet belegd"), when, and the kind of follow-up; and the date of the
 * next meeting. Recorded by the facilitator in the concluding part (the board map's `agreements`).
 */
import { organisationKey } from '../protocol.ts'

/** The kinds of follow-up the seed names (discussienotitie, plan van aanpak, initiatiefvoorstel, programmaplan, vervolgbijeenkomst). */
export const AGREEMENT_KINDS = ['discussion-paper', 'plan-of-approach', 'initiative-proposal', 'programme-plan', 'follow-up-meeting', 'other'] as const
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]

export const MAX_AGREEMENTS = 200
export const AGREEMENT_TEXT_MAX_LENGTH = 500
export const AGREEMENT_DUE_MAX_LENGTH = 80
export const NEXT_MEETING_NOTE_MAX_LENGTH = 200

export interface Agreement {
  id: string
  /** What will be done. */
  what: string
  /** The organisation that takes it on (its name as on the board), or null: not assigned yet. */
  owner: string | null
  /** When: a date ("2027-03-01") or words ("voor de zomer"); '' when not said. */
  due: string
  kind: AgreementKind
  /** The note it was made from, if any. */
  noteId: string | null
  /** ISO 8601. */
  createdAt: string
}

export interface Agreements {
  items: Agreement[]
  /** The next meeting: a date (YYYY-MM-DD) or null, and where/when in words. */
  nextMeeting: { date: string | null; note: string } | null
}

export const NO_AGREEMENTS: Agreements = { items: [], nextMeeting: null }

/** Agreements by owner, owners in alphabetical order, each owner's in the order made; the unassigned apart. */
export function agreementsByOwner(items: readonly Agreement[]): { owned: { owner: string; items: Agreement[] }[]; unassigned: Agreement[] } {
  const owned = new Map<string, { owner: string; items: Agreement[] }>()
  const unassigned: Agreement[] = []
  for (const item of items) {
    if (item.owner === null || item.owner.trim() === '') {
      unassigned.push(item)
      continue
    }
    const key = organisationKey(item.owner)
    const entry = owned.get(key) ?? { owner: item.owner, items: [] }
    entry.items.push(item)
    owned.set(key, entry)
  }
  return { owned: [...owned.values()].sort((a, b) => a.owner.localeCompare(b.owner, 'nl')), unassigned }
}

// -------------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const text = (v: unknown, max: number, allowEmpty = false): v is string => typeof v === 'string' && v.length <= max && (allowEmpty || v.trim().length > 0)
export const isIsoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))

function isAgreement(v: unknown): v is Agreement {
  return (
    isObject(v) &&
    text(v.id, 64) &&
    text(v.what, AGREEMENT_TEXT_MAX_LENGTH) &&
    (v.owner === null || text(v.owner, 200)) &&
    text(v.due, AGREEMENT_DUE_MAX_LENGTH, true) &&
    (AGREEMENT_KINDS as readonly unknown[]).includes(v.kind) &&
    (v.noteId === null || (typeof v.noteId === 'string' && v.noteId.startsWith('shape:') && v.noteId.length <= 100)) &&
    text(v.createdAt, 40)
  )
}

export function isAgreements(v: unknown): v is Agreements {
  if (!isObject(v) || !Array.isArray(v.items) || v.items.length > MAX_AGREEMENTS || !v.items.every(isAgreement)) return false
  if (new Set(v.items.map((i) => i.id)).size !== v.items.length) return false
  const next = v.nextMeeting
  return next === null || (isObject(next) && (next.date === null || isIsoDate(next.date)) && text(next.note, NEXT_MEETING_NOTE_MAX_LENGTH, true))
}
