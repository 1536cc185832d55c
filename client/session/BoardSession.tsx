/**
 * One session per open board, handed out through React context (as tldraw hands out the editor with
 * `useEditor()`): the board's doc and tldraw store, and the facilitator's actions on it. Components ask
 * for it instead of being passed the doc.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { TLStore } from 'tldraw'
import type * as Y from 'yjs'
import { boardActions, type BoardActions } from './actions.ts'

export interface BoardSession {
  doc: Y.Doc
  store: TLStore
  actions: BoardActions
}

const SessionContext = createContext<BoardSession | null>(null)

export function BoardSessionProvider({ doc, store, children }: { doc: Y.Doc; store: TLStore; children: ReactNode }) {
  const session = useMemo(() => ({ doc, store, actions: boardActions(doc) }), [doc, store])
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}

/** The open board's session; only inside a board that has loaded. */
export function useBoardSession(): BoardSession {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useBoardSession outside a loaded board')
  return session
}
