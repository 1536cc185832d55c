/** HTTP side: the JSON API, the health check, and the built client (with runtime config in index.html). */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import {
  BoardMapKeys,
  CLIENT_CONFIG_GLOBAL,
  CloseCode,
  DocKeys,
  NAME_MAX_LENGTH,
  ORGANISATION_COLOURS,
  Paths,
  TITLE_MAX_LENGTH,
  VERSION_NAME_MAX_LENGTH,
  organisationKey,
  routeKeyOf,
  type BoardInfo,
  type ClientConfig,
  type DeletedBoardError,
  type CreateBoardResponse,
  type JoinResponse,
  type OrganisationEntry,
  type ParticipantCredentials,
  type PersonEntry,
  type RestoreResponse,
  type VersionInfo,
} from '../shared/protocol.ts'
import { collectNotes, displayNamesFrom } from '../shared/board/notes.ts'
import { buildMinutesDocument, minutesSourceOf } from '../shared/board/minutesDocument.ts'
import { minutesMarkdown } from '../shared/board/minutesMarkdown.ts'
import { KeyValueArray } from '../shared/board/keyValue.ts'
import { defaultProgramme } from '../shared/board/programme.ts'
import { newShortId } from '../shared/ids.ts'
import { normaliseJoinCode } from '../shared/joinCode.ts'
import { DEFAULT_LANGUAGE, isLanguage, translate } from '../shared/i18n/index.ts'
import { hashKey, hashToken, newJoinCode, keyMatches, looksLikeId, newAuthorId, newBoardId, newFacilitatorKey, newParticipantToken } from './auth.ts'
import { DAY_MS, type Config } from './config.ts'
import { log } from './log.ts'
import type { Metrics } from './metrics.ts'
import { minutesDocx } from './minutesWord.ts'
import { RateLimiter } from './rateLimit.ts'
import { deletesAt, keptLonger, type Deletion } from './retention.ts'
import { loadStaticFiles } from './static.ts'
import { prepareBoardDoc } from './tldrawSchema.ts'
import { NotOwnerError } from './ownership.ts'
import { BoardDeletedError, type Rooms } from './rooms.ts'
import type { BoardStore, StoredBoard } from './store/types.ts'
import { UnreadableVersionError, versionDetail, versionInfo } from './versions.ts'
import { createVoteApi } from './votes.ts'

const MAX_JSON_BYTES = 16 * 1024

class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
    readonly extra: {
      headers?: Record<string, string>
      /** Already logged where it was decided (a flood of refusals must not become a flood of log lines). */
      logged?: boolean
      /** More fields for the JSON answer, beside `error`. */
      body?: Record<string, unknown>
    } = {},
  ) {
    super(message)
  }
}

export interface HttpContext {
  config: Config
  store: BoardStore
  rooms: Rooms
  deletion: Deletion
  metrics?: Metrics
}

export function createHttpHandler(ctx: HttpContext) {
  const { config, store, rooms, deletion, metrics } = ctx
  const privacy = privacyPage(config)
  const votes = createVoteApi({ store, rooms })
  const client = loadStaticFiles(config.clientDir)
  if (!client.indexHtml) log.warn('client.missing', { dir: config.clientDir, hint: 'run npm run build' })
  const maxOrganisations = config.maxOrganisationsPerBoard || Infinity
  const boardLimiter = new RateLimiter({ limit: config.boardsPerMinutePerAddress, windowMs: 60_000 })
  const joinLimiter = new RateLimiter({ limit: config.joinsPerMinutePerAddress, windowMs: 60_000 })
  const joinCodeLimiter = new RateLimiter({ limit: config.wrongJoinCodesPerMinutePerAddress, windowMs: 60_000 })
  const clientConfig: ClientConfig = { tldrawLicenseKey: config.tldrawLicenseKey }
  const configScript = `window.${CLIENT_CONFIG_GLOBAL} = ${JSON.stringify(clientConfig).replace(/</g, '\\u003c')}`
  // A function, so a `$&` or `$'` in the licence key is not read as a replacement pattern.
  const indexHtml = client.indexHtml?.replace('<!--waterlijn-config-->', () => `<script>${configScript}</script>`)
  const pageSecurityPolicy = contentSecurityPolicy(configScript)

  function baseUrl(req: IncomingMessage): string {
    if (config.publicUrl) return config.publicUrl
    return `http://${req.headers.host ?? `localhost:${config.port}`}`
  }

  async function findBoard(id: string): Promise<StoredBoard> {
    const board = looksLikeId(id) ? await store.getBoard(id) : undefined
    if (!board) return notFound(id)
    return board
  }

  /** 404, saying so when the board was deleted: the page then forgets its own copy of it. */
  async function notFound(id: string): Promise<never> {
    const deletedAt = looksLikeId(id) ? await store.deletedAt(id) : undefined
    if (deletedAt) {
      const body: Omit<DeletedBoardError, 'error'> = { reason: 'deleted', deletedAt }
      throw new HttpError(404, 'the board was deleted', { body })
    }
    throw new HttpError(404, 'board not found')
  }

  function infoOf(board: StoredBoard, id: string): BoardInfo {
    return { id, title: board.title, createdAt: board.createdAt, locked: board.locked, deletesAt: deletesAt(board, config.retentionMs), route: routeKeyOf(board.id) }
  }

  async function createBoard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req)
    const title = typeof body.title === 'string' ? body.title.trim() : ''
    if (!title) throw new HttpError(400, 'title is required')
    if (title.length > TITLE_MAX_LENGTH) throw new HttpError(400, `title is longer than ${TITLE_MAX_LENGTH} characters`)
    const board: StoredBoard = {
      id: newBoardId(),
      viewId: newBoardId(),
      title,
      keyHash: '',
      createdAt: new Date().toISOString(),
      locked: false,
    }
    const key = newFacilitatorKey()
    board.keyHash = hashKey(key)
    // The document, its page and the tldraw schema come from the server: no page sets them up. A new
    // board starts with the four parts of a verkenningsbijeenkomst, titled in each reader's language.
    const doc = new Y.Doc()
    doc.transact(() => {
      prepareBoardDoc(doc, new KeyValueArray(doc.getArray(DocKeys.records)))
      doc.getMap(DocKeys.board).set(BoardMapKeys.programme, defaultProgramme(newShortId))
    })
    const initial = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    const joinCode = await withNewJoinCode((code) => store.createBoard({ ...board, joinCode: code }, initial))
    const base = baseUrl(req)
    const response: CreateBoardResponse = {
      id: board.id,
      title: board.title,
      facilitatorKey: key,
      viewId: board.viewId,
      joinUrl: base + Paths.join(board.id),
      facilitatorUrl: base + Paths.facilitator(board.id, key),
      viewUrl: base + Paths.view(board.viewId),
      joinCode,
    }
    log.info('board.created', { board: board.id })
    sendJson(res, 201, response)
  }

  /** Runs `save` with a fresh join code, again with another if that one is taken (rare: 887 million codes). */
  async function withNewJoinCode(save: (code: string) => Promise<void>): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const code = newJoinCode()
      if (attempt < 4 && (await store.getBoardByJoinCode(code))) continue
      await save(code)
      return code
    }
  }

  async function boardInfo(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const byId = looksLikeId(id) ? await store.getBoard(id) : undefined
    const board = byId ?? (looksLikeId(id) ? await store.getBoardByViewId(id) : undefined)
    if (!board) return notFound(id)
    const info = infoOf(board, id)
    // The facilitator may learn the view link, e.g. in a browser other than the one that created the board.
    if (byId && facilitatorKeyOf(req, url) !== null) {
      requireFacilitator(board, req, url)
      info.viewId = board.viewId
      if (board.joinCode) info.joinCode = board.joinCode
      info.lastOpenedAt = board.lastOpenedAt ?? board.createdAt
    }
    sendJson(res, 200, info)
  }

  /**
   * A person joins: the server says who they are on this board (author id and a secret token, the same
   * again when the browser presents its token) and registers their organisation, handing out colours
   * itself so two organisations never race for one.
   */
  async function joinBoard(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const board = looksLikeId(id) ? await store.getBoard(id) : undefined
    if (!board) {
      if (looksLikeId(id) && (await store.getBoardByViewId(id))) throw new HttpError(403, 'a view link cannot join')
      return notFound(id)
    }
    if (board.locked && !fromFacilitator(board, req)) throw new HttpError(423, 'the board is closed')
    const body = await readJson(req)
    const name = typeof body.name === 'string' ? body.name.trim().replace(/\s+/g, ' ') : ''
    const organisation = typeof body.organisation === 'string' ? body.organisation.trim().replace(/\s+/g, ' ') : ''
    if (!name || !organisation) throw new HttpError(400, 'name and organisation are required')
    if (name.length > NAME_MAX_LENGTH || organisation.length > NAME_MAX_LENGTH) {
      throw new HttpError(400, `name and organisation are at most ${NAME_MAX_LENGTH} characters`)
    }
    const known = typeof body.token === 'string' && body.token ? await store.findParticipant(board.id, hashToken(body.token)) : undefined
    const credentials: ParticipantCredentials = known
      ? { authorId: known.authorId, token: body.token as string }
      : { authorId: newAuthorId(), token: newParticipantToken() }
    const joinedAt = known?.joinedAt ?? new Date().toISOString()
    const entry = await rooms.withRoom(board, async (room) => {
      const registered = room.doc.transact(() => {
        const organisations = room.doc.getMap<OrganisationEntry>(DocKeys.organisations)
        const key = organisationKey(organisation)
        const existing = organisations.get(key)
        if (existing) return existing
        if (organisations.size >= maxOrganisations) throw new HttpError(409, `the board already has ${maxOrganisations} organisations; join as one of them`)
        const added: OrganisationEntry = { name: organisation, colour: ORGANISATION_COLOURS[organisations.size % ORGANISATION_COLOURS.length], index: organisations.size }
        organisations.set(key, added)
        return added
      })
      await store.saveParticipant(board.id, { authorId: credentials.authorId, tokenHash: hashToken(credentials.token), name, organisation: registered.name, joinedAt })
      // Who took part, for the minutes: also those who never wrote a note.
      const people = room.doc.getMap<PersonEntry>(DocKeys.people)
      const before = people.get(credentials.authorId)
      if (!before || before.name !== name || before.organisation !== registered.name) {
        people.set(credentials.authorId, { name, organisation: registered.name, joinedAt })
      }
      return registered
    })
    log.info('board.joined', { board: board.id, again: !!known })
    const response: JoinResponse = { organisation: entry, participant: credentials }
    sendJson(res, 200, response)
  }

  /** 429 once `address` used up its requests of this kind for the current minute. */
  function rateLimit(limiter: RateLimiter, what: string, req: IncomingMessage, count = true): void {
    const address = addressOf(req)
    const decision = count ? limiter.hit(address) : limiter.exhausted(address)
    if (decision.allowed) return
    metrics?.refused(`http:rate-limited ${what}`)
    const seconds = decision.retryAfterSeconds
    if (decision.firstRefusal) log.warn('http.rate-limited', { what, address, retryAfter: seconds })
    throw new HttpError(429, `too many ${what} requests from this address; try again in ${seconds} s`, {
      headers: { 'retry-after': String(seconds) },
      logged: true,
    })
  }

  function addressOf(req: IncomingMessage): string {
    return (req.socket as IncomingMessage['socket'] | null)?.remoteAddress ?? 'unknown'
  }

  /**
   * A short join code → the board it opens. Only wrong codes count towards the limit per address (a
   * whole venue behind one address types the right one), and past it every lookup gets 429: guessing
   * one in 887 million codes at twenty a minute is useless. A closed board's code opens nothing.
   */
  async function findByJoinCode(raw: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    rateLimit(joinCodeLimiter, 'join-code', req, false)
    const code = normaliseJoinCode(decodeURIComponent(raw))
    const board = code ? await store.getBoardByJoinCode(code) : undefined
    if (!board || board.locked) {
      joinCodeLimiter.hit(addressOf(req))
      throw new HttpError(404, 'no open board has this code')
    }
    sendJson(res, 200, { id: board.id })
  }

  /** The facilitator gives the board a new join code (the old one stops working at once). */
  async function renewJoinCode(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const joinCode = await withNewJoinCode((code) => store.setJoinCode(board.id, code))
    log.info('board.join-code-renewed', { board: board.id })
    sendJson(res, 200, { joinCode })
  }

  function facilitatorKeyOf(req: IncomingMessage, url: URL): string | null {
    const header = req.headers.authorization
    return url.searchParams.get('key') ?? (header?.startsWith('Bearer ') ? header.slice(7).trim() : null)
  }

  /** The facilitator may join a closed board: to open it again, they first have to get onto it. */
  function fromFacilitator(board: StoredBoard, req: IncomingMessage): boolean {
    const key = facilitatorKeyOf(req, new URL(req.url ?? '/', 'http://localhost'))
    return key !== null && keyMatches(key, board.keyHash)
  }

  /** The facilitator key from `?key=` or `Authorization: Bearer …`: 401 without one, 403 when wrong. */
  function requireFacilitator(board: StoredBoard, req: IncomingMessage, url: URL): void {
    const key = facilitatorKeyOf(req, url)
    if (!key) throw new HttpError(401, 'the facilitator key is required (?key= or Authorization: Bearer)')
    if (!keyMatches(key, board.keyHash)) throw new HttpError(403, 'wrong facilitator key')
  }

  async function listNotes(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const lang = url.searchParams.get('lang')
    const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE
    const notes = await rooms.withRoom(board, (room) =>
      collectNotes(
        [...room.records.map.values()].map((entry) => entry.val),
        language,
        displayNamesFrom(room.doc.getMap(DocKeys.board).get(BoardMapKeys.displayNames)),
        (note, problem) => log.warn('notes.skipped', { board: board.id, note, problem }),
      ),
    )
    sendJson(res, 200, { notes })
  }

  /**
   * The minutes to edit and send, as Markdown or as a Word document: written from the same minutes model
   * as the PDF the page makes, from the board as the server has it now.
   */
  async function minutesFile(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const format = url.searchParams.get('format') ?? 'md'
    if (format !== 'md' && format !== 'docx') throw new HttpError(400, 'format must be "md" (Markdown) or "docx" (Word)')
    const lang = url.searchParams.get('lang')
    if (lang !== null && !isLanguage(lang)) throw new HttpError(400, 'lang must be "nl" or "en"')
    const language = lang ?? DEFAULT_LANGUAGE
    const minutes = await rooms.withRoom(board, (room) =>
      buildMinutesDocument(
        minutesSourceOf(room.doc, [...room.records.map.values()].map((entry) => entry.val), board.title),
        { language, now: Date.now() },
      ),
    )
    const body = format === 'md' ? Buffer.from(minutesMarkdown(minutes), 'utf8') : await minutesDocx(minutes)
    res.writeHead(200, {
      'content-type': format === 'md' ? 'text/markdown; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': attachment(board.title, format),
      'content-length': body.length,
      'cache-control': 'no-store',
    })
    res.end(body)
  }

  /** Closes the board to partners after the session, or opens it again. Enforced by the server. */
  async function lockBoard(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const body = await readJson(req)
    if (typeof body.locked !== 'boolean') throw new HttpError(400, 'locked must be true or false')
    const locked = body.locked
    // As the board's owner only: an instance that does not serve it answers 503 and changes nothing.
    await rooms.withRoom(board, async (room) => {
      await store.setLocked(board.id, locked)
      room.setLocked(locked)
    })
    log.info('board.locked', { board: board.id, locked })
    sendJson(res, 200, infoOf({ ...board, locked }, board.id))
  }

  /**
   * The facilitator deletes the board: every connection closes with 4410, and the store removes the
   * board and everything it knows of its people for real.
   */
  async function removeBoard(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const deletedAt = await deletion.deleteBoard(board.id, 'facilitator')
    if (!deletedAt) return notFound(id)
    sendJson(res, 200, { deleted: true, deletedAt })
  }

  /** "Langer bewaren": the board is kept one retention period longer than its date says (within a limit). */
  async function keepLonger(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    if (config.retentionMs <= 0) throw new HttpError(409, 'this server keeps boards until they are deleted (RETENTION_DAYS=0)')
    const retainUntil = keptLonger(board, config.retentionMs)
    await store.setRetainUntil(board.id, retainUntil)
    log.info('board.kept-longer', { board: board.id, until: retainUntil })
    sendJson(res, 200, { ...infoOf({ ...board, retainUntil }, board.id), lastOpenedAt: board.lastOpenedAt ?? board.createdAt })
  }

  /** The facilitator removes a disruptive connection, named by its presence (awareness) client id. */
  async function removeConnection(id: string, clientId: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const room = rooms.get(board.id)
    const closed = /^\d+$/.test(clientId) && !!room?.closePeerWithPresence(Number(clientId), CloseCode.removed, 'removed by the facilitator')
    if (!closed) throw new HttpError(404, 'no such connection on this board')
    log.info('board.connection-removed', { board: board.id, client: clientId })
    sendJson(res, 200, { removed: true })
  }

  /** The board's history, newest first. */
  async function listVersions(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const versions: VersionInfo[] = (await store.listVersions(board.id)).map(versionInfo).reverse()
    sendJson(res, 200, { versions })
  }

  /** The facilitator keeps the board as it is now ("Versie bewaren"), or the page does before an import. */
  async function saveVersion(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    // No body at all is fine: "save one now" needs nothing else.
    const body = req.headers['content-length'] === '0' || (!req.headers['content-type'] && !req.headers['transfer-encoding']) ? {} : await readJson(req)
    if (body.name !== undefined && body.name !== null && typeof body.name !== 'string') throw new HttpError(400, 'name must be a string')
    const name = typeof body.name === 'string' ? body.name.trim().replace(/\s+/g, ' ') : ''
    if (name.length > VERSION_NAME_MAX_LENGTH) throw new HttpError(400, `name is longer than ${VERSION_NAME_MAX_LENGTH} characters`)
    if (body.kind !== undefined && body.kind !== 'manual' && body.kind !== 'before-import') throw new HttpError(400, 'kind must be "manual" or "before-import"')
    const kind = body.kind ?? 'manual'
    const saved = await rooms.withRoom(board, (room) => room.saveVersion(kind, name || null))
    sendJson(res, 201, versionInfo(saved))
  }

  async function showVersion(id: string, versionId: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const found = /^\d{1,15}$/.test(versionId) ? await store.loadVersion(board.id, Number(versionId)) : undefined
    if (!found) throw new HttpError(404, 'version not found')
    sendJson(res, 200, await readable(async () => versionDetail(found.version, found.snapshot)))
  }

  /** A version this server cannot read is a clear 422, not a crash (it stays stored for a newer server). */
  async function readable<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (error instanceof UnreadableVersionError) throw new HttpError(422, `this version was written by a newer Waterlijn and cannot be read by this server (${error.why})`)
      throw error
    }
  }

  /** Sets the board back to a version, live for everyone; the state before is kept as a version first. */
  async function restoreVersion(id: string, versionId: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const board = await findBoard(id)
    requireFacilitator(board, req, url)
    const result = /^\d{1,15}$/.test(versionId) ? await readable(() => rooms.withRoom(board, (room) => room.restore(Number(versionId)))) : undefined
    if (!result) throw new HttpError(404, 'version not found')
    const response: RestoreResponse = { restored: versionInfo(result.restored), before: versionInfo(result.before) }
    sendJson(res, 200, response)
  }

  function servePage(res: ServerResponse): void {
    if (!indexHtml) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The client has not been built. Run: npm run build\n')
      return
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
      'content-security-policy': pageSecurityPolicy,
    })
    res.end(indexHtml)
  }

  async function ready(res: ServerResponse): Promise<void> {
    try {
      await store.ping()
      sendJson(res, 200, { ok: true, instance: config.instanceId })
    } catch (error) {
      log.warn('store.unreachable', { error: String(error).slice(0, 200) })
      sendJson(res, 503, { ok: false, instance: config.instanceId, error: 'the store cannot be reached' })
    }
  }

  async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!metrics) throw new HttpError(404, 'no metrics on this server')
    if (req.method !== 'GET') throw new HttpError(405, 'use GET')
    const header = req.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null
    if (config.metricsToken && !keyMatches(token, hashKey(config.metricsToken))) {
      throw new HttpError(401, 'metrics need their token', { headers: { 'www-authenticate': 'Bearer' } })
    }
    const body = await metrics.text()
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' })
    res.end(body)
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    const method = req.method ?? 'GET'

    // Alive: the process answers. Ready: it can also reach its store (a load balancer sends boards elsewhere otherwise).
    if (path === '/healthz') return sendJson(res, 200, { ok: true, instance: config.instanceId })
    if (path === '/readyz') return ready(res)
    if (path === '/metrics') return serveMetrics(req, res)
    // Laptops' clocks differ; the timer counts on the server's.
    if (path === '/api/time') return sendJson(res, 200, { now: Date.now() })

    if (path === '/api/boards') {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      rateLimit(boardLimiter, 'create-board', req)
      return createBoard(req, res)
    }
    let m = path.match(/^\/api\/boards\/([^/]+)$/)
    if (m) {
      if (method === 'DELETE') return removeBoard(m[1], req, url, res)
      if (method !== 'GET') throw new HttpError(405, 'use GET or DELETE')
      return boardInfo(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/keep$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      return keepLonger(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/notes$/)
    if (m) {
      if (method !== 'GET') throw new HttpError(405, 'use GET')
      return listNotes(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/minutes$/)
    if (m) {
      if (method !== 'GET') throw new HttpError(405, 'use GET')
      return minutesFile(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/versions$/)
    if (m) {
      if (method === 'GET') return listVersions(m[1], req, url, res)
      if (method === 'POST') return saveVersion(m[1], req, url, res)
      throw new HttpError(405, 'use GET or POST')
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/versions\/([^/]+)$/)
    if (m) {
      if (method !== 'GET') throw new HttpError(405, 'use GET')
      return showVersion(m[1], m[2], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/versions\/([^/]+)\/restore$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      return restoreVersion(m[1], m[2], req, url, res)
    }
    m = path.match(/^\/api\/join\/([^/]+)$/)
    if (m) {
      if (method !== 'GET') throw new HttpError(405, 'use GET')
      return findByJoinCode(m[1], req, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/join-code$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      return renewJoinCode(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/lock$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      return lockBoard(m[1], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/connections\/([^/]+)\/remove$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      return removeConnection(m[1], m[2], req, url, res)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/votes$/)
    if (m) {
      const answer = await votes(m[1], method, req.headers.authorization, () => readJson(req))
      return sendJson(res, answer.status, answer.body)
    }
    m = path.match(/^\/api\/boards\/([^/]+)\/join$/)
    if (m) {
      if (method !== 'POST') throw new HttpError(405, 'use POST')
      rateLimit(joinLimiter, 'join', req)
      return joinBoard(m[1], req, res)
    }
    if (path.startsWith('/api/')) throw new HttpError(404, 'no such API route')

    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed')
    if (path === '/privacy') return privacy(url, res)
    if (path === '/' || path === '/index.html' || /^\/(b|v|j)\/[^/]+\/?$/.test(path)) return servePage(res)
    if (client.serve(req, res, path)) return
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('Not found\n')
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // On every answer, errors and 404s included: a browser never guesses a type the server did not say.
    res.setHeader('x-content-type-options', 'nosniff')
    try {
      await route(req, res)
    } catch (error) {
      const path = req.url?.split('?')[0]
      if (clientWentAway(req, error)) {
        // A laptop that closed the page mid-request, or a request Node ended for taking too long: nobody is
        // left to answer, and nothing is broken.
        log.info('http.aborted', { method: req.method, path, reason: (error as NodeJS.ErrnoException).code ?? String(error) })
        return
      }
      // A request that reached a board while it was being deleted: as for a deleted board.
      if (error instanceof BoardDeletedError) error = new HttpError(404, 'the board was deleted', { body: { reason: 'deleted', deletedAt: new Date().toISOString() } })
      // Another instance serves this board (a handover, or the load balancer has not noticed yet): again in a moment.
      if (error instanceof NotOwnerError) error = new HttpError(503, 'another instance serves this board; try again', { headers: { 'retry-after': '1' } })
      if (error instanceof HttpError) {
        if (error.status >= 500) log.error('http.error', { path, error: error.message })
        else if (!error.extra.logged) log.info('http.refused', { method: req.method, path, status: error.status, error: error.message })
        if (!res.headersSent) sendJson(res, error.status, { ...error.extra.body, error: error.message }, error.extra.headers)
        else if (!res.destroyed) res.end()
      } else {
        log.error('http.crash', { path, error: String(error) })
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
        else if (!res.destroyed) res.end()
      }
    }
  }
}

/**
 * The page's Content-Security-Policy. Scripts: the built files, and of inline scripts exactly the one with
 * the runtime config, by its hash. tldraw sets inline styles and draws with data: and blob: images and
 * data: fonts, and fetches its small built-in translation files, which the build inlines as data: URLs;
 * the service worker runs from the server (blob: workers for libraries that make them); the websocket goes
 * to the page's own host (ws: and wss: besides 'self', which older Safari does not apply to websockets).
 * Nothing may frame the board.
 */
function contentSecurityPolicy(inlineScript: string): string {
  const hash = createHash('sha256').update(inlineScript, 'utf8').digest('base64')
  return [
    "default-src 'self'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' data: ws: wss:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * `/privacy`: what happens with what people write, in a plain page of the board's own (nothing loaded from
 * elsewhere). The operator's text from PRIVACY_TEXT_FILE replaces it, shown as text, never as HTML. The
 * file is read at start: a wrong path stops the server with a clear message instead of a workshop page
 * that fails later.
 */
function privacyPage(config: Config): (url: URL, res: ServerResponse) => void {
  const own = config.privacyTextFile ? readFileSync(config.privacyTextFile, 'utf8') : null
  const days = config.retentionMs > 0 ? String(Math.round((config.retentionMs / DAY_MS) * 100) / 100) : null
  return (url, res) => {
    const lang = url.searchParams.get('lang')
    const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE
    const tr = (key: Parameters<typeof translate>[1]) => translate(language, key, { days: days ?? '' })
    const heading = tr('privacy.heading')
    const paragraphs = own !== null
      ? own.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean)
      : [tr('privacy.what'), tr('privacy.where'), tr(days ? 'privacy.howLong' : 'privacy.howLongForever'), tr('privacy.who'), tr('privacy.delete')]
    const body = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>body{font:1.05rem/1.55 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}p{white-space:pre-wrap}</style>
</head><body><main><h1>${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</main></body></html>
`
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      // Nothing runs on this page; only its own inline style.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
  }
}

/**
 * `attachment; filename="…"` from the board's title: a plain ASCII name for every client, and the title
 * itself (RFC 5987, UTF-8) for those that read `filename*`, which all current browsers do.
 */
export function attachment(title: string, extension: string): string {
  const base = title.normalize('NFC').replace(/[^\p{L}\p{N} _-]+/gu, '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'waterlijn'
  const ascii = base.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 _-]+/g, '').trim() || 'waterlijn'
  const encoded = encodeURIComponent(`${base}.${extension}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encoded}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const ABORT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'])

/** The error is the connection going away under the request, not a fault of the server. */
function clientWentAway(req: IncomingMessage, error: unknown): boolean {
  // Node may already have let go of the socket (null) once the request is destroyed.
  const socket = req.socket as IncomingMessage['socket'] | null
  if (!(!socket || socket.destroyed || (req.destroyed && !req.complete))) return false
  const code = (error as NodeJS.ErrnoException | null)?.code
  return (typeof code === 'string' && ABORT_CODES.has(code)) || (error instanceof Error && error.message === 'aborted')
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // The connection is gone: there is nobody to write to.
  if (res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

/**
 * The body, at most `limit` bytes. Past that it is 413, and the rest is read and dropped rather than cut
 * off, so the client gets to read the answer (the request timeout still bounds one that sends on and on).
 * Not a for-await loop: leaving one early destroys the request and its connection, and the 413 with it.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `request body is larger than ${limit} bytes`)
    if (Number(req.headers['content-length']) > limit) {
      req.resume()
      return reject(tooLarge())
    }
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      stop()
      req.resume()
      reject(tooLarge())
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    // Closed before the end without an error event: the connection went away all the same.
    const onClose = () => onError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  // The media type itself, exactly: parameters such as charset may follow, but application/jsonp is not JSON.
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') throw new HttpError(415, 'send JSON (content-type: application/json)')
  const body = await readBody(req, MAX_JSON_BYTES)
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'request body must be a JSON object')
  return parsed as Record<string, unknown>
}
