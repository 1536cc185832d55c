/**
 * The facilitator sets up the programme: parts with a title, minutes and the template frames they use;
 * added, removed, moved up and down, and started from here ("Start dit onderdeel").
 */
import { useEffect, useRef, useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { MAX_PARTS, MAX_PART_MINUTES, partTitle, partTookMs, plannedMinutes, type ProgrammePart } from '../../../shared/board/programme.ts'
import { shownFrameName } from '../../../shared/templates/names.ts'
import { useLanguage, useT } from '../../i18n/language.ts'
import { useBoardSession } from '../../session/BoardSession.tsx'
import { templateFrames } from '../../templates/render.ts'
import { SidePanel } from '../../ui/SidePanel.tsx'
import { serverNow } from '../serverClock.ts'
import { addPart, movePartBy, removePart, renamePart, setPartFrame, setPartMinutes, setUpDefaultProgramme, setUpEmptyProgramme, startPart, type PartStarted } from './actions.ts'
import { frameBoundsOnCanvas } from './canvasBounds.ts'
import { NextPartButton } from './ProgrammeStrip.tsx'
import { programmeStatus } from './status.ts'
import { useProgramme } from './useProgramme.ts'

export const PROGRAMME_PANEL = 'programme'

export function ProgrammePanel({ editor, onClose, onStarted }: { editor: Editor; onClose(): void; onStarted(started: PartStarted): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const { doc } = useBoardSession()
  const programme = useProgramme(doc)
  const frames = useValue(
    'programme frames',
    () => templateFrames(editor).map(({ frame, meta }) => ({ id: frame.id as string, name: shownFrameName(frame.props.name, meta.kind, language) })),
    [editor, language],
  )
  const frameBounds = () => frameBoundsOnCanvas(editor)
  // After a move the keyboard stays on the part's button, or its twin when the button went disabled at the top or bottom.
  const focusAfterMove = useRef<{ id: string; delta: -1 | 1 } | null>(null)
  const panel = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const wanted = focusAfterMove.current
    if (!wanted || !panel.current) return
    focusAfterMove.current = null
    const buttons = panel.current.querySelector(`[data-part="${wanted.id}"]`)
    const same = buttons?.querySelector<HTMLButtonElement>(`[data-move="${wanted.delta}"]`)
    const other = buttons?.querySelector<HTMLButtonElement>(`[data-move="${-wanted.delta}"]`)
    ;(same && !same.disabled ? same : other)?.focus()
  })
  const newPartTitle = useRef<string | null>(null)

  const status = programmeStatus(programme)
  return (
    <SidePanel title={t('programme.panel')} closeLabel={t('programme.close')} onClose={onClose} className="programme-panel">
      <div ref={panel}>
        {!programme ? (
          <>
            <p>{t('programme.noneText')}</p>
            <div className="programme-panel__row">
              <button type="button" className="button button--primary" onClick={() => setUpDefaultProgramme(doc)}>
                {t('programme.useDefault')}
              </button>
              <button type="button" className="button" onClick={() => setUpEmptyProgramme(doc)}>
                {t('programme.useEmpty')}
              </button>
            </div>
          </>
        ) : (
          <>
            <div className="programme-panel__row">
              <NextPartButton doc={doc} frameBounds={frameBounds} onStarted={onStarted} status={status} />
              <span className="programme-panel__planned">{t('programme.planned', { count: plannedMinutes(programme) })}</span>
            </div>
            {programme.parts.length === 0 && <p>{t('programme.empty')}</p>}
            <ol className="programme-panel__parts">
              {programme.parts.map((part, index) => (
                <PartEditor
                  key={part.id}
                  part={part}
                  index={index}
                  count={programme.parts.length}
                  current={part.id === programme.currentId}
                  frames={frames}
                  autoFocus={newPartTitle.current === part.id}
                  onMove={(delta) => {
                    focusAfterMove.current = { id: part.id, delta }
                    movePartBy(doc, part.id, delta)
                  }}
                  onStart={() => {
                    const started = startPart(doc, part.id, serverNow(), frameBounds())
                    if (started) onStarted(started)
                  }}
                />
              ))}
            </ol>
            {programme.parts.length < MAX_PARTS ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  newPartTitle.current = addPart(doc, '')
                }}
              >
                {t('programme.add')}
              </button>
            ) : (
              <p className="programme-panel__note">{t('programme.full', { count: MAX_PARTS })}</p>
            )}
          </>
        )}
      </div>
    </SidePanel>
  )
}

interface PartEditorProps {
  part: ProgrammePart
  index: number
  count: number
  current: boolean
  frames: { id: string; name: string }[]
  autoFocus: boolean
  onMove(delta: -1 | 1): void
  onStart(): void
}

function PartEditor({ part, index, count, current, frames, autoFocus, onMove, onStart }: PartEditorProps) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const { doc } = useBoardSession()
  const title = partTitle(part, language)
  const took = part.endedAt !== null ? partTookMs(part, serverNow()) : null
  const heading = t('programme.partHeading', { index: index + 1 })
  return (
    <li className={`programme-part${current ? ' programme-part--current' : ''}`} data-part={part.id} aria-label={`${heading}: ${title}`}>
      <div className="programme-part__head">
        <strong>{heading}</strong>
        {current && <span className="badge badge--facilitator">{t('programme.now')}</span>}
        {!current && took !== null && <span className="programme-part__took">{t('programme.took', { count: Math.round(took / 60_000) })}</span>}
      </div>
      <label className="programme-part__title">
        <span>{t('programme.title')}</span>
        {/* A preset part shows its title in the reader's language until the facilitator types their own. */}
        <input className="text-input" type="text" value={part.title ?? title} maxLength={120} autoFocus={autoFocus} onChange={(e) => renamePart(doc, part.id, e.target.value)} />
      </label>
      <MinutesField part={part} />
      <fieldset className="programme-part__frames">
        <legend>{t('programme.frames')}</legend>
        {frames.length === 0 ? (
          <p className="programme-panel__note">{t('programme.noFrames')}</p>
        ) : (
          frames.map((frame) => (
            <label key={frame.id} className="field field--inline">
              <input type="checkbox" checked={part.frameIds.includes(frame.id)} onChange={(e) => setPartFrame(doc, part.id, frame.id, e.target.checked)} />
              <span>{frame.name}</span>
            </label>
          ))
        )}
      </fieldset>
      <div className="programme-panel__row">
        {!current && (
          <button type="button" className="button" aria-label={t('programme.startThisLabel', { title })} onClick={onStart}>
            {t('programme.startThis')}
          </button>
        )}
        <button type="button" className="button button--quiet" data-move={-1} aria-label={t('programme.upLabel', { title })} disabled={index === 0} onClick={() => onMove(-1)}>
          {t('programme.up')}
        </button>
        <button type="button" className="button button--quiet" data-move={1} aria-label={t('programme.downLabel', { title })} disabled={index === count - 1} onClick={() => onMove(1)}>
          {t('programme.down')}
        </button>
        <button type="button" className="button button--quiet" aria-label={t('programme.removeLabel', { title })} onClick={() => removePart(doc, part.id)}>
          {t('programme.remove')}
        </button>
      </div>
    </li>
  )
}

/** Minutes as typed: a half-typed or empty field is not written; a valid number is, at once. */
function MinutesField({ part }: { part: ProgrammePart }) {
  const t = useT()
  const { doc } = useBoardSession()
  const [draft, setDraft] = useState(String(part.minutes))
  useEffect(() => setDraft((d) => (Number(d) === part.minutes ? d : String(part.minutes))), [part.minutes])
  return (
    <label className="field field--inline">
      <span>{t('programme.duration')}</span>
      <input
        type="number"
        min={1}
        max={MAX_PART_MINUTES}
        step={1}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value)
          const minutes = Number(e.target.value)
          if (e.target.value !== '' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_PART_MINUTES) setPartMinutes(doc, part.id, minutes)
        }}
        onBlur={() => setDraft(String(part.minutes))}
      />
    </label>
  )
}
