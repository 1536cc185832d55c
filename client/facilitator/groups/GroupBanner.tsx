/**
 * A partner's own group while the groups work apart: "Jouw groep: Wonen en zorg" with a button that
 * goes there. On the canvas the view also goes to the group's frame once by itself, when the split
 * arrives or the facilitator moves this partner to another group (and when the page opens during the
 * group work); after that the partner looks around freely. A partner in no group sees nothing.
 */
import { useEffect, useRef } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { GroupBannerText } from './ListGroupBanner.tsx'
import { useGroups, useMyGroup } from './useGroups.ts'

function goToFrame(editor: Editor, frameId: string): boolean {
  const bounds = editor.getShapePageBounds(frameId as TLShapeId)
  if (!bounds) return false
  editor.zoomToBounds(bounds, { inset: 40, animation: { duration: 400 } })
  return true
}

/** The canvas: the banner, and the one jump to the group's frame per split and group. */
export function GroupBanner({ editor, doc, authorId }: { editor: Editor; doc: Y.Doc; authorId: string }) {
  const split = useGroups(doc)
  const group = useMyGroup(doc, authorId)
  const frameId = group?.frameId ?? null
  // The split can arrive a moment before its frames do.
  const framePlaced = useValue('group frame placed', () => !!frameId && !!editor.getShape(frameId as TLShapeId), [editor, frameId])
  const jumped = useRef<string | null>(null)
  useEffect(() => {
    if (!split || !group || !frameId || !framePlaced) return
    const key = `${split.id}|${group.id}`
    if (jumped.current === key) return
    // "Volg mij" goes first: the facilitator is showing something to everyone.
    if (editor.getInstanceState().followingUserId) return
    if (goToFrame(editor, frameId)) jumped.current = key
  }, [editor, split?.id, group?.id, frameId, framePlaced])

  if (!group) return null
  return <GroupBannerText group={group} onGo={frameId && framePlaced ? () => void goToFrame(editor, frameId) : null} />
}
