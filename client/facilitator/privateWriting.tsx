/**
 * Private writing, then reveal ("breng de waterlijn naar beneden"): during a private round a partner's
 * new notes stay on their own laptop (kept in this browser, never in the shared document, so nobody can
 * read them early). When the facilitator reveals, every laptop publishes its private notes at once; a
 * laptop that was offline does so as soon as it learns of the reveal.
 */
import { useEffect } from 'react'
import type { Editor, TLRecord, TLShape, TLShapePartial } from 'tldraw'
import type * as Y from 'yjs'
import { BoardMapKeys, isPrivateRecord, PRIVATE_META_KEY, type PrivateRound } from '../../shared/protocol.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { respot } from '../../shared/board/placeNote.ts'
import { loadKept, saveKept } from './privateStore.ts'
import { useBoardMapValue } from './boardMap.ts'
import { useBoardSession } from '../session/BoardSession.tsx'

function isPrivateRound(value: unknown): value is PrivateRound {
  return !!value && typeof value === 'object' && typeof (value as PrivateRound).id === 'string' && typeof (value as PrivateRound).open === 'boolean'
}

export function usePrivateRound(doc: Y.Doc | null): PrivateRound | null {
  return useBoardMapValue(doc, BoardMapKeys.privateRound, (value) => (isPrivateRound(value) ? value : null))
}

function privateShapes(editor: Editor): TLShape[] {
  return editor.getCurrentPageShapes().filter((s) => isPrivateRecord(s))
}

/**
 * A partner's side. Marks new notes private while a round is open, keeps them in this browser (they
 * survive a reload), and publishes them when their round is no longer open.
 */
export function usePrivateWriting(editor: Editor | null, round: PrivateRound | null, room: string, enabled: boolean): void {
  // Bring back what this browser kept, once per editor.
  useEffect(() => {
    if (!editor || !enabled) return
    const kept = loadKept<TLRecord>(room).filter((r) => !editor.store.has(r.id))
    if (kept.length) editor.store.mergeRemoteChanges(() => editor.store.put(kept))
    const save = () => saveKept(room, privateShapes(editor))
    const stop = editor.store.listen(save, { source: 'user', scope: 'document' })
    return () => stop()
  }, [editor, room, enabled])

  // New notes during an open round are private.
  useEffect(() => {
    if (!editor || !enabled || !round?.open) return
    return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
      if (source !== 'user' || shape.type !== 'note') return shape
      return { ...shape, meta: { ...shape.meta, [PRIVATE_META_KEY]: round.id } }
    })
  }, [editor, enabled, round?.id, round?.open])

  // Revealed (or the round is gone): publish, which writes them to the document like any new note.
  useEffect(() => {
    if (!editor || !enabled) return
    const due = privateShapes(editor).filter((s) => !round || !round.open || s.meta[PRIVATE_META_KEY] !== round.id)
    if (due.length === 0) return
    // Everybody wrote without seeing the others: a note that would land on one already revealed moves
    // to the nearest free spot in its zone.
    const placed: unknown[] = editor.store.allRecords().filter((r) => !isPrivateRecord(r))
    const language = useLanguage.getState().language
    const updates = due.map((s) => {
      const spot = respot(placed, { id: s.id, parentId: s.parentId, x: s.x, y: s.y, scale: (s.props as { scale?: number }).scale ?? 1 }, language)
      const moved = spot && !spot.full ? { x: spot.x, y: spot.y, props: { scale: spot.scale } } : {}
      placed.push({ ...s, ...moved, props: { ...s.props, ...moved.props } })
      // tldraw merges meta on update, so the mark is cleared rather than removed.
      return { id: s.id, type: s.type, ...moved, meta: { ...s.meta, [PRIVATE_META_KEY]: null } } as TLShapePartial
    })
    editor.run(() => editor.updateShapes(updates), { history: 'ignore' })
  }, [editor, enabled, round?.id, round?.open])
}

/** The facilitator's button: start a private round, or reveal it. */
export function PrivateRoundControls({ round }: { round: PrivateRound | null }) {
  const t = useT()
  const { actions } = useBoardSession()
  return round?.open ? (
    <button type="button" className="button button--primary" onClick={() => actions.reveal()}>
      {t('private.reveal')}
    </button>
  ) : (
    <button type="button" className="button" onClick={() => actions.startPrivateRound()}>
      {t('private.start')}
    </button>
  )
}

export function PrivateRoundBanner({ round, facilitator }: { round: PrivateRound | null; facilitator: boolean }) {
  const t = useT()
  if (!round?.open) return null
  return (
    <p className="board-banner" role="status">
      {facilitator ? t('private.runningFacilitator') : t('private.running')}
    </p>
  )
}
