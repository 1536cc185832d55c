/** React glue: connects a board, binds a tldraw store to it once it can be shown, and cleans up. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { atom, createTLStore, defaultBindingUtils, type Signal, type TLStore, type TLUser } from 'tldraw'
import { boardShapeUtils } from '../board/shapes.ts'
import { useConnection } from '../state/connection.ts'
import { connectBoard, websocketBase } from './connection.ts'
import { boardMapOf, readStoredSchema } from './docLayout.ts'
import { bindPresence } from './presence.ts'
import { bindStoreToDoc, type RecordBinding } from './recordBinding.ts'
import { BoardSchemaError, writtenByNewerVersion } from './schema.ts'

export interface BoardSyncOptions {
  /** Board id, or view id when `readonly`. */
  room: string
  facilitatorKey?: string
  participantToken?: string
  readonly: boolean
  /** Who this person is, for their cursor; null for a viewer. */
  user: Signal<TLUser | null>
}

export type BoardSyncState = { phase: 'loading' } | { phase: 'ready'; store: TLStore; doc: Y.Doc } | { phase: 'error'; error: unknown }

export function useBoardSync({ room, facilitatorKey, participantToken, readonly, user }: BoardSyncOptions): BoardSyncState {
  const [state, setState] = useState<BoardSyncState>({ phase: 'loading' })

  useEffect(() => {
    setState({ phase: 'loading' })
    let disposed = false
    const setStatus = useConnection.getState().setStatus
    setStatus('connecting')
    const store = createTLStore({
      shapeUtils: boardShapeUtils,
      bindingUtils: defaultBindingUtils,
      // No tldraw user records in the doc: authorship lives in each shape's meta (see AuthorMeta).
      users: { currentUser: atom<TLUser | null>('no attribution user', null) },
      collaboration: readonly ? { mode: atom<'readonly' | 'readwrite'>('mode', 'readonly'), status: null } : undefined,
    })
    const connection = connectBoard({
      room,
      facilitatorKey,
      participantToken,
      websocketBase: websocketBase(),
      onStatus: setStatus,
    })
    let binding: RecordBinding | null = null
    let stopPresence: (() => void) | null = null
    let stopWatchingSchema: (() => void) | null = null

    void connection.ready.then(() => {
      if (disposed) return
      try {
        binding = bindStoreToDoc(store, connection.doc, { readonly })
      } catch (error) {
        setState({ phase: 'error', error })
        return
      }
      stopPresence = bindPresence(store, connection.provider.awareness, user, { publish: !readonly })
      // Someone opened the board with a newer version: this page can no longer read everything.
      const boardMap = boardMapOf(connection.doc)
      const checkSchema = () => {
        const stored = readStoredSchema(connection.doc)
        if (!disposed && stored && writtenByNewerVersion(store, stored)) {
          setState({ phase: 'error', error: new BoardSchemaError('the board was written by a newer version', true) })
        }
      }
      boardMap.observe(checkSchema)
      stopWatchingSchema = () => boardMap.unobserve(checkSchema)
      setState({ phase: 'ready', store, doc: connection.doc })
    })

    return () => {
      disposed = true
      stopWatchingSchema?.()
      stopPresence?.()
      binding?.dispose()
      connection.destroy()
    }
  }, [room, facilitatorKey, participantToken, readonly, user])

  return state
}
