/** Stock y-websocket clients in Node, as outside tools and the benchmarks use them. */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { DocKeys } from '../../shared/protocol.ts'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: YKeyValue<unknown>
  /** Resolves on the first `sync` event. */
  synced: Promise<void>
  destroy(): void
}

export function connectClient(wsUrl: string, boardId: string, params: Record<string, string> = {}): TestClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl}/ws`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const synced = firstSync(provider)
  let records: YKeyValue<unknown> | null = null
  return {
    doc,
    provider,
    // Made on first use: a client that writes malformed entries on purpose must not read them with it.
    get records() {
      return (records ??= new YKeyValue(doc.getArray(DocKeys.records)))
    },
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Resolves on the provider's first `sync` event. */
export function firstSync(provider: WebsocketProvider): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Opens a raw websocket; resolves with the HTTP status when the upgrade is refused, or the open socket. */
export function rawSocket(url: string): Promise<{ status: number } | { socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 })
      socket.terminate()
    })
    socket.on('open', () => resolve({ socket }))
    socket.on('error', (e) => reject(e))
  })
}

export function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.on('close', (code) => resolve(code)))
}
