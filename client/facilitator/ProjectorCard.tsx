/**
 * Projector mode: the board large, the editing chrome gone, and in a corner a card with the join QR code
 * and short link (it can be folded away), the timer and its buttons, how many people are on the board, and
 * "enlarge notes": one zone of a template at a time, large enough to read from the back of the room.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { formatJoinCode } from '../../shared/joinCode.ts'
import { Paths } from '../../shared/protocol.ts'
import { useJoinCode } from '../board/SharePanel.tsx'
import { remainingMs, type TimerState } from '../../shared/timer.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { QrCode } from '../ui/QrCode.tsx'
import { useBoardSession } from '../session/BoardSession.tsx'
import { templateFrame, templateFrames } from '../templates/render.ts'
import { shownFrameName } from '../../shared/templates/names.ts'
import { cameraUntouched, selectedTemplate, showOnProjector, templateToEnlarge, zonesOnPage, type ProjectorView } from './projector.ts'
import type { Camera } from './projectorFit.ts'
import { serverNow } from './serverClock.ts'
import { TimerDisplay } from './Timer.tsx'
import { ProjectorProgramme } from './programme/ProgrammeOnCanvas.tsx'
import { ProjectorConcluding, useHasConcluding } from './concluding/ProjectorConcluding.tsx'

/** What the card's start button sets: a usual length for a round of writing. */
const PROJECTOR_TIMER_MINUTES = 5

/** The join link as people type it from a screen: no protocol, nothing else. */
export function shortLink(boardId: string, location: Location = window.location): string {
  return `${location.host}${Paths.join(boardId)}`
}

/** Keys meant for the page, not for a note being written or a field. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'))
}

export function ProjectorCard({
  editor,
  boardId,
  facilitatorKey,
  timer,
  ownOrganisation,
  onExit,
}: {
  editor: Editor
  boardId: string
  facilitatorKey: string
  timer: TimerState | null
  /** The facilitator's own organisation: not one of those asked where they stand. */
  ownOrganisation?: string
  onExit(): void
}) {
  const t = useT()
  const { doc } = useBoardSession()
  const hasConcluding = useHasConcluding(doc)
  const [concluding, setConcluding] = useState(false)
  const language = useLanguage((s) => s.language)
  const { code } = useJoinCode(boardId, facilitatorKey)
  const [folded, setFolded] = useState(false)
  const online = useValue('online', () => editor.getCollaborators().length + 1, [editor])
  const hasTemplates = useValue('has templates', () => templateFrames(editor).length > 0, [editor])
  // On entry: the template the facilitator has selected, else the whole board.
  const [view, setView] = useState<ProjectorView>(() => {
    const frameId = selectedTemplate(editor)
    return frameId ? { kind: 'template', frameId } : { kind: 'board' }
  })
  const card = useRef<HTMLElement>(null)
  const currentView = useRef(view)
  currentView.current = view

  const fitted = useRef<Camera | null>(null)
  useLayoutEffect(() => {
    fitted.current = showOnProjector(editor, view, card.current, language)
  }, [editor, view, language])
  // The card changes size (the join code arrives, the QR code is folded away) and the window may too: fit
  // again, unless the facilitator has moved the board by hand since.
  useEffect(() => {
    if (!card.current) return
    const observer = new ResizeObserver(() => {
      if (cameraUntouched(editor, fitted.current)) fitted.current = showOnProjector(editor, currentView.current, card.current, useLanguage.getState().language)
    })
    observer.observe(card.current)
    observer.observe(editor.getContainer())
    return () => observer.disconnect()
  }, [editor])

  const zones = useValue('projector zones', () => (view.kind === 'zone' ? zonesOnPage(editor, view.frameId, language).map((z) => z.label) : []), [editor, view, language])
  const frameName = useValue(
    'projector template',
    () => {
      const found = view.kind === 'zone' ? templateFrame(editor, view.frameId) : null
      return found ? shownFrameName(found.frame.props.name, found.meta.kind, language) : ''
    },
    [editor, view, language],
  )
  const zoneIndex = view.kind === 'zone' ? Math.min(view.index, Math.max(0, zones.length - 1)) : 0
  const step = (by: number) =>
    setView((v) => (v.kind === 'zone' ? { ...v, index: Math.max(0, Math.min(zones.length - 1, v.index + by)) } : v))
  const enlarge = () => {
    const frameId = view.kind === 'template' ? view.frameId : templateToEnlarge(editor)
    if (frameId) setView({ kind: 'zone', frameId, index: 0 })
  }
  // The template went away (deleted elsewhere) while its zones were shown: back to the board.
  useEffect(() => {
    if (view.kind === 'zone' && zones.length === 0) setView({ kind: 'board' })
  }, [view, zones.length])

  // The arrow keys step through the zones, Escape goes back to the whole board (a second one leaves
  // projector mode); caught before tldraw would move the selected template with them.
  useEffect(() => {
    if (view.kind !== 'zone') return
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return
      const action = { ArrowRight: () => step(1), ArrowLeft: () => step(-1), Escape: () => setView({ kind: 'board' }) }[e.key]
      if (!action) return
      e.preventDefault()
      e.stopPropagation()
      action()
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [view.kind, zones.length])

  // The keyboard stays with the card's buttons when they change under it.
  const nextButton = useRef<HTMLButtonElement>(null)
  const enlargeButton = useRef<HTMLButtonElement>(null)
  const wasZone = useRef(false)
  useEffect(() => {
    if (view.kind === 'zone' && !wasZone.current) nextButton.current?.focus()
    if (view.kind !== 'zone' && wasZone.current) enlargeButton.current?.focus()
    wasZone.current = view.kind === 'zone'
  }, [view.kind])

  return (
    <>
    {concluding && <ProjectorConcluding doc={doc} ownOrganisation={ownOrganisation} onClose={() => setConcluding(false)} />}
    <aside ref={card} className="projector-card" aria-label={t('projector.card')}>
      <div className="projector-card__row">
        <TimerDisplay timer={timer} withSound />
        <span className="projector-card__online">{t('projector.online', { count: online })}</span>
      </div>
      <ProjectorTimerButtons timer={timer} />
      <ProjectorProgramme editor={editor} showFrame={(frameId) => setView({ kind: 'template', frameId })} />
      {hasConcluding && (
        <button type="button" className="button" aria-expanded={concluding} onClick={() => setConcluding((c) => !c)}>
          {t(concluding ? 'concluding.projectorHide' : 'concluding.projectorShow')}
        </button>
      )}
      {view.kind === 'zone' ? (
        <section className="projector-card__zone" aria-label={t('projector.zones')}>
          <p className="projector-card__zone-of">{t('projector.zoneOf', { template: frameName, index: zoneIndex + 1, count: zones.length })}</p>
          <p className="projector-card__zone-name" aria-live="polite">
            {zones[zoneIndex]}
          </p>
          <div className="projector-card__row">
            <button type="button" className="button" onClick={() => step(-1)} disabled={zoneIndex === 0}>
              {t('projector.previous')}
            </button>
            <button ref={nextButton} type="button" className="button button--primary" onClick={() => step(1)} disabled={zoneIndex >= zones.length - 1}>
              {t('projector.next')}
            </button>
          </div>
          <button type="button" className="button" onClick={() => setView({ kind: 'board' })}>
            {t('projector.wholeBoard')}
          </button>
        </section>
      ) : (
        <div className="projector-card__row">
          {hasTemplates && (
            <button ref={enlargeButton} type="button" className="button button--primary" onClick={enlarge}>
              {t('projector.enlarge')}
            </button>
          )}
          <button type="button" className="button" onClick={() => setView({ kind: 'board' })}>
            {t('projector.wholeBoard')}
          </button>
        </div>
      )}
      {!folded && (
        <>
          <QrCode text={window.location.origin + Paths.join(boardId)} label={t('qr.join')} size={220} />
          {/* The short code when there is one: people type it from the back of the room. */}
          {code ? (
            <p className="projector-card__code">
              {window.location.host}
              {Paths.joinCode('')}
              <strong>{formatJoinCode(code)}</strong>
            </p>
          ) : (
            <p className="projector-card__link">{shortLink(boardId)}</p>
          )}
        </>
      )}
      <div className="projector-card__row">
        <button type="button" className="button button--quiet" onClick={() => setFolded((f) => !f)}>
          {folded ? t('projector.showJoin') : t('projector.hideJoin')}
        </button>
        <button type="button" className="button" onClick={onExit}>
          {t('projector.exit')}
        </button>
      </div>
    </aside>
    </>
  )
}

/** Start, pause or resume, one more minute: the facilitator steers the timer without leaving the projector. */
function ProjectorTimerButtons({ timer }: { timer: TimerState | null }) {
  const t = useT()
  const { actions } = useBoardSession()
  // Ticks while it runs, so "pause" turns into "start" when the time is up.
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    setNow(serverNow())
    if (!timer || timer.endsAt === null) return
    const id = setInterval(() => setNow(serverNow()), 1000)
    return () => clearInterval(id)
  }, [timer])
  const left = timer ? remainingMs(timer, now) : 0
  const running = !!timer && timer.endsAt !== null && left > 0
  return (
    <div className="projector-card__row" role="group" aria-label={t('timer.controls')}>
      {left === 0 && (
        <button type="button" className="button button--primary" onClick={() => actions.startTimer(PROJECTOR_TIMER_MINUTES, serverNow())}>
          {t('timer.startNew', { count: PROJECTOR_TIMER_MINUTES })}
        </button>
      )}
      {running && (
        <button type="button" className="button" onClick={() => actions.pauseTimer(serverNow())}>
          {t('timer.pause')}
        </button>
      )}
      {timer && !running && left > 0 && (
        <button type="button" className="button button--primary" onClick={() => actions.resumeTimer(serverNow())}>
          {t('timer.resume')}
        </button>
      )}
      {timer && (
        <button type="button" className="button" onClick={() => actions.addMinute(serverNow())}>
          {t('timer.addMinute')}
        </button>
      )}
    </div>
  )
}
