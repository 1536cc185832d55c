/** Names the facilitator gave people (author id → name), shown instead of what they typed. */
import { useEffect } from 'react'
import type * as Y from 'yjs'
import { create } from 'zustand'
import { displayNamesFrom } from '../../shared/board/notes.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'

export const useDisplayNames = create<{ names: Readonly<Record<string, string>> }>(() => ({ names: {} }))

export function displayName(authorId: string | undefined, typed: string): string {
  return (authorId && useDisplayNames.getState().names[authorId]) || typed
}

export function useDisplayNamesSync(doc: Y.Doc | null): void {
  useEffect(() => {
    if (!doc) return
    const map = doc.getMap(DocKeys.board)
    const read = () => {
      useDisplayNames.setState({ names: displayNamesFrom(map.get(BoardMapKeys.displayNames)) })
    }
    read()
    map.observe(read)
    return () => {
      map.unobserve(read)
      useDisplayNames.setState({ names: {} })
    }
  }, [doc])
}
