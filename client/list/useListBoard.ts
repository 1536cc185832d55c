/**
 * The board for the list view: the same Y.Doc, offline copy and websocket as the canvas, without tldraw.
 * The records are read as plain objects; this person's presence says who is here (no cursor).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { ORGANISATION_COLOUR_HEX } from '../../shared/protocol.ts'
import type { Person } from '../board/person.ts'
import { useConnection } from '../state/connection.ts'
import { connectBoard, websocketBase, type BoardConnection } from '../sync/connection.ts'
import { recordsOf } from '../sync/docLayout.ts'
import { PRESENCE_FIELD } from '../sync/presenceField.ts'

export type ListBoardState = { phase: 'loading' } | { phase: 'ready'; doc: Y.Doc; connection: BoardConnection }

export function useListBoard(room: string, facilitatorKey: string | undefined, token: string | undefined, person: Person | undefined): ListBoardState {
  const [state, setState] = useState<ListBoardState>({ phase: 'loading' })
  useEffect(() => {
    setState({ phase: 'loading' })
    let disposed = false
    const setStatus = useConnection.getState().setStatus
    setStatus('connecting')
    const connection = connectBoard({ room, facilitatorKey, participantToken: token, websocketBase: websocketBase(), onStatus: setStatus })
    if (person) publishPresence(connection, person, !!facilitatorKey)
    void connection.ready.then(() => !disposed && setState({ phase: 'ready', doc: connection.doc, connection }))
    return () => {
      disposed = true
      connection.destroy()
    }
  }, [room, facilitatorKey, token, person?.authorId, person?.author, person?.organisation, person?.colour])
  return state
}

/**
 * A presence record as tldraw reads it, so the canvas pages list this person among those present; with
 * no cursor and no camera, nothing of it is drawn on their canvas. The server stamps the name and id.
 */
function publishPresence(connection: BoardConnection, person: Person, facilitator: boolean): void {
  const awareness = connection.provider.awareness
  awareness.setLocalStateField(PRESENCE_FIELD, {
    typeName: 'instance_presence',
    id: `instance_presence:${awareness.clientID}`,
    userId: `user:${person.authorId}`,
    userName: `${person.author} (${person.organisation})`,
    lastActivityTimestamp: Date.now(),
    followingUserId: null,
    cursor: null,
    color: ORGANISATION_COLOUR_HEX[person.colour],
    camera: null,
    screenBounds: null,
    selectedShapeIds: [],
    currentPageId: 'page:page',
    brush: null,
    scribbles: [],
    chatMessage: '',
    meta: { authorId: person.authorId, author: person.author, organisation: person.organisation, facilitator, listView: true },
  })
}

/** The board's records as plain objects, re-read whenever one changes. */
export function useRecords(doc: Y.Doc): unknown[] {
  const source = useMemo(() => {
    let version = 0
    let readAt = -1
    let values: unknown[] = []
    return {
      subscribe(onChange: () => void) {
        const records = recordsOf(doc)
        const changed = () => {
          version += 1
          onChange()
        }
        records.on('change', changed)
        return () => records.off('change', changed)
      },
      snapshot() {
        if (readAt !== version) {
          values = [...recordsOf(doc).map.values()].map((entry) => entry.val)
          readAt = version
        }
        return values
      },
    }
  }, [doc])
  return useSyncExternalStore(source.subscribe, source.snapshot)
}

/** Other people's presence records (plain), re-read on every change. */
export function usePresences(connection: BoardConnection): Record<string, unknown>[] {
  const awareness = connection.provider.awareness
  const [list, setList] = useState<Record<string, unknown>[]>([])
  useEffect(() => {
    const read = () =>
      setList(
        [...awareness.getStates().entries()]
          .filter(([id]) => id !== awareness.clientID)
          .map(([, state]) => state?.[PRESENCE_FIELD])
          .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object'),
      )
    read()
    awareness.on('change', read)
    return () => awareness.off('change', read)
  }, [awareness])
  return list
}
