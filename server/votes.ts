/**
 * Dot voting through the server. Partners put and take back dots with `POST /api/boards/:id/votes`
 * (the voter is whoever the participant token names); the server applies the round's rules with the
 * functions of shared/voting.ts and keeps every voter's dots in the store. The document's `votes` map
 * gets them only once everybody may see them (`resultsShown`): at once in a round with visible results,
 * at closing in a hidden one. So while a hidden round runs, nobody, not even a stock y-websocket client
 * reading the whole document, learns how anyone else voted, and nobody can write someone else's dots.
 */
import { BoardMapKeys, DocKeys, type ApiError, type VoteRequest, type VoteResponse, type VotingProgress } from '../shared/protocol.ts'
import { addDot, isVotingRound, removeDot, resultsShown, validDots, voteKey, type VotingRound } from '../shared/voting.ts'
import { hashToken, looksLikeId } from './auth.ts'
import { log } from './log.ts'
import type { Room, Rooms } from './rooms.ts'
import type { BoardStore } from './store/types.ts'

/** Origin of the server's own transactions on the votes map, so they can be told from a peer's update. */
export const VOTES_ORIGIN = Symbol('votes')

/** The round in the board map, or null when there never was one. */
export function currentRound(room: Room): VotingRound | null {
  const round = room.doc.getMap(DocKeys.board).get(BoardMapKeys.voting)
  return isVotingRound(round) ? round : null
}

/** The request body, or what is wrong with it. */
export function parseVoteRequest(body: Record<string, unknown>): VoteRequest | string {
  const { noteId, action } = body
  if (typeof noteId !== 'string' || !noteId.startsWith('shape:') || noteId.length > 200) return 'noteId must be a note id ("shape:…")'
  if (action !== 'add' && action !== 'remove') return 'action must be "add" or "remove"'
  return { noteId, action }
}

/** A change to one entry of the votes map: the dots to write, or null to delete the entry. */
export interface VoteEntryChange {
  key: string
  dots: string[] | null
}

/**
 * What the votes map needs so that it shows these voters' stored dots of this round, and nothing more:
 * only entries that differ, so publishing twice writes nothing. A voter who took every dot back loses
 * their entry. Entries of voters the store does not know are left alone (a board from before votes went
 * through the server keeps its published rounds).
 */
export function voteEntryChanges(roundId: string, stored: ReadonlyMap<string, readonly string[]>, current: (key: string) => unknown): VoteEntryChange[] {
  const changes: VoteEntryChange[] = []
  for (const [voterId, dots] of stored) {
    const key = voteKey(roundId, voterId)
    const now = current(key)
    if (dots.length === 0) {
      if (now !== undefined) changes.push({ key, dots: null })
    } else if (!sameDots(now, dots)) {
      changes.push({ key, dots: [...dots] })
    }
  }
  return changes
}

function sameDots(value: unknown, dots: readonly string[]): boolean {
  return Array.isArray(value) && value.length === dots.length && value.every((id, i) => id === dots[i])
}

/** Writes these voters' dots of the round into the votes map, in one transaction; how many entries changed. */
function writeEntries(room: Room, roundId: string, stored: ReadonlyMap<string, readonly string[]>): number {
  const votes = room.doc.getMap<unknown>(DocKeys.votes)
  const changes = voteEntryChanges(roundId, stored, (key) => votes.get(key))
  if (changes.length === 0) return 0
  room.doc.transact(() => {
    for (const { key, dots } of changes) {
      if (dots) votes.set(key, dots)
      else votes.delete(key)
    }
  }, VOTES_ORIGIN)
  return changes.length
}

/**
 * One vote change at a time per board: reading a voter's dots, applying the rule and storing the result
 * must not interleave with another request (a double click sends two) or with publishing, or a dot is
 * lost or counted twice.
 */
const queues = new WeakMap<Room, Promise<unknown>>()

function serially<T>(room: Room, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(room) ?? Promise.resolve()).then(task)
  queues.set(room, run.catch(() => {}))
  return run
}

/**
 * Keeps the room's votes map in step with the store: publishes the current round's votes when the board
 * is loaded (a round closed just before the server went down) and whenever the facilitator changes the
 * round in the board map (closing it, or showing its results). Rooms call this for every loaded board.
 */
export async function watchVoting(room: Room, store: BoardStore): Promise<void> {
  // A board that left memory meanwhile is published at its next load.
  const stopped = () => room.doc.isDestroyed
  const publish = () =>
    serially(room, async () => {
      if (stopped()) return
      const round = currentRound(room)
      if (!round || !resultsShown(round)) return
      const stored = await store.loadVotes(room.board.id, round.id)
      // The facilitator may have started another round while the store answered.
      const now = currentRound(room)
      if (stopped() || now?.id !== round.id || !resultsShown(now)) return
      const written = writeEntries(room, round.id, stored)
      if (written > 0) log.info('votes.published', { board: room.board.id, round: round.id, entries: written })
    }).catch((error: unknown) => {
      // The votes stay in the store; the next change of the round, or the next load, publishes them.
      log.error('votes.publish-failed', { board: room.board.id, error: String(error) })
    })
  room.doc.getMap(DocKeys.board).observe((event) => {
    if (event.keysChanged.has(BoardMapKeys.voting)) void publish()
  })
  await publish()
}

export interface VoteApiContext {
  store: BoardStore
  rooms: Rooms
}

/** What to send back: http.ts writes it as JSON. */
export interface VoteAnswer {
  status: number
  body: VoteResponse | ApiError
}

/**
 * `GET` and `POST /api/boards/:id/votes`. `readBody` is http.ts's JSON reader (its own errors, such as
 * 415 or 413, are thrown and answered there).
 */
export function createVoteApi({ store, rooms }: VoteApiContext) {
  return async function votes(
    boardId: string,
    method: string,
    authorization: string | undefined,
    readBody: () => Promise<Record<string, unknown>>,
  ): Promise<VoteAnswer> {
    const refuse = (status: number, error: string): VoteAnswer => {
      log.info('votes.refused', { board: boardId, method, status, error })
      return { status, body: { error } }
    }
    if (method !== 'GET' && method !== 'POST') return refuse(405, 'use GET or POST')
    const board = looksLikeId(boardId) ? await store.getBoard(boardId) : undefined
    if (!board) return refuse(404, 'board not found')
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : ''
    if (!token) return refuse(401, 'the participant token is required (Authorization: Bearer)')
    // The voter is the person the token names, never anything the request says.
    const voter = await store.findParticipant(board.id, hashToken(token))
    if (!voter) return refuse(403, 'unknown participant token')

    if (method === 'GET') {
      return rooms.withRoom(board, (room) =>
        serially(room, async (): Promise<VoteAnswer> => {
          const round = currentRound(room)
          if (!round) return { status: 200, body: { roundId: null, dots: [] } }
          const stored = await store.loadVotes(board.id, round.id)
          return { status: 200, body: { roundId: round.id, dots: validDots(round, stored.get(voter.authorId) ?? []) } }
        }),
      )
    }

    const request = parseVoteRequest(await readBody())
    if (typeof request === 'string') return refuse(400, request)
    // A closed board refuses partners' changes; a vote is one.
    if (board.locked) return refuse(409, 'the board is closed')
    const answer = await rooms.withRoom(board, (room) =>
      serially(room, async (): Promise<VoteAnswer | string> => {
        const round = currentRound(room)
        if (!round?.open) return 'no voting round is open'
        const stored = await store.loadVotes(board.id, round.id)
        const mine = validDots(round, stored.get(voter.authorId) ?? [])
        // Taking back a dot from a note deleted since is fine; a new dot goes on a note of this board only.
        if (!(request.action === 'remove' && mine.includes(request.noteId)) && !isNote(room, request.noteId)) {
          return 'there is no such note on this board'
        }
        const dots = request.action === 'add' ? addDot(round, mine, request.noteId) : removeDot(round, mine, request.noteId)
        if (!sameDots(mine, dots)) {
          // Stored before anyone sees it: a vote the server answered survives a restart.
          await store.saveVote(board.id, round.id, voter.authorId, dots)
          if (resultsShown(round)) writeEntries(room, round.id, new Map([[voter.authorId, dots]]))
          stored.set(voter.authorId, dots)
          writeProgress(room, round.id, stored)
        }
        return { status: 200, body: { roundId: round.id, dots } }
      }),
    )
    return typeof answer === 'string' ? refuse(409, answer) : answer
  }
}

/** How many people have a dot in the round: the one thing of a hidden round the room may see. */
function writeProgress(room: Room, roundId: string, stored: ReadonlyMap<string, readonly string[]>): void {
  const voters = [...stored.values()].filter((dots) => dots.length > 0).length
  const board = room.doc.getMap<unknown>(DocKeys.board)
  const before = board.get(BoardMapKeys.votingProgress) as VotingProgress | undefined
  if (before?.roundId === roundId && before.voters === voters) return
  room.doc.transact(() => board.set(BoardMapKeys.votingProgress, { roundId, voters } satisfies VotingProgress), VOTES_ORIGIN)
}

/** A tldraw note shape among the board's records (private notes never are: they stay on their laptop). */
function isNote(room: Room, id: string): boolean {
  const record = room.records.get(id)
  if (!record || typeof record !== 'object') return false
  const { typeName, type } = record as { typeName?: unknown; type?: unknown }
  return typeName === 'shape' && type === 'note'
}
