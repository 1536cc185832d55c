/**
 * The board's rules, in one table: for every kind of record and every key of the board's shared types,
 * who may create, change and delete it, and which values are valid. The page reads it to show and
 * refuse; the server reads it to enforce, undoing what breaks it for everyone (server/guard.ts).
 *
 * Roles: the facilitator steers (settings, templates, everyone's work); partners create and change their
 * own work and may move others' notes; the server alone writes who is who (organisations, people), the
 * lock, the document format and the tldraw schema, and the votes.
 */
import { BoardMapKeys, DocKeys, NAME_MAX_LENGTH, isAuthorId } from '../protocol.ts'
import { isTimerState, MAX_TIMER_MS } from '../timer.ts'
import { isVotingRound } from '../voting.ts'
import { isTemplateShape } from '../templates/instance.ts'
import { isPlainJson } from './keyValue.ts'
import { isProgramme } from './programme.ts'
import { isGroupsState } from './groups.ts'
import { isAgreements } from './agreements.ts'
import { isCommitmentRound } from './commitment.ts'

export type Role = 'facilitator' | 'participant'

/** Who makes a change: a facilitator or partner as the server knows them. */
export interface Actor {
  role: Role
  /** Null for a facilitator key without a participant token. */
  authorId: string | null
  name: string
  organisation: string
}

/** Only the server writes it. */
const SERVER = 'server'
/** The facilitator (and the server). */
const FACILITATOR = 'facilitator'
type Writer = typeof SERVER | typeof FACILITATOR

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const shortString = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max

// -------------------------------------------------------------------------------------------------
// The board map (DocKeys.board)

interface BoardKeyRule {
  write: Writer
  /** Whether a value may be stored under this key (`undefined`: the key is removed). */
  valid(value: unknown): boolean
  /**
   * Restoring a version sets this key back to the version's value. Not for what the server keeps, nor
   * for what belongs to the moment in the room rather than to the board: the running timer, follow and
   * summon, and the voting and private rounds, whose votes and private notes live outside the document
   * (on the server, on the laptops) and would no longer match a rewound round.
   */
  restored?: true
}

const LONGEST_TIMER_MS = MAX_TIMER_MS * 2

/** Every key of the board map. A key not listed here is written by nobody. */
export const boardKeyRules: Record<(typeof BoardMapKeys)[keyof typeof BoardMapKeys], BoardKeyRule> = {
  formatVersion: { write: SERVER, valid: (v) => Number.isInteger(v) },
  locked: { write: SERVER, valid: (v) => typeof v === 'boolean' },
  schema: { write: SERVER, valid: (v) => isObject(v) && isPlainJson(v) },
  votingProgress: { write: SERVER, valid: (v) => isObject(v) && shortString(v.roundId, 64) && Number.isInteger(v.voters) },
  lastRestore: {
    write: SERVER,
    valid: (v) => isObject(v) && Number.isInteger(v.versionId) && Number.isInteger(v.beforeVersionId) && shortString(v.versionCreatedAt, 40) && shortString(v.at, 40) && v.by === 'facilitator',
  },
  timer: {
    write: FACILITATOR,
    valid: (v) =>
      v === undefined ||
      (isTimerState(v) &&
        [v.durationMs, v.remainingMs].every((n) => finite(n) && n >= 0 && n <= LONGEST_TIMER_MS) &&
        (v.endsAt === null || finite(v.endsAt))),
  },
  followMe: { write: FACILITATOR, valid: (v) => v === undefined || (isObject(v) && shortString(v.userId)) },
  summon: {
    write: FACILITATOR,
    valid: (v) =>
      v === undefined ||
      (isObject(v) &&
        shortString(v.id) &&
        isObject(v.bounds) &&
        [v.bounds.x, v.bounds.y, v.bounds.w, v.bounds.h].every(finite) &&
        (v.bounds.w as number) > 0 &&
        (v.bounds.h as number) > 0),
  },
  voting: {
    write: FACILITATOR,
    valid: (v) =>
      v === undefined ||
      (isVotingRound(v) &&
        shortString(v.id, 64) &&
        Number.isInteger(v.votesPerPerson) &&
        v.votesPerPerson >= 1 &&
        v.votesPerPerson <= 20 &&
        typeof v.allowStacking === 'boolean' &&
        typeof v.hideResults === 'boolean'),
  },
  privateRound: { write: FACILITATOR, valid: (v) => v === undefined || (isObject(v) && shortString(v.id, 64) && typeof v.open === 'boolean') },
  displayNames: {
    write: FACILITATOR,
    restored: true,
    valid: (v) =>
      v === undefined ||
      (isObject(v) && Object.entries(v).every(([id, name]) => isAuthorId(id) && typeof name === 'string' && name.length <= NAME_MAX_LENGTH)),
  },
  programme: { write: FACILITATOR, restored: true, valid: (v) => v === undefined || isProgramme(v) },
  groups: { write: FACILITATOR, restored: true, valid: (v) => v === undefined || isGroupsState(v) },
  agreements: { write: FACILITATOR, restored: true, valid: (v) => v === undefined || isAgreements(v) },
  commitment: { write: FACILITATOR, valid: (v) => v === undefined || isCommitmentRound(v) },
}

/** Why a write to the board map is refused, or null when `actor` may store `value` under `key`. */
export function boardKeyRefusal(actor: Actor, key: string, value: unknown): string | null {
  const rule = (boardKeyRules as Record<string, BoardKeyRule | undefined>)[key]
  if (!rule) return `unknown board setting "${key.slice(0, 40)}"`
  if (rule.write === SERVER) return `"${key}" is written by the server only`
  if (actor.role !== 'facilitator') return `"${key}" is the facilitator's`
  if (!isPlainJson(value === undefined ? null : value) || !rule.valid(value)) return `invalid value for "${key}"`
  return null
}

/** The board settings a restore sets back to the version's values (see BoardKeyRule.restored). */
export const RESTORED_BOARD_KEYS = (Object.keys(boardKeyRules) as (keyof typeof boardKeyRules)[]).filter((key) => boardKeyRules[key].restored)

/** May this actor write this board setting at all (for showing controls)? */
export function mayWriteBoardKey(actor: Pick<Actor, 'role'>, key: keyof typeof boardKeyRules): boolean {
  return boardKeyRules[key].write === FACILITATOR && actor.role === 'facilitator'
}

// -------------------------------------------------------------------------------------------------
// The other shared types

/** The top-level shared types of a board's doc and who writes them directly. */
export const docTypeRules = {
  [DocKeys.records]: 'records',
  [DocKeys.board]: 'board',
  [DocKeys.organisations]: SERVER,
  [DocKeys.people]: SERVER,
  [DocKeys.votes]: SERVER,
  /** Each organisation's own answer: checked by commitmentRefusal (shared/board/commitment.ts). */
  [DocKeys.commitments]: 'commitments',
} as const satisfies Record<string, 'records' | 'board' | 'commitments' | typeof SERVER>

// -------------------------------------------------------------------------------------------------
// Records (DocKeys.records): tldraw's document records

/** The record types a board's document holds; everything else (cameras, presence …) stays in the page. */
export const DOCUMENT_RECORD_TYPES = ['document', 'page', 'shape', 'binding', 'asset'] as const

/** Checks a record against tldraw's schema: the error message, or null when valid. Supplied by each side. */
export type RecordValidator = (record: Record<string, unknown>) => string | null

export interface RecordContext {
  /** The current value of another record (for bindings: the shapes they join). */
  get(id: string): Record<string, unknown> | undefined
  validate: RecordValidator
}

/**
 * What becomes of one change: allowed as it is; allowed as `value` (the server stamps the author on a
 * partner's new shape, keeps only the move of someone else's note); or refused (the record goes back to
 * what it was).
 */
export type Verdict = { allow: true } | { allow: true; value: Record<string, unknown>; reason: string } | { allow: false; reason: string }

const ALLOW: Verdict = { allow: true }
const refuse = (reason: string): Verdict => ({ allow: false, reason })

/** The author fields of a shape's meta, as the server knows the actor. */
function authorMetaOf(actor: Actor): Record<string, string> {
  return { authorId: actor.authorId ?? '', author: actor.name, organisation: actor.organisation }
}

function metaOf(record: Record<string, unknown>): Record<string, unknown> {
  return isObject(record.meta) ? record.meta : {}
}

/** The author id a shape carries, or null (shapes from before authorship, the facilitator's drawings). */
export function ownerOf(record: Record<string, unknown>): string | null {
  const id = metaOf(record).authorId
  return typeof id === 'string' && id ? id : null
}

function isOwn(actor: Actor, record: Record<string, unknown>): boolean {
  return actor.authorId !== null && ownerOf(record) === actor.authorId
}

/** Where a shape lies: what a partner may change of someone else's note when clustering. */
export const POSITION_FIELDS = ['x', 'y', 'rotation', 'parentId', 'index'] as const

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function withAuthor(actor: Actor, record: Record<string, unknown>): Record<string, unknown> {
  return { ...record, meta: { ...metaOf(record), ...authorMetaOf(actor) } }
}

function hasAuthor(actor: Actor, record: Record<string, unknown>): boolean {
  const meta = metaOf(record)
  return meta.authorId === actor.authorId && meta.author === actor.name && meta.organisation === actor.organisation
}

/** Structure first: a record the page could not load is refused whoever sends it. */
export function recordProblem(key: string, value: Record<string, unknown>, ctx: RecordContext): string | null {
  if (value.id !== key) return 'record id does not match its key'
  if (!(DOCUMENT_RECORD_TYPES as readonly unknown[]).includes(value.typeName)) return `records of type "${String(value.typeName).slice(0, 40)}" do not belong in the document`
  if (!isPlainJson(value)) return 'record is not plain JSON'
  return ctx.validate(value)
}

/** A partner's shape change: their own freely (but not its authorship), others' only moved. */
function shapeVerdict(actor: Actor, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Verdict {
  if (!before && after) {
    if (isTemplateShape(after)) return refuse('only the facilitator places templates')
    return hasAuthor(actor, after) ? ALLOW : { allow: true, value: withAuthor(actor, after), reason: 'author stamped' }
  }
  if (before && !after) {
    if (isTemplateShape(before)) return refuse("a template is the facilitator's")
    return isOwn(actor, before) ? ALLOW : refuse("someone else's shape")
  }
  if (!before || !after) return ALLOW
  if (isTemplateShape(before)) return refuse("a template is the facilitator's")
  if (isOwn(actor, before)) {
    if (isTemplateShape(after)) return refuse('a shape cannot become part of a template')
    return hasAuthor(actor, after) ? ALLOW : { allow: true, value: withAuthor(actor, after), reason: 'authorship kept' }
  }
  // Someone else's: where it lies may change (clustering), what it is may not.
  const moved: Record<string, unknown> = { ...before }
  for (const field of POSITION_FIELDS) moved[field] = after[field]
  return sameJson(moved, after) ? ALLOW : { allow: true, value: moved, reason: "only moved: someone else's shape" }
}

function bindingVerdict(actor: Actor, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, ctx: RecordContext): Verdict {
  // A binding joins an arrow (fromId) to a shape (toId): whoever owns either end may draw or undo it,
  // and a binding whose shape is gone may go.
  const ends = [before, after].flatMap((b) => (b ? [b.fromId, b.toId] : [])).map((id) => (typeof id === 'string' ? ctx.get(id) : undefined))
  if (ends.some((shape) => shape && isOwn(actor, shape))) return ALLOW
  if (!after && ends.some((shape) => !shape)) return ALLOW
  return refuse("a connection between others' shapes")
}

/**
 * The verdict on one record change by `actor`. `before` is the record's value before the change
 * (undefined: it is new), `after` its value after (undefined: deleted). Validity is checked separately
 * (recordProblem), for everyone.
 */
export function recordVerdict(
  actor: Actor,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  ctx: RecordContext,
): Verdict {
  if (actor.role === 'facilitator') return ALLOW
  const typeName = (after ?? before)?.typeName
  switch (typeName) {
    case 'shape':
      return shapeVerdict(actor, before, after)
    case 'binding':
      return bindingVerdict(actor, before, after, ctx)
    case 'asset':
      // Pasting an image makes an asset; changing or removing one could change someone else's picture.
      return before ? refuse('assets are changed by the facilitator only') : ALLOW
    default:
      // The document and its page: set up by the server, changed by the facilitator.
      return refuse(`the ${String(typeName)} record is the facilitator’s`)
  }
}
