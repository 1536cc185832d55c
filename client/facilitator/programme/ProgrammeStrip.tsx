/**
 * Where the session is, for everyone: a strip under the top bar (canvas and list view) and a line on the
 * projector card. The facilitator also steers from it ("Beginnen", "Volgende onderdeel") and opens the
 * programme's set-up; partners see nothing until the programme has started.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { partTitle } from '../../../shared/board/programme.ts'
import { useLanguage, useT } from '../../i18n/language.ts'
import { serverNow } from '../serverClock.ts'
import { startNextPart, type Bounds, type PartStarted } from './actions.ts'
import { programmeStatus, type ProgrammeStatus } from './status.ts'
import { useProgramme } from './useProgramme.ts'

/** How long partners see "Het programma is afgerond" after the last part ended. */
const DONE_SHOWN_MS = 60_000

/** True for a minute after `endedAt` (server time), then false. */
function useRecentlyEnded(endedAt: number | null): boolean {
  const [, rerender] = useState(0)
  const left = endedAt === null ? 0 : endedAt + DONE_SHOWN_MS - serverNow()
  useEffect(() => {
    if (left <= 0) return
    const id = setTimeout(() => rerender((n) => n + 1), left + 50)
    return () => clearTimeout(id)
  }, [endedAt, left > 0])
  return left > 0
}

interface SteerProps {
  doc: Y.Doc
  /** The page bounds of the template frames on the board, read when a part starts. */
  frameBounds(): Record<string, Bounds>
  /** The facilitator's own screen follows too (the jump moves the partners' screens). */
  onStarted?(started: PartStarted): void
}

/** "Beginnen" / "Volgende onderdeel" / "Programma afronden", as the programme stands. */
export function NextPartButton({ doc, frameBounds, onStarted, status, primary = true }: SteerProps & { status: ProgrammeStatus; primary?: boolean }) {
  const t = useT()
  if (status.kind !== 'notStarted' && status.kind !== 'running') return null
  const label = status.kind === 'notStarted' ? t('programme.begin') : status.last ? t('programme.finish') : t('programme.next')
  const press = () => {
    const started = startNextPart(doc, serverNow(), frameBounds())
    if (started) onStarted?.(started)
  }
  return (
    <button type="button" className={`button${primary && !(status.kind === 'running' && status.last) ? ' button--primary' : ''}`} onClick={press}>
      {label}
    </button>
  )
}

/** `children`: the facilitator's other tools for the shape of the meeting (groups, the concluding part), after "Programma". */
export function ProgrammeStrip({
  doc,
  facilitator,
  frameBounds,
  onStarted,
  onOpenPanel,
  panelOpen,
  children,
}: SteerProps & { facilitator: boolean; onOpenPanel?(): void; panelOpen?: boolean; children?: ReactNode }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const programme = useProgramme(doc)
  const status = programmeStatus(programme)
  const recentlyDone = useRecentlyEnded(status.kind === 'done' ? status.endedAt : null)
  if (!facilitator && (status.kind === 'none' || status.kind === 'notStarted' || (status.kind === 'done' && !recentlyDone))) return null

  let text: string
  let where: string | null = null
  if (status.kind === 'running') {
    text = `${partTitle(status.part, language)} · ${t('programme.minutes', { count: status.part.minutes })}`
    where = t('programme.partOf', { index: status.index + 1, count: status.count })
  } else if (status.kind === 'done') text = t('programme.done')
  else if (status.kind === 'notStarted') text = t('programme.notStarted')
  else text = t('programme.none')

  return (
    <section className={`programme-strip programme-strip--${status.kind}`} aria-label={t('programme.strip')}>
      <p className="programme-strip__now" aria-live="polite">
        <span className="programme-strip__title">{text}</span>
        {where && <span className="programme-strip__where">{where}</span>}
      </p>
      {facilitator && (
        <div className="programme-strip__actions">
          <NextPartButton doc={doc} frameBounds={frameBounds} onStarted={onStarted} status={status} />
          {onOpenPanel && (
            <button type="button" className="button" aria-expanded={!!panelOpen} onClick={onOpenPanel}>
              {t('programme.open')}
            </button>
          )}
          {children}
        </div>
      )}
    </section>
  )
}

/** On the projector card: the part the room is in, large, and the facilitator's next step. */
export function ProgrammeOnProjector(props: SteerProps) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const status = programmeStatus(useProgramme(props.doc))
  if (status.kind === 'none') return null
  return (
    <section className="projector-card__programme" aria-label={t('programme.strip')}>
      {status.kind === 'running' ? (
        <>
          <p className="projector-card__part-of">{t('programme.partOf', { index: status.index + 1, count: status.count })}</p>
          <p className="projector-card__part" aria-live="polite">
            {partTitle(status.part, language)}
          </p>
        </>
      ) : (
        <p className="projector-card__part-of" aria-live="polite">
          {status.kind === 'done' ? t('programme.done') : t('programme.notStarted')}
        </p>
      )}
      <NextPartButton {...props} status={status} primary={false} />
    </section>
  )
}
