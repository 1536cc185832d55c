/**
 * The websocket side: the upgrade (which board, which role) and the y-websocket protocol for one
 * connection (sync and awareness). Anything that cannot be decoded closes that one connection with a
 * clear code and a log line; the board and the other connections are not touched.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { WebSocketServer, type WebSocket, type RawData } from 'ws'
import { CloseCode, MessageType } from '../shared/protocol.ts'
import { hashToken, keyMatches, looksLikeId } from './auth.ts'
import { dropStaleAwareness, stampPresence, type PresenceFilter, type PresenceIdentity } from './awareness.ts'
import type { Config } from './config.ts'
import { ConnectionCounter } from './limits.ts'
import { log } from './log.ts'
import type { Metrics } from './metrics.ts'
import { NotOwnerError } from './ownership.ts'
import { BoardDeletedError, type Identity, type Peer, type Role, type Room, type Rooms } from './rooms.ts'
import type { BoardStore, StoredBoard } from './store/types.ts'

const PING_INTERVAL_MS = 30_000
/** How long a connection the server closes may take to finish the close handshake. */
const CLOSE_GRACE_MS = 5_000
/** Messages kept from a connection while its board loads (a page sends two or three). */
const MAX_QUEUED_MESSAGES = 100


/** What the websocket side needs: the store, the rooms, and its limits from the configuration. */
export type WsContext = { store: BoardStore; rooms: Rooms; metrics?: Metrics } & Pick<
  Config,
  'maxMessageBytes' | 'maxRefusedChanges' | 'refusedChangesBanMs' | 'maxPresencePerConnection' | 'maxConnectionsPerBoard' | 'maxConnectionsPerAddress' | 'maxBoardBytes'
>

export function createWebsocketHandler(ctx: WsContext) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.maxMessageBytes })
  /** `<board>|<author id>` → until when that person may not write on that board (repeated refused changes). */
  const bans = new Map<string, number>()
  const banKey = (boardId: string, identity: Identity | null, remote: string | undefined) => `${boardId}|${identity?.authorId ?? remote ?? ''}`
  const isBanned = (key: string) => {
    const until = bans.get(key)
    if (until === undefined) return false
    if (until > Date.now()) return true
    bans.delete(key)
    return false
  }
  const ban = (key: string) => bans.set(key, Date.now() + ctx.refusedChangesBanMs)
  const perBoard = new ConnectionCounter(ctx.maxConnectionsPerBoard, 'board')
  const perAddress = new ConnectionCounter(ctx.maxConnectionsPerAddress, 'address')

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = url.pathname.match(/^\/ws\/([^/]+)$/)
    const id = match?.[1] ?? ''
    let resolved: { board: StoredBoard; role: Role; identity: Identity | null } | null = null
    if (looksLikeId(id)) {
      try {
        const byId = await ctx.store.getBoard(id)
        if (byId) {
          const key = url.searchParams.get('key')
          if (key !== null && !keyMatches(key, byId.keyHash)) {
            // Accepted and closed with a code, not refused with 403: a browser cannot read the status of a
            // refused upgrade, but it can read a close code and tell the person their link is wrong.
            log.warn('ws.refused', { reason: 'wrong key', board: id })
            ctx.metrics?.refused('ws:wrong key')
            wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.wrongKey, 'wrong facilitator key'))
            return
          }
          // Who is who is the server's word: the token the person got at join names them.
          const token = url.searchParams.get('token')
          const participant = token ? await ctx.store.findParticipant(byId.id, hashToken(token)) : undefined
          const identity: Identity | null = participant
            ? { authorId: participant.authorId, name: participant.name, organisation: participant.organisation }
            : null
          // A join link without a valid token may look, not write.
          const role: Role = key !== null ? 'facilitator' : identity ? 'participant' : 'viewer'
          if (token && !identity) log.info('ws.unknown-token', { board: id })
          resolved = { board: byId, role, identity }
        } else {
          const byView = await ctx.store.getBoardByViewId(id)
          if (byView) resolved = { board: byView, role: 'viewer', identity: null }
          else if (await ctx.store.deletedAt(id)) {
            // Accepted and closed, like a wrong key: the page learns that the board is gone and forgets
            // its own copy, instead of trying again and again to sync it.
            log.info('ws.refused', { reason: 'deleted board' })
            ctx.metrics?.refused('ws:deleted board')
            wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.deleted, 'the board was deleted'))
            return
          }
        }
      } catch (error) {
        log.error('ws.lookup-failed', { error: String(error) })
        return refuse(socket, 503, 'Service Unavailable')
      }
    }
    if (!resolved) {
      log.warn('ws.refused', { reason: match ? 'unknown board' : 'unknown path', path: url.pathname.slice(0, 80) })
      ctx.metrics?.refused(`ws:${match ? 'unknown board' : 'unknown path'}`)
      return refuse(socket, 404, 'Not Found')
    }
    const { board, role, identity } = resolved
    const key = banKey(board.id, identity, req.socket.remoteAddress)
    if (role !== 'viewer' && isBanned(key)) {
      log.warn('ws.refused', { reason: 'banned for refused changes', board: board.id })
      ctx.metrics?.refused('ws:banned for refused changes')
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.refusedChanges, 'too many refused changes'))
      return
    }
    const address = req.socket.remoteAddress ?? ''
    if (!perBoard.fits(board.id) || !perAddress.fits(address)) {
      ctx.metrics?.refused('ws:too many connections')
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.tooManyConnections, 'too many connections'))
      return
    }
    perBoard.add(board.id)
    perAddress.add(address)
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', () => {
        perBoard.remove(board.id)
        perAddress.remove(address)
      })
      handleConnection(ws, board, role, identity, ctx, req, () => ban(key))
    })
  }

  function closeAll(): void {
    for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'server shutting down')
  }

  return { onUpgrade, closeAll, wss }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`)
}

function handleConnection(
  ws: WebSocket,
  board: StoredBoard,
  role: Role,
  identity: Identity | null,
  ctx: WsContext,
  req: IncomingMessage,
  ban: () => void,
): void {
  const remote = req.socket.remoteAddress
  const queue: Uint8Array[] = []
  let room: Room | null = null
  let closed = false
  let refusedUpdates = 0
  let repairs = 0
  let alive = true
  let closing = false

  // Once the server decides to close, nothing more from this socket is read (and logged): a script
  // sending thousands of bad frames gets one answer, and is cut off if it does not finish the close.
  const close = (code: number, reason: string, detail?: string) => {
    if (closing) return
    closing = true
    log.warn('ws.closed-by-server', { board: board.id, role, code, reason, detail, remote })
    ctx.metrics?.refused(`ws-closed:${reason}`)
    ws.close(code, reason)
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref()
  }

  const peer: Peer = {
    role,
    identity,
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(message, (error) => error && ws.terminate())
    },
    close,
    repaired(what) {
      const before = repairs
      repairs += what.length
      if (before >= ctx.maxRefusedChanges || repairs < ctx.maxRefusedChanges) return
      // A page never breaks the rules: this is a script. It may come back later, not at once.
      ban()
      close(CloseCode.refusedChanges, 'too many refused changes', what[0])
    },
  }

  const presence = presenceFilter(peer, () => room, ctx.maxPresencePerConnection, board.id)
  const handle = (data: Uint8Array) => {
    if (!room || closed || closing) return
    try {
      handleMessage(room, peer, data, presence, ctx.maxBoardBytes, () => {
        ctx.metrics?.refused(room!.board.locked ? 'update:board locked' : 'update:read-only')
        if (refusedUpdates++ === 0) log.info('ws.update-refused', { board: board.id, role, locked: room!.board.locked })
      })
    } catch (error) {
      if (error instanceof BoardFull) return close(CloseCode.boardFull, 'board full', error.message)
      close(CloseCode.malformed, 'malformed message', String(error))
    }
  }

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return
    if (!isBinary) return close(CloseCode.malformed, 'binary messages only')
    const bytes = toUint8Array(data)
    if (room) handle(bytes)
    else if (queue.length < MAX_QUEUED_MESSAGES) queue.push(bytes)
    else close(CloseCode.malformed, 'too many messages before the board was loaded')
  })
  ws.on('pong', () => (alive = true))
  ws.on('error', (error) => {
    // `ws` reports oversized messages here and then closes with 1009 itself.
    log.warn('ws.error', { board: board.id, role, error: error.message, remote })
  })
  const ping = setInterval(() => {
    if (!alive) return ws.terminate()
    alive = false
    ws.ping()
  }, PING_INTERVAL_MS)

  ws.on('close', (code) => {
    closed = true
    clearInterval(ping)
    if (room) {
      room.removePeer(peer)
      ctx.rooms.release(room)
    }
    log.info('ws.disconnected', { board: board.id, role, code })
  })

  ctx.rooms.acquire(board).then(
    (loaded) => {
      if (closed) return ctx.rooms.release(loaded)
      room = loaded
      room.addPeer(peer)
      log.info('ws.connected', { board: board.id, role, peers: room.peers.size, remote })
      // Only now, with the stored board loaded, does the client hear anything: never an empty board first.
      peer.send(room.syncStep1Message())
      if (room.awareness.getStates().size > 0) peer.send(room.awarenessMessage())
      for (const message of queue.splice(0)) handle(message)
    },
    (error) => {
      if (error instanceof BoardDeletedError) {
        log.info('ws.refused', { reason: 'deleted board', board: board.id })
        ctx.metrics?.refused('ws:deleted board')
        return ws.close(CloseCode.deleted, 'the board was deleted')
      }
      // Never a second writer: the client tries again, and the load balancer brings it to the owner.
      if (error instanceof NotOwnerError) {
        log.info('ws.refused', { reason: 'not the owner', board: board.id })
        ctx.metrics?.refused('ws:not the owner')
        return ws.close(CloseCode.notOwner, 'another instance serves this board; try again')
      }
      log.error('room.load-failed', { board: board.id, error: String(error) })
      // The database is away (restarting): a code the client retries on, so it comes back by itself.
      void ctx.store.ping().then(
        () => {
          ctx.metrics?.refused('ws:board could not be loaded')
          ws.close(CloseCode.boardUnavailable, 'board could not be loaded')
        },
        () => {
          ctx.metrics?.refused('ws:store unavailable')
          ws.close(CloseCode.storeUnavailable, 'the board cannot be loaded now; try again')
        },
      )
    },
  )
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/**
 * Presence ids are bound to the connection that announced them first: another connection cannot change
 * or remove them, one connection announces only a few, and what each says about who it is, is stamped
 * with who the server knows it to be.
 */
function presenceFilter(peer: Peer, room: () => Room | null, maxIds: number, boardId: string): () => PresenceFilter {
  const who: PresenceIdentity | null = peer.identity && { ...peer.identity, facilitator: peer.role === 'facilitator' }
  let warned = false
  // One filter per message: ids new in this message count towards the limit before they are applied.
  return () => {
    const fresh = new Set<number>()
    return (clientID, state) => {
      const current = room()
      if (!current) return null
      const owner = current.presenceOwner(clientID)
      if (owner && owner !== peer) return null
      if (!owner && !fresh.has(clientID)) {
        if (current.presenceCount(peer) + fresh.size >= maxIds) {
          if (!warned) log.warn('ws.presence-limit', { board: boardId, max: maxIds })
          warned = true
          return null
        }
        fresh.add(clientID)
      }
      return who ? stampPresence(state, who) : state
    }
  }
}

/** An update that would take the board past MAX_BOARD_BYTES. */
class BoardFull extends Error {}

/** Decodes and applies one y-websocket message. Throws on anything malformed, before it touches the doc. */
function handleMessage(room: Room, peer: Peer, data: Uint8Array, presence: () => PresenceFilter, maxBoardBytes: number, onRefused: () => void): void {
  const decoder = decoding.createDecoder(data)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const syncType = decoding.readVarUint(decoder)
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        const stateVector = decoding.readVarUint8Array(decoder)
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MessageType.sync)
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
        encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(room.doc, stateVector))
        peer.send(encoding.toUint8Array(encoder))
      } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder)
        // Parse the whole update first: a truncated or garbled one must fail before any of it is applied
        // (and closes the connection whoever sent it).
        const decoded = Y.decodeUpdate(update)
        if (!room.canWrite(peer.role)) return onRefused()
        // Deleting is always let in: it is how the facilitator makes room on a full board.
        if (maxBoardBytes > 0 && decoded.structs.length > 0 && !room.hasRoomFor(update.byteLength, maxBoardBytes)) {
          throw new BoardFull(`${room.bytes} + ${update.byteLength} bytes > ${maxBoardBytes}`)
        }
        room.applyPeerUpdate(peer, update, decoded)
        room.watchPending()
      } else {
        throw new Error(`unknown sync message ${syncType}`)
      }
      return
    }
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder)
      // A viewer is not shown to others. It still gets an answer: y-websocket reconnects when it hears
      // nothing for 30 seconds, and a viewer alone on a board would otherwise hear nothing.
      if (peer.role === 'viewer') return peer.send(room.awarenessMessage())
      const fresh = dropStaleAwareness(room.awareness, update, presence())
      if (fresh) awarenessProtocol.applyAwarenessUpdate(room.awareness, fresh, peer)
      return
    }
    case MessageType.queryAwareness:
      return peer.send(room.awarenessMessage())
    default:
      throw new Error(`unknown message type ${type}`)
  }
}
