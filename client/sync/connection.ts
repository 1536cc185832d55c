/**
 * One board's connections: the Y.Doc, its offline copy in IndexedDB, and the websocket to the server.
 * Reports a plain status; knows nothing of tldraw or React.
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import type { ConnectionStatus } from '../state/connection.ts'
import { recordsOf } from './docLayout.ts'
import { offlineCopyName } from '../local/deletedBoard.ts'
import { lookUpRoute, routeParams } from './route.ts'

export interface BoardConnectionOptions {
  /** Board id, or view id for a read-only connection. */
  room: string
  /** Facilitator key (sent as `?key=`), if any. */
  facilitatorKey?: string
  /** The person's token from joining (sent as `?token=`): without it the server lets the page only look. */
  participantToken?: string
  /** Base of the websocket URL, e.g. ws://host:port/ws. */
  websocketBase: string
  onStatus(status: ConnectionStatus): void
}

export interface BoardConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  persistence: IndexeddbPersistence
  /**
   * Resolves once the board can be shown: the server's first sync arrived ('server'), or the offline
   * copy already held this board's content ('local').
   */
  ready: Promise<'server' | 'local'>
  /** Resolves at the first complete sync with the server. */
  firstServerSync: Promise<void>
  destroy(): void
}

/** What a close the client does not retry (y-websocket stops on 44xx) means for the person. */
const TERMINAL_STATUS: Record<number, ConnectionStatus> = {
  [CloseCode.wrongKey]: 'refused',
  [CloseCode.removed]: 'removed',
  [CloseCode.refusedChanges]: 'blocked',
  [CloseCode.boardFull]: 'full',
  [CloseCode.tooManyConnections]: 'crowded',
  [CloseCode.deleted]: 'deleted',
}

export function websocketBase(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`
}

export function connectBoard(options: BoardConnectionOptions): BoardConnection {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(offlineCopyName(options.room), doc)
  const provider = new WebsocketProvider(options.websocketBase, options.room, doc, {
    params: {
      ...(options.facilitatorKey ? { key: options.facilitatorKey } : {}),
      ...(options.participantToken ? { token: options.participantToken } : {}),
      ...routeParams(options.room),
    },
  })

  sendOnlyOwnPresence(provider)

  let status: ConnectionStatus = 'connecting'
  let everFailed = false
  const report = (next: ConnectionStatus) => {
    if (status === 'closed' || next === status) return
    // "Refused" stands until the socket really gets in.
    if (status === 'refused' && next === 'offline') return
    status = next
    options.onStatus(next)
  }

  let resolveSync!: () => void
  const firstServerSync = new Promise<void>((resolve) => (resolveSync = resolve))

  provider.on('sync', (synced: boolean) => {
    if (!synced) return
    resolveSync()
    report('online')
  })
  provider.on('status', ({ status: s }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (s === 'disconnected') report('offline')
    // A new attempt after a failure keeps the calm "offline" message until the sync succeeds.
    else if (s === 'connecting' && !everFailed) report('connecting')
  })
  provider.on('connection-close', (event: CloseEvent | null) => {
    everFailed = true
    report('offline')
    // Reached an instance that does not serve this board: by view id, the page may not have known the
    // board's route key yet (it was offline when it opened). The next attempt carries it.
    if (event?.code === CloseCode.notOwner) void lookUpRoute(options.room).then((params) => Object.assign(provider.params, params))
  })
  // The server ended this link for good (y-websocket stops retrying on 44xx close codes).
  provider.on('closed', ({ code }: { code: number }) => {
    // A deleted board: the offline copy goes at once, before anything else can write to it.
    if (code === CloseCode.deleted) void persistence.clearData()
    report(TERMINAL_STATUS[code] ?? 'closed')
  })

  // The browser knows before the socket does; and it knows when to try again at once.
  const goOffline = () => {
    everFailed = true
    provider.disconnect()
    report('offline')
  }
  const goOnline = () => provider.connect()
  window.addEventListener('offline', goOffline)
  window.addEventListener('online', goOnline)
  if (!navigator.onLine) goOffline()

  const local = persistence.whenSynced.then(() => {
    if (recordsOf(doc).map.size > 0) return 'local' as const
    return new Promise<never>(() => {})
  })
  const ready = Promise.race([firstServerSync.then(() => 'server' as const), local])

  return {
    doc,
    provider,
    persistence,
    ready,
    firstServerSync,
    destroy() {
      window.removeEventListener('offline', goOffline)
      window.removeEventListener('online', goOnline)
      provider.destroy()
      void persistence.destroy()
      doc.destroy()
    },
  }
}

/**
 * Stock y-websocket sends every presence change it hears back to the server, other people's included,
 * so with a hundred people each laptop would echo every cursor batch it receives: traffic into the
 * server would grow with the square of the room. Only this person's own presence goes out.
 */
export function sendOnlyOwnPresence(provider: WebsocketProvider): void {
  const stock = provider._awarenessUpdateHandler
  provider.awareness.off('update', stock)
  provider._awarenessUpdateHandler = (changes, origin) => {
    if (origin !== provider) stock(changes, origin)
  }
  provider.awareness.on('update', provider._awarenessUpdateHandler)
}
