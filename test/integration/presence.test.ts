// Presence (cursors) with many people: the page sends only its own presence, never an echo of others'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { sendOnlyOwnPresence } from '../../client/sync/connection.ts'
import { MessageType } from '../../shared/protocol.ts'
import { createBoard, joinBoard, removeDataDir, startServer, waitFor, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.stop()
  removeDataDir(server.dataDir)
})

/** A y-websocket client whose outgoing awareness messages are counted. */
function countingClient(boardId: string, token: string) {
  const counter = { awarenessSent: 0 }
  class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array && data[0] === MessageType.awareness) counter.awarenessSent++
      // @ts-expect-error ws's overloads
      super.send(data, ...rest)
    }
  }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${server.wsUrl}/ws`, boardId, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { doc, provider, counter, synced }
}

describe('presence traffic', () => {
  it('the board page sends only its own presence; a stock client echoes everybody’s', async () => {
    const board = await createBoard(server)
    const token = async (name: string) => (await joinBoard(server, board.id, { name, organisation: 'Gemeente Utrecht' })).participant.token
    const mover = countingClient(board.id, await token('Mover'))
    const page = countingClient(board.id, await token('Pagina'))
    sendOnlyOwnPresence(page.provider)
    const stock = countingClient(board.id, await token('Stock'))
    await Promise.all([mover.synced, page.synced, stock.synced])
    page.provider.awareness.setLocalStateField('presence', { userName: 'Pagina' })
    const before = { page: page.counter.awarenessSent, stock: stock.counter.awarenessSent }

    for (let i = 1; i <= 20; i++) {
      mover.provider.awareness.setLocalStateField('cursor', { x: i, y: i })
      await waitFor(
        () =>
          page.provider.awareness.getStates().get(mover.doc.clientID)?.cursor?.x === i &&
          stock.provider.awareness.getStates().get(mover.doc.clientID)?.cursor?.x === i,
        5000,
        `cursor ${i} arrives`,
      )
    }
    // The page still tells others about itself…
    await waitFor(() => mover.provider.awareness.getStates().get(page.doc.clientID)?.presence?.userName === 'Pagina (Gemeente Utrecht)', 5000, 'page presence')
    // …but sent nothing for the twenty moves of someone else, where the stock client echoed them.
    expect(page.counter.awarenessSent - before.page).toBe(0)
    expect(stock.counter.awarenessSent - before.stock).toBeGreaterThanOrEqual(10)
    for (const c of [mover, page, stock]) c.provider.destroy()
  })
})
