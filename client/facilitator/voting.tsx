/**
 * Dot voting on the board: the facilitator opens a round (dots per person, stacking, hidden results),
 * partners put dots on notes with the buttons each note shows (through the server's vote API), closing
 * shows the counts and a ranking.
 */
import { useState } from 'react'
import { stopEventPropagation, useEditor, useValue, type Editor, type TLNoteShape } from 'tldraw'
import { richTextToPlain } from '../../shared/board/richText.ts'
import { BoardMapKeys, type VotingProgress } from '../../shared/protocol.ts'
import { DEFAULT_VOTES_PER_PERSON, ranking } from '../../shared/voting.ts'
import { useT } from '../i18n/language.ts'
import { useVotingView } from './votingState.tsx'
import { useMediaQuery } from '../ui/useMediaQuery.ts'
import { PREVIEW_META } from './previewMeta.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'
import { useBoardSession } from '../session/BoardSession.tsx'
import { useBoardMapValue } from './boardMap.ts'

export { useVotingSync, useVotingView, VotingBanner, type Voter } from './votingState.tsx'

/** On each note while voting: this person's dots, the buttons to add and take back one, the count when shown. */
/** A click on one's own dot this soon after adding it is the second half of a double click, not "take it back". */
const DOUBLE_CLICK_MS = 500
let lastAdd = 0

export function VoteDots({ shape }: { shape: TLNoteShape }) {
  const t = useT()
  const editor = useEditor()
  const { round, counts, mine, showCounts, vote } = useVotingView()
  // On a touch screen at least 44 screen pixels whatever the zoom (a phone sees the board zoomed out): a
  // finger must be able to hit it even where the note itself has become small. A mouse needs less.
  const zoom = useValue('zoom', () => editor.getZoomLevel(), [editor])
  const touchScreen = useMediaQuery('(pointer: coarse)')
  const touched = useValue('coarse pointer', () => editor.getInstanceState().isCoarsePointer, [editor])
  // A version looked at in the history is not the live board: no voting on it.
  const preview = useValue('version preview', () => editor.getInstanceState().meta[PREVIEW_META] === true, [editor])
  if (!round || preview) return null
  const count = counts.get(shape.id) ?? 0
  const myDots = mine.filter((id) => id === shape.id).length
  const canAdd = round.open && !!vote && mine.length < round.votesPerPerson && (round.allowStacking || myDots === 0)
  const scale = shape.props.scale
  const buttonSize = touchScreen || touched ? Math.max(26 * scale, 44 / zoom) : 26 * scale
  return (
    <div className="vote-dots" style={{ fontSize: buttonSize / 1.6, padding: 6 * scale }} onPointerDown={stopEventPropagation}>
      {showCounts && count > 0 && <span className="vote-dots__count">{t('voting.count', { count })}</span>}
      {round.open && vote && (
        <>
          {Array.from({ length: myDots }, (_, i) => (
            <button
              key={i}
              type="button"
              className="vote-dots__mine"
              aria-label={t('voting.remove')}
              title={t('voting.remove')}
              {...tapOrClick(() => Date.now() - lastAdd > DOUBLE_CLICK_MS && vote.remove(shape.id))}
            />
          ))}
          {canAdd && (
            <button
              type="button"
              className="vote-dots__add"
              aria-label={t('voting.add')}
              title={t('voting.add')}
              {...tapOrClick(() => {
                lastAdd = Date.now()
                vote.add(shape.id)
              })}
            >
              {/* The name says what it does; the "+" is only its picture. */}
              <span aria-hidden="true">+</span>
            </button>
          )}
        </>
      )}
    </div>
  )
}

/**
 * A button on the canvas that works by tap as well as by click: on a touch screen tldraw keeps the
 * browser from turning a touch into a click, so the touch's end does it; the click that may still
 * follow is not counted twice. Keyboard (Enter, Space) goes through the click.
 */
let tappedAt = 0

function tapOrClick(action: () => void) {
  return {
    onPointerUp(event: React.PointerEvent) {
      if (event.pointerType === 'mouse') return
      tappedAt = Date.now()
      action()
    },
    onClick() {
      // The page re-renders after the tap's vote: the time lives outside the component.
      if (Date.now() - tappedAt < 800) return
      action()
    },
  }
}

function NoteRanking({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const t = useT()
  const counts = useVotingView((s) => s.counts)
  const notes = useValue(
    'notes',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((s): s is TLNoteShape => s.type === 'note')
        .map((s) => ({ id: s.id, text: richTextToPlain(s.props.richText) })),
    [editor],
  )
  const ranked = ranking(counts, notes)
  return (
    <SidePanel title={t('voting.results')} closeLabel={t('templates.close')} onClose={onClose}>
      {ranked.length === 0 ? (
        <p>{t('voting.none')}</p>
      ) : (
        <ol className="ranking">
          {ranked.map(({ note, votes }) => (
            <li key={note.id}>
              <span className="ranking__votes">{t('voting.count', { count: votes })}</span> {note.text || '—'}
            </li>
          ))}
        </ol>
      )}
    </SidePanel>
  )
}

/** After a round closes everyone sees the ranking once; they can close it. */
export function VotingResults({ editor }: { editor: Editor }) {
  const round = useVotingView((s) => s.round)
  const [dismissed, setDismissed] = useState<string | null>(null)
  // Closed once is closed: the ranking does not come back each time the board is opened again.
  if (!round || round.open || dismissed === round.id || resultsSeen(round.id)) return null
  const close = () => {
    rememberResultsSeen(round.id)
    setDismissed(round.id)
  }
  return <NoteRanking editor={editor} onClose={close} />
}

const RESULTS_SEEN_KEY = 'waterlijn.votingResultsSeen'

function resultsSeen(roundId: string): boolean {
  try {
    return (JSON.parse(localStorage.getItem(RESULTS_SEEN_KEY) ?? '[]') as unknown[]).includes(roundId)
  } catch {
    return false
  }
}

function rememberResultsSeen(roundId: string): void {
  try {
    const seen = (JSON.parse(localStorage.getItem(RESULTS_SEEN_KEY) ?? '[]') as unknown[]).filter((id): id is string => typeof id === 'string')
    // Round ids are random: the last fifty are plenty.
    localStorage.setItem(RESULTS_SEEN_KEY, JSON.stringify([...seen.filter((id) => id !== roundId), roundId].slice(-50)))
  } catch {
    // private mode: the ranking may show once more, nothing worse
  }
}

/** The facilitator's voting controls. */
export function VotingControls() {
  const t = useT()
  const { doc, actions } = useBoardSession()
  const round = useVotingView((s) => s.round)
  // How many have voted: the one thing of a hidden round the server lets the room see.
  const progress = useBoardMapValue(doc, BoardMapKeys.votingProgress, (v) => (v && typeof v === 'object' ? (v as VotingProgress) : null))
  const voters = progress && round && progress.roundId === round.id ? progress.voters : 0
  const [open, setOpen] = usePanel('voting')
  const [votesPerPerson, setVotesPerPerson] = useState(DEFAULT_VOTES_PER_PERSON)
  const [allowStacking, setAllowStacking] = useState(false)
  const [hideResults, setHideResults] = useState(true)
  const start = () => {
    actions.openVoting({ votesPerPerson, allowStacking, hideResults })
    setOpen(false)
  }
  const close = () => actions.closeVoting()
  return round?.open ? (
    <>
      {round.hideResults && (
        <span className="voting-progress" role="status">
          {t('voting.progress', { count: voters })}
        </span>
      )}
      <button type="button" className="button button--primary" onClick={close}>
        {t('voting.close')}
      </button>
    </>
  ) : (
    <PanelButton label={t('voting.button')} panelLabel={t('voting.settings')} open={open} onToggle={() => setOpen((o) => !o)}>
      <label className="field field--inline">
        <span>{t('voting.perPerson')}</span>
        <input type="number" min={1} max={20} value={votesPerPerson} onChange={(e) => setVotesPerPerson(Number(e.target.value))} />
      </label>
      <label className="field field--inline">
        <input type="checkbox" checked={allowStacking} onChange={(e) => setAllowStacking(e.target.checked)} />
        <span>{t('voting.stacking')}</span>
      </label>
      <label className="field field--inline">
        <input type="checkbox" checked={hideResults} onChange={(e) => setHideResults(e.target.checked)} />
        <span>{t('voting.hide')}</span>
      </label>
      <button type="button" className="button button--primary" onClick={start}>
        {t('voting.start')}
      </button>
    </PanelButton>
  )
}
