/**
 * The facilitator's actions on groups per sub-theme that need the canvas: make the groups (one template
 * frame each, side by side, right of what is on the board) and bring everyone back to the plenary. The
 * board map is written through the same rule the server enforces (writeBoardSetting).
 */
import { Box, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import type { GroupsState } from '../../../shared/board/groups.ts'
import type { Language } from '../../../shared/i18n/index.ts'
import { BoardMapKeys, DocKeys } from '../../../shared/protocol.ts'
import type { TemplateKind } from '../../../shared/templates/types.ts'
import { placeTemplate } from '../../templates/render.ts'
import { writeBoardSetting } from '../boardMap.ts'
import { boardActions } from '../../session/actions.ts'
import { readGroups, withFramesInCurrentPart } from './groupsDoc.ts'
import { newShortId } from '../../../shared/ids.ts'

/** Room between the group frames, and between them and what was on the board already. */
const GAP = 200

/** What the facilitator chose for one group. */
export interface GroupPlan {
  name: string
  kind: TemplateKind
  /** The template's parameters (the Venn's partners); undefined: the template's defaults. */
  params?: unknown
  members: string[]
}

/**
 * Places one template frame per group, named after its sub-theme, side by side to the right of
 * everything on the board (so nothing is covered), in one undo step; returns the frame ids in order.
 */
export function placeGroupFrames(editor: Editor, plans: readonly GroupPlan[], language: Language): TLShapeId[] {
  const existing = editor.getCurrentPageBounds()
  const start = existing ? { x: existing.maxX + GAP, y: existing.minY } : editor.getViewportPageBounds().point
  editor.markHistoryStoppingPoint('make groups')
  const ids: TLShapeId[] = []
  editor.run(() => {
    let x = start.x
    for (const plan of plans) {
      const id = placeTemplate(editor, plan.kind, language, plan.params)
      editor.updateShape({ id, type: 'frame', x, y: start.y, props: { name: plan.name.trim() } })
      x += (editor.getShapePageBounds(id)?.w ?? 0) + GAP
      ids.push(id)
    }
  })
  editor.selectNone()
  const bounds = Box.Common(ids.map((id) => editor.getShapePageBounds(id)).filter((b): b is Box => !!b))
  editor.zoomToBounds(bounds, { animation: { duration: 300 }, inset: 60 })
  return ids
}

/**
 * "Groepen maken": the frames, then the split (active) with each group's frame, and the frames in the
 * programme part that is running. Returns the stored split, or null when the rules refused it.
 */
export function makeGroups(editor: Editor, doc: Y.Doc, plans: readonly GroupPlan[], language: Language): GroupsState | null {
  const frameIds = placeGroupFrames(editor, plans, language)
  const split: GroupsState = {
    id: newShortId(),
    active: true,
    groups: plans.map((plan, i) => ({ id: newShortId(), name: plan.name.trim(), members: [...plan.members], frameId: frameIds[i] })),
  }
  let stored = false
  doc.transact(() => {
    stored = writeBoardSetting(doc, BoardMapKeys.groups, split)
    const programme = stored ? withFramesInCurrentPart(doc.getMap(DocKeys.board).get(BoardMapKeys.programme), frameIds) : null
    if (programme) writeBoardSetting(doc, BoardMapKeys.programme, programme)
  })
  return stored ? split : null
}

/**
 * "Iedereen terug naar plenair": the groups stop (and stay, for the minutes), and everyone's view goes
 * to all the group frames together, as "Iedereen hierheen" does.
 */
export function backToPlenary(editor: Editor, doc: Y.Doc): boolean {
  const current = readGroups(doc)
  if (!current?.active) return false
  const frames = current.groups.map((g) => (g.frameId ? editor.getShapePageBounds(g.frameId as TLShapeId) : undefined)).filter((b): b is Box => !!b)
  const whole = frames.length > 0 ? Box.Common(frames) : editor.getCurrentPageBounds()
  let done = false
  doc.transact(() => {
    done = writeBoardSetting(doc, BoardMapKeys.groups, { ...current, active: false } satisfies GroupsState)
    if (done && whole) boardActions(doc).summon({ x: whole.x, y: whole.y, w: whole.w, h: whole.h })
  })
  if (done && whole) editor.zoomToBounds(whole, { animation: { duration: 400 }, inset: 60 })
  return done
}
