/** The groups per sub-theme as a page reads them: the split, this person's own group, and who joined the board. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { groupOf, isGroupsState, type Group, type GroupsState, type Partner } from '../../../shared/board/groups.ts'
import { BoardMapKeys, DocKeys } from '../../../shared/protocol.ts'
import { useBoardMapValue } from '../boardMap.ts'
import { partnersOf } from './groupsDoc.ts'

const readGroups = (value: unknown): GroupsState | null => (isGroupsState(value) ? value : null)

/** The current or last split, as it changes; null when there is none. */
export function useGroups(doc: Y.Doc | null): GroupsState | null {
  return useBoardMapValue(doc, BoardMapKeys.groups, readGroups)
}

/** This person's group while the groups work apart, else null (and always null for `authorId` null). */
export function useMyGroup(doc: Y.Doc | null, authorId: string | null | undefined): Group | null {
  return groupOf(useGroups(doc), authorId)
}

/** Everyone who joined the board but `exceptAuthorId`, in order of arrival, as people keep joining. */
export function usePartners(doc: Y.Doc, exceptAuthorId: string | undefined): Partner[] {
  const [partners, setPartners] = useState(() => partnersOf(doc, exceptAuthorId))
  useEffect(() => {
    const people = doc.getMap(DocKeys.people)
    const read = () => setPartners(partnersOf(doc, exceptAuthorId))
    read()
    people.observe(read)
    return () => people.unobserve(read)
  }, [doc, exceptAuthorId])
  return partners
}
