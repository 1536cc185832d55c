/** Groups per sub-theme on a bare Y.Doc (no canvas, so the list view can use it): reading the split and who joined, moving a partner. */
import type * as Y from 'yjs'
import { isGroupsState, movePartner, type GroupsState, type Partner } from '../../../shared/board/groups.ts'
import { isProgramme, MAX_FRAMES_PER_PART, type Programme } from '../../../shared/board/programme.ts'
import { BoardMapKeys, DocKeys, type PersonEntry } from '../../../shared/protocol.ts'
import { writeBoardSetting } from '../boardMap.ts'

/** The groups as stored, or null when there are none (or they are not of the shape the rules accept). */
export function readGroups(doc: Y.Doc): GroupsState | null {
  const value = doc.getMap(DocKeys.board).get(BoardMapKeys.groups)
  return isGroupsState(value) ? value : null
}

/** Everyone who joined the board (the server's `people`), but `exceptAuthorId` (the facilitator at this screen), in order of arrival. */
export function partnersOf(doc: Y.Doc, exceptAuthorId: string | undefined): Partner[] {
  return [...doc.getMap<PersonEntry>(DocKeys.people).entries()]
    .filter(([authorId, p]) => authorId !== exceptAuthorId && !!p && typeof p.name === 'string')
    .sort(([, a], [, b]) => String(a.joinedAt).localeCompare(String(b.joinedAt)))
    .map(([authorId, p]) => ({ authorId, name: p.name, organisation: p.organisation ?? '' }))
}

/** The programme with these frames added to the part that is running (up to what a part may hold); null when no part runs. */
export function withFramesInCurrentPart(programme: unknown, frameIds: readonly string[]): Programme | null {
  if (!isProgramme(programme) || programme.currentId === null) return null
  return {
    ...programme,
    parts: programme.parts.map((part) =>
      part.id === programme.currentId ? { ...part, frameIds: [...part.frameIds, ...frameIds.filter((id) => !part.frameIds.includes(id))].slice(0, MAX_FRAMES_PER_PART) } : part,
    ),
  }
}

/** Moves a partner to another group (null: in none), while the groups work or after. */
export function moveToGroup(doc: Y.Doc, authorId: string, groupId: string | null): boolean {
  const current = readGroups(doc)
  return !!current && writeBoardSetting(doc, BoardMapKeys.groups, movePartner(current, authorId, groupId))
}
