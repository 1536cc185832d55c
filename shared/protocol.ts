/**
 * The contract between client, server and outside tools: HTTP API shapes, websocket close codes,
 * page URLs and the Yjs document layout. Documented in README.md and docs/document-format.md.
 */

/** Version of the Yjs document layout described in docs/document-format.md. */
export const DOCUMENT_FORMAT_VERSION = 1

/** Names of the top-level shared types in a board's Y.Doc. */
export const DocKeys = {
  /** Y.Array used through y-utility's YKeyValue: key = tldraw record id, value = the record as JSON. */
  records: 'tldraw',
  /** Y.Map with board-wide settings: formatVersion, tldraw schema, ... */
  board: 'board',
  /** Y.Map organisation key (normalised name) → OrganisationEntry. Written by the server only. */
  organisations: 'organisations',
  /** Y.Map `<round id>|<voter id>` → note ids that voter put a dot on (shared/voting.ts). */
  votes: 'votes',
  /** Y.Map author id → PersonEntry: everyone who joined the board, for the minutes. Written by the server only. */
  people: 'people',
  /** Y.Map organisation key → CommitmentAnswer (shared/board/commitment.ts): where each organisation stands. */
  commitments: 'commitments',
} as const

/** Keys inside the `board` Y.Map. */
export const BoardMapKeys = {
  formatVersion: 'formatVersion',
  /** true while the facilitator has closed the board; written by the server only, mirrors the store. */
  locked: 'locked',
  /** The workshop timer (TimerState in shared/timer.ts), absent when none is set. */
  timer: 'timer',
  /** FollowMe while the facilitator asks everyone to follow their view; absent otherwise. */
  followMe: 'followMe',
  /** Summon: the last "bring everyone here" (a one-off jump to the facilitator's view). */
  summon: 'summon',
  /** The current or last dot-voting round (VotingRound in shared/voting.ts). */
  voting: 'voting',
  /** VotingProgress: how many people have voted in the current round (never who or what). Server only. */
  votingProgress: 'votingProgress',
  /** The current or last private-writing round (PrivateRound). */
  privateRound: 'privateRound',
  /** Names the facilitator gave people: author id → the name to show instead of the one they typed. */
  displayNames: 'displayNames',
  /** tldraw's serialized schema (SerializedSchema) the records were written with. */
  schema: 'schema',
  /** LastRestore: the last time the facilitator set the board back to a version. Server only. */
  lastRestore: 'lastRestore',
  /** The programme of the session (Programme in shared/board/programme.ts). */
  programme: 'programme',
  /** Groups per sub-theme (GroupsState in shared/board/groups.ts). */
  groups: 'groups',
  /** Follow-up agreements and the next meeting (Agreements in shared/board/agreements.ts). */
  agreements: 'agreements',
  /** The commitment question (CommitmentRound in shared/board/commitment.ts); the answers are DocKeys.commitments. */
  commitment: 'commitment',
} as const

/** Why the server kept a version of a board. */
export const VersionKinds = ['auto', 'unload', 'before-restore', 'before-import', 'manual'] as const
export type VersionKind = (typeof VersionKinds)[number]

export const VERSION_NAME_MAX_LENGTH = 80

/** One kept moment of a board, as `GET /api/boards/:id/versions` lists it. */
export interface VersionInfo {
  /** Counts up per board; never reused. */
  id: number
  /** ISO 8601. */
  createdAt: string
  kind: VersionKind
  name: string | null
  /** Notes on the board in this version. */
  notes: number
  /**
   * Records changed since the previous version, per organisation, most first. `organisation: null` is
   * the facilitator working without a partner's organisation.
   */
  organisations: { organisation: string | null; changes: number }[]
}

/** `GET /api/boards/:id/versions/:v`: the version's records and settings, for a read-only preview. */
export interface VersionDetail extends VersionInfo {
  records: Record<string, unknown>[]
  settings: Record<string, unknown>
}

/** `POST /api/boards/:id/versions`: save the board as it is now, optionally with a name. */
export interface SaveVersionRequest {
  name?: string
  /** 'before-import' when the page is about to bring a file into the board. */
  kind?: 'manual' | 'before-import'
}

/** `POST /api/boards/:id/versions/:v/restore`: the version set back, and the one kept of the state before it. */
export interface RestoreResponse {
  restored: VersionInfo
  before: VersionInfo
}

/** Written by the server when a version is set back, so every page can say what happened. */
export interface LastRestore {
  versionId: number
  /** When the version set back was made (ISO 8601): "the version of 10:42". */
  versionCreatedAt: string
  /** The version kept of the board just before, to undo the restore with. */
  beforeVersionId: number
  /** ISO 8601. */
  at: string
  by: 'facilitator'
}

/** While a round with hidden results runs, the facilitator (and everyone) sees how many have voted. */
export interface VotingProgress {
  roundId: string
  voters: number
}

/** The facilitator's tldraw user id (their presence carries it): partners' views follow it. */
export interface FollowMe {
  userId: string
}

/** A one-off jump: partners show this part of the board (page coordinates) once, when it changes. */
export interface Summon {
  id: string
  bounds: { x: number; y: number; w: number; h: number }
}

/**
 * Private writing, then reveal: while `open`, the notes partners write carry `meta.privateRound = id` and
 * stay on their own laptop (never in the document, never on the server); when the facilitator reveals
 * (`open: false`), every laptop publishes its private notes of that round, a laptop that was offline as
 * soon as it is back.
 */
export interface PrivateRound {
  id: string
  open: boolean
}

/** Key in a shape's meta: the private-writing round it was written in, while it is private. */
export const PRIVATE_META_KEY = 'privateRound'

/** A record that must stay on this laptop: a shape written privately and not yet revealed. */
export function isPrivateRecord(record: { typeName?: string; meta?: unknown }): boolean {
  return record.typeName === 'shape' && !!record.meta && typeof (record.meta as Record<string, unknown>)[PRIVATE_META_KEY] === 'string'
}

export interface OrganisationEntry {
  /** The organisation's name as first typed. */
  name: string
  /** A tldraw colour name (DefaultColorStyle value) used for this organisation's notes and cursors. */
  colour: OrganisationColour
  /** Order of arrival, 0-based. */
  index: number
}

/** Colours handed to organisations in order of arrival; tldraw note colours that read well on a projector. */
export const ORGANISATION_COLOURS = [
  'blue',
  'orange',
  'green',
  'violet',
  'red',
  'light-blue',
  'yellow',
  'light-green',
  'light-violet',
  'light-red',
  'grey',
] as const
export type OrganisationColour = (typeof ORGANISATION_COLOURS)[number]

/** Hex values of the colours above, for cursors and UI chips (tldraw's light theme note fills). */
export const ORGANISATION_COLOUR_HEX: Record<OrganisationColour, string> = {
  blue: '#4465e9',
  orange: '#e16919',
  green: '#099268',
  violet: '#ae3ec9',
  red: '#e03131',
  'light-blue': '#4ba1f1',
  yellow: '#f1ac4b',
  'light-green': '#4cb05e',
  'light-violet': '#e085f4',
  'light-red': '#f87777',
  grey: '#9398b0',
}

/** Normalised key of an organisation name: "  Gemeente  Utrecht " and "gemeente utrecht" are one organisation. */
export function organisationKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl')
}

/** Meta stored on every shape a person creates (tldraw shape `meta`). */
export interface AuthorMeta {
  /** Stable per browser, so a person's own notes can be recognised. */
  authorId: string
  author: string
  organisation: string
  /** ISO 8601, when the shape was created (shapes made before this field existed lack it). */
  createdAt?: string
}

// ---------------------------------------------------------------------------------------------
// HTTP API

export interface CreateBoardRequest {
  title: string
}

export interface CreateBoardResponse {
  id: string
  title: string
  facilitatorKey: string
  viewId: string
  joinUrl: string
  facilitatorUrl: string
  viewUrl: string
  /** The short code people can type instead of the link (shared/joinCode.ts; shown as "K7M-4QX"). */
  joinCode: string
}

export interface BoardInfo {
  id: string
  title: string
  createdAt: string
  locked: boolean
  /** Only when asked with the facilitator key (`Authorization: Bearer <key>`). */
  viewId?: string
  /** The short join code; only for the facilitator, like the view id. */
  joinCode?: string
  /**
   * ISO 8601: when the server deletes the board unless someone opens it before (RETENTION_DAYS after
   * it was last open, or later when the facilitator asked to keep it longer); null: kept for ever.
   */
  deletesAt: string | null
  /** ISO 8601: the last time someone had the board open; only for the facilitator. */
  lastOpenedAt?: string
  /** The board's route key (routeKeyOf): a view page connects with `?route=` so it reaches the board's instance. */
  route: string
}

/** The answer (404) for a board that was deleted, by its facilitator or after RETENTION_DAYS. */
export interface DeletedBoardError {
  error: string
  reason: 'deleted'
  /** ISO 8601. */
  deletedAt: string
}

export interface LockRequest {
  locked: boolean
}

export interface JoinRequest {
  name: string
  organisation: string
  /** The token this browser got when it joined this board before: the same person, the same author id. */
  token?: string
}

/**
 * Who a person is on one board, issued by the server at join: the author id their notes carry and the
 * secret token (stored by the server only as a hash) their browser presents on the websocket
 * (`/ws/<id>?token=`) and to the vote API. Without a valid token a join-link connection is read-only.
 */
export interface ParticipantCredentials {
  authorId: string
  token: string
}

/** Someone who joined the board: the name and organisation they gave, the organisation as registered. */
export interface PersonEntry {
  name: string
  organisation: string
  /** ISO 8601, the first time they joined. */
  joinedAt: string
}

/** Author ids are made by the server (22 URL-safe characters; older boards hold browser-made UUIDs). */
export function isAuthorId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value)
}

export interface JoinResponse {
  organisation: OrganisationEntry
  participant: ParticipantCredentials
}

export interface ApiError {
  error: string
}

export const TITLE_MAX_LENGTH = 200
export const NAME_MAX_LENGTH = 80

/** Runtime configuration the server hands to the page (injected into index.html). */
export interface ClientConfig {
  tldrawLicenseKey: string | null
}
export const CLIENT_CONFIG_GLOBAL = '__WATERLIJN_CONFIG__'

/** `POST /api/boards/:id/votes` with the participant token: put a dot on a note, or take one back. */
export interface VoteRequest {
  noteId: string
  action: 'add' | 'remove'
}

/** The voter's own dots in the board's current (or last) voting round; `roundId` null when there is none. */
export interface VoteResponse {
  roundId: string | null
  dots: string[]
}

// ---------------------------------------------------------------------------------------------
// Pages a person opens

export const Paths = {
  join: (id: string) => `/b/${id}`,
  /** The key travels in the fragment: browsers never send it to the server in page requests or referrers. */
  facilitator: (id: string, key: string) => `/b/${id}#key=${encodeURIComponent(key)}`,
  view: (viewId: string) => `/v/${viewId}`,
  /** The join code typed into the address bar: opens the join screen of that board. */
  joinCode: (code: string) => `/j/${code}`,
  websocket: (id: string) => `/ws/${id}`,
  /** Query parameter with the route key (ROUTE_KEY_LENGTH) the load balancer hashes when the path holds a view id. */
  routeParam: 'route',
} as const

// ---------------------------------------------------------------------------------------------
// WebSocket

/** y-websocket message types (first varuint of every message). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const

/** Close codes the server uses, besides the standard 1009 (message too big) sent by `ws` itself. */
export const CloseCode = {
  /** The message could not be decoded (garbage or truncated). */
  malformed: 1007,
  messageTooBig: 1009,
  /** The server is shutting down. */
  goingAway: 1001,
  /** The facilitator key does not fit this board. y-websocket does not retry 44xx codes. */
  wrongKey: 4401,
  /** The board could not be loaded. */
  boardUnavailable: 4404,
  /**
   * The board was deleted (by its facilitator, or after RETENTION_DAYS): for an open connection, and for
   * one that opens it later. The page then forgets its own copy. y-websocket does not retry 44xx codes.
   */
  deleted: 4410,
  /** The facilitator removed this connection. y-websocket does not retry 44xx codes. */
  removed: 4403,
  /**
   * The connection kept making changes the board's rules do not allow (each was undone for everyone);
   * it may not write on this board for a while (REFUSED_CHANGES_BAN_SECONDS).
   */
  refusedChanges: 4409,
  /** An update would take the board past MAX_BOARD_BYTES: it was not applied. */
  boardFull: 4413,
  /** MAX_CONNECTIONS_PER_BOARD or MAX_CONNECTIONS_PER_ADDRESS reached. y-websocket does not retry 44xx codes. */
  tooManyConnections: 4429,
  /**
   * This instance does not own the board (another one serves it, or is handing it over; several
   * instances behind a load balancer, docs/deploy.md). The standard "try again later": y-websocket and
   * the page reconnect, and the load balancer brings them to the owner.
   */
  notOwner: 1013,
  /**
   * The connection's change could not be stored (the database is away). Not applied for good: the client
   * keeps it and sends it again when it reconnects. 45xx: y-websocket treats it as "try again later".
   */
  storeUnavailable: 4503,
} as const

/**
 * How many leading characters of the board id a load balancer hashes to pick the instance (docs/deploy.md).
 * A view link never shows the board id (it would let its holder join and write): the page asks for the
 * board's route key (`BoardInfo.route`) and connects with `?route=<key>`. Six characters leak 36 of the
 * id's 128 random bits, which leaves it unguessable.
 */
export const ROUTE_KEY_LENGTH = 6

/** The part of a board id the load balancer routes on. */
export function routeKeyOf(boardId: string): string {
  return boardId.slice(0, ROUTE_KEY_LENGTH)
}
