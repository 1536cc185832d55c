/**
 * Private writing, then reveal ("breng de waterlijn naar beneden"): during a private round a partner's
 * new notes stay on their own laptop (kept in this browser, never in the shared document, so nobody can
 * read them early). When the facilitator reveals, every laptop publishes its private notes at once; a
 * laptop that was offline does so as soon as it learns of the reveal.
 */
import { useEffect, useRef } from 'react'
import { useValue, type Editor, type TLRecord, type TLShape, type TLShapePartial } from 'tldraw'
import { isPrivateRecord, PRIVATE_META_KEY, type PrivateRound } from '../../shared/protocol.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { respot } from '../../shared/board/placeNote.ts'
import { loadKept, saveKept } from './privateStore.ts'
import { usePrivateRound } from './privateRound.ts'
import { useBoardSession } from '../session/BoardSession.tsx'
import { waitingPrivateNotes } from '../sync/presence.ts'
import { useNotice } from '../ui/notice.ts'

export { usePrivateRound }

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

/**
 * Published notes that arrive this long after the facilitator's page saw the round close come from a
 * laptop that was not connected at the reveal: a connected laptop publishes within a second.
 */
export const LATE_AFTER_MS = 5000

/** A note a laptop kept privately and has now published (its private mark cleared, not absent). */
function isPublishedPrivateNote(record: TLRecord): boolean {
  return record.typeName === 'shape' && record.type === 'note' && PRIVATE_META_KEY in record.meta && record.meta[PRIVATE_META_KEY] === null
}

/**
 * Whether published notes arriving now are late: after the round this page saw close (or while a new
 * round is open, when they belong to an earlier one). `closedAt` is when this page saw the round close,
 * 0 when it was closed already when the page opened.
 */
export function isLateReveal(round: PrivateRound | null, closedAt: number | null, now: number): boolean {
  if (round?.open) return true
  return closedAt !== null && now - closedAt > LATE_AFTER_MS
}

/** The facilitator's side: says so when a laptop that was offline publishes its notes after the reveal. */
function useLateRevealNotice(round: PrivateRound | null): void {
  const t = useT()
  const { store } = useBoardSession()
  const closedAt = useRef<number | null>(null)
  const seenOpen = useRef(false)
  const roundRef = useRef(round)
  roundRef.current = round
  useEffect(() => {
    if (round?.open) {
      seenOpen.current = true
      closedAt.current = null
      return
    }
    // Revealed while this page watched: late from a few seconds on. Closed before it opened: every
    // published note that still arrives comes from a laptop that was away.
    closedAt.current = seenOpen.current ? Date.now() : 0
    seenOpen.current = false
  }, [round?.id, round?.open])
  useEffect(() => {
    // One laptop's notes arrive in one or a few updates: counted together, said once.
    let pending = 0
    let timer: ReturnType<typeof setTimeout> | null = null
    const stop = store.listen(
      ({ changes }) => {
        const arrived = Object.values(changes.added).filter(isPublishedPrivateNote).length
        if (arrived === 0 || !isLateReveal(roundRef.current, closedAt.current, Date.now())) return
        pending += arrived
        timer ??= setTimeout(() => {
          useNotice.getState().show(t('private.lateReveal', { count: pending }))
          pending = 0
          timer = null
        }, 300)
      },
      { source: 'remote', scope: 'document' },
    )
    return () => {
      stop()
      if (timer) clearTimeout(timer)
    }
  }, [store, t])
}

/** The facilitator's button: start a private round, or reveal it. */
export function PrivateRoundControls({ round }: { round: PrivateRound | null }) {
  const t = useT()
  const { actions } = useBoardSession()
  useLateRevealNotice(round)
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
      {facilitator && <WaitingNotes />}
    </p>
  )
}

/** How many private notes wait on the partners' laptops, as their presences say (a count, never the text). */
function WaitingNotes() {
  const t = useT()
  const { store } = useBoardSession()
  const waiting = useValue('waiting private notes', () => waitingPrivateNotes(store.query.records('instance_presence').get()), [store])
  return <span className="board-banner__count">{t('private.waiting', { count: waiting })}</span>
}
