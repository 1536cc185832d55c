/** Wires config, store, rooms, HTTP and websocket into one server on one port. */
import { createServer, type Server } from 'node:http'
import type { Config } from './config.ts'
import { createHttpHandler } from './http.ts'
import { configureLog, log } from './log.ts'
import { Metrics } from './metrics.ts'
import { createDeletion, type Deletion } from './retention.ts'
import { SingleProcessOwnership, type BoardOwnership } from './ownership.ts'
import { Rooms } from './rooms.ts'
import { sqliteFile } from './store/index.ts'
import { SqliteStore } from './store/sqlite.ts'
import type { BoardStore } from './store/types.ts'
import { watchVoting } from './votes.ts'
import { createWebsocketHandler } from './ws.ts'

export interface App {
  server: Server
  store: BoardStore
  ownership: BoardOwnership
  rooms: Rooms
  deletion: Deletion
  listen(): Promise<number>
  close(): Promise<void>
}

/**
 * `store`: one opened with openStore(config) (server/store/index.ts); by default SQLite in DATA_DIR.
 * `ownership`: openOwnership(config) beside it: with PostgreSQL, several instances share the boards.
 */
export function createApp(config: Config, store: BoardStore = new SqliteStore(sqliteFile(config)), ownership: BoardOwnership = new SingleProcessOwnership()): App {
  configureLog({ format: config.logFormat, instance: config.instanceId })
  const metrics = new Metrics(config.instanceId)
  const rooms = new Rooms(store, {
    metrics,
    compactAfterUpdates: config.compactAfterUpdates,
    awarenessFlushMs: config.awarenessFlushMs,
    fanOutIntervalMs: config.fanOutIntervalMs,
    unloadDelayMs: config.roomUnloadDelayMs,
    pendingUpdateTimeoutMs: config.pendingUpdateTimeoutMs,
    maxPendingBytes: config.maxMessageBytes,
    versionIntervalMs: config.versionIntervalMs,
    ownership,
    // Retention counts from the last time anyone had the board open: when it came into memory, and when
    // the last person left it.
    onLoad: async (room) => {
      await store.touchBoard(room.board.id, new Date().toISOString())
      await watchVoting(room, store)
    },
    onUnload: (room) => store.touchBoard(room.board.id, new Date().toISOString()),
  })
  const deletion = createDeletion({ store, rooms, retentionMs: config.retentionMs })
  const http = createHttpHandler({ config, store, rooms, deletion, metrics })
  const ws = createWebsocketHandler({ ...config, store, rooms, metrics })
  metrics.watch({ boardsLoaded: () => rooms.size, connections: () => ws.wss.clients.size })
  const server = createServer(
    {
      // A laptop that opens a request and never finishes it (or someone doing that on purpose) must not
      // hold a connection, and a file descriptor, for minutes. Upgraded websockets are not affected.
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      // Node checks for overdue requests only this often (30 s by default), which would stretch every timeout.
      connectionsCheckingInterval: Math.min(1000, config.httpHeadersTimeoutMs),
    },
    (req, res) => void http(req, res),
  )
  server.on('upgrade', (req, socket, head) => void ws.onUpgrade(req, socket, head))
  // No 'clientError' listener on purpose: Node then answers a request it cannot read, or that did not
  // arrive in time, with a short 400, 431 or 408 (when no answer has started) and closes the connection.

  return {
    server,
    store,
    ownership,
    rooms,
    deletion,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(config.port, config.host, () => {
          const address = server.address()
          deletion.start()
          resolve(typeof address === 'object' && address ? address.port : config.port)
        })
      }),
    close: async () => {
      deletion.stop()
      ws.closeAll()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rooms.closeAll()
      await ownership.close()
      await store.close()
      log.info('server.stopped')
    },
  }
}
