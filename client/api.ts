/** The JSON API of the board server, with failures turned into something the UI can explain. */
import type { Language } from '../shared/i18n/index.ts'
import type { BoardInfo, CreateBoardResponse, DeletedBoardError, JoinRequest, JoinResponse, RestoreResponse, SaveVersionRequest, VersionDetail, VersionInfo, VoteRequest, VoteResponse } from '../shared/protocol.ts'

export type ApiFailure =
  | { kind: 'unreachable' }
  | { kind: 'not-found' }
  /** The board was deleted (by its facilitator, or after the retention period). */
  | { kind: 'deleted'; deletedAt: string }
  | { kind: 'forbidden' }
  | { kind: 'invalid'; message: string }
  /** The facilitator closed the board: nobody new joins. */
  | { kind: 'closed' }
  /** The board refuses what would be one too many (the organisation cap on joining). */
  | { kind: 'full'; message: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server'; status: number }

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(`API ${failure.kind}`)
    this.name = 'ApiError'
  }
}

/** `bearer`: the facilitator key, or a participant's token (the vote API). */
async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, bearer?: string): Promise<T> {
  let res: Response
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
  if (bearer) headers.authorization = `Bearer ${bearer}`
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError({ kind: 'unreachable' })
  }
  if (res.ok) return (await res.json()) as T
  throw await failureOf(res)
}

/** A file the server makes (the facilitator's key as bearer), as a Blob. */
async function callFile(path: string, bearer: string): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${bearer}` } })
  } catch {
    throw new ApiError({ kind: 'unreachable' })
  }
  if (res.ok) return res.blob()
  throw await failureOf(res)
}

/** What went wrong, from an answer that is not 2xx. */
async function failureOf(res: Response): Promise<ApiError> {
  let message = ''
  let answer: Partial<DeletedBoardError> = {}
  try {
    answer = (await res.json()) as Partial<DeletedBoardError>
    message = answer.error ?? ''
  } catch {
    // not JSON: a proxy's error page, for instance
  }
  if (res.status === 404 && answer.reason === 'deleted') return new ApiError({ kind: 'deleted', deletedAt: typeof answer.deletedAt === 'string' ? answer.deletedAt : new Date().toISOString() })
  if (res.status === 404) return new ApiError({ kind: 'not-found' })
  if (res.status === 403) return new ApiError({ kind: 'forbidden' })
  if (res.status === 400) return new ApiError({ kind: 'invalid', message })
  if (res.status === 423) return new ApiError({ kind: 'closed' })
  if (res.status === 409) return new ApiError({ kind: 'full', message })
  if (res.status === 429) return new ApiError({ kind: 'rate-limited', retryAfterSeconds: Math.max(1, Number(res.headers.get('retry-after')) || 60) })
  // A gateway answering for a server that is down.
  if (res.status === 502 || res.status === 503 || res.status === 504) return new ApiError({ kind: 'unreachable' })
  return new ApiError({ kind: 'server', status: res.status })
}

export const api = {
  createBoard: (title: string) => call<CreateBoardResponse>('POST', '/api/boards', { title }),
  /** With the facilitator key the answer also holds the board's view id. */
  boardInfo: (idOrViewId: string, facilitatorKey?: string) =>
    call<BoardInfo>('GET', `/api/boards/${encodeURIComponent(idOrViewId)}`, undefined, facilitatorKey),
  /** The board a short join code opens (404 for a wrong code or a closed board). */
  boardByJoinCode: (code: string) => call<{ id: string }>('GET', `/api/join/${encodeURIComponent(code)}`),
  /** Facilitator only: a new join code; the old one stops working. */
  renewJoinCode: (id: string, facilitatorKey: string) => call<{ joinCode: string }>('POST', `/api/boards/${encodeURIComponent(id)}/join-code`, {}, facilitatorKey),
  serverTime: () => call<{ now: number }>('GET', '/api/time'),
  /** Facilitator only: close the board to partners, or open it again. */
  setLocked: (id: string, facilitatorKey: string, locked: boolean) =>
    call<BoardInfo>('POST', `/api/boards/${encodeURIComponent(id)}/lock`, { locked }, facilitatorKey),
  /** Facilitator only: delete the board and everything on it, on the server, for good. */
  deleteBoard: (id: string, facilitatorKey: string) =>
    call<{ deleted: true; deletedAt: string }>('DELETE', `/api/boards/${encodeURIComponent(id)}`, undefined, facilitatorKey),
  /** Facilitator only: keep the board one retention period longer. */
  keepLonger: (id: string, facilitatorKey: string) => call<BoardInfo>('POST', `/api/boards/${encodeURIComponent(id)}/keep`, {}, facilitatorKey),
  /** Facilitator only: close the connection whose presence has this Yjs client id. */
  removeConnection: (id: string, facilitatorKey: string, clientId: number) =>
    call<{ removed: boolean }>('POST', `/api/boards/${encodeURIComponent(id)}/connections/${clientId}/remove`, {}, facilitatorKey),
  /** With the facilitator key the join goes through on a closed board too (so it can be opened again). */
  join: (id: string, request: JoinRequest, facilitatorKey?: string) =>
    call<JoinResponse>('POST', `/api/boards/${encodeURIComponent(id)}/join`, request, facilitatorKey),
  /** This person's own dots in the board's current voting round: the token says who they are. */
  myVotes: (id: string, token: string) => call<VoteResponse>('GET', `/api/boards/${encodeURIComponent(id)}/votes`, undefined, token),
  /** Puts a dot on a note or takes one back; the answer holds this person's dots after the server applied the rules. */
  vote: (id: string, token: string, request: VoteRequest) => call<VoteResponse>('POST', `/api/boards/${encodeURIComponent(id)}/votes`, request, token),
  /** Facilitator only: the board's history, newest first. */
  versions: (id: string, facilitatorKey: string) => call<{ versions: VersionInfo[] }>('GET', `/api/boards/${encodeURIComponent(id)}/versions`, undefined, facilitatorKey),
  /** Facilitator only: keep the board as it is now. */
  saveVersion: (id: string, facilitatorKey: string, request: SaveVersionRequest) =>
    call<VersionInfo>('POST', `/api/boards/${encodeURIComponent(id)}/versions`, request, facilitatorKey),
  /** Facilitator only: a version's records, for a read-only preview. */
  version: (id: string, facilitatorKey: string, versionId: number) =>
    call<VersionDetail>('GET', `/api/boards/${encodeURIComponent(id)}/versions/${versionId}`, undefined, facilitatorKey),
  /** Facilitator only: set the board back to a version, for everyone. */
  restoreVersion: (id: string, facilitatorKey: string, versionId: number) =>
    call<RestoreResponse>('POST', `/api/boards/${encodeURIComponent(id)}/versions/${versionId}/restore`, {}, facilitatorKey),
  /** Facilitator only: the minutes as the server writes them, as a Word document or as Markdown. */
  minutes: (id: string, facilitatorKey: string, format: 'docx' | 'md', language: Language) =>
    callFile(`/api/boards/${encodeURIComponent(id)}/minutes?format=${format}&lang=${language}`, facilitatorKey),
}
