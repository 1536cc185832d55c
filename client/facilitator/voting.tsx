/**
 * Dot voting on the board: the facilitator opens a round (dots per person, stacking, hidden results),
 * partners put dots on notes with the buttons each note shows, closing shows the counts and a ranking.
 */
import { useEffect, useState } from 'react'
import { createShapeId, stopEventPropagation, useValue, type Editor, type TLNoteShape } from 'tldraw'
import type * as Y from 'yjs'
import { create } from 'zustand'
import { richTextToPlain } from '../../shared/board/richText.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { addDot, DEFAULT_VOTES_PER_PERSON, isVotingRound, ranking, removeDot, tally, validDots, voteKey, type VotingRound } from '../../shared/voting.ts'
import { useT } from '../i18n/language.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { PanelButton } from '../ui/PanelButton.tsx'

interface VotingView {
  round: VotingRound | null
  counts: Map<string, number>
  /** This person's dots in the current round. */
  mine: string[]
  /** Counts are shown: the round is closed, or its results are not hidden. */
  showCounts: boolean
  /** Null for a viewer: they only look. */
  vote: { add(noteId: string): void; remove(noteId: string): void } | null
}

export const useVotingView = create<VotingView>(() => ({ round: null, counts: new Map(), mine: [], showCounts: false, vote: null }))

/** Keeps useVotingView in step with the board's document; `voterId` null for a viewer. */
export function useVotingSync(doc: Y.Doc | null, voterId: string | null): void {
  useEffect(() => {
    if (!doc) return
    const board = doc.getMap(DocKeys.board)
    const votes = doc.getMap<unknown>(DocKeys.votes)
    const myKey = (round: VotingRound) => voteKey(round.id, voterId ?? '')
    const myDots = (round: VotingRound) => {
      const value = votes.get(myKey(round))
      return Array.isArray(value) ? validDots(round, value) : []
    }
    const change = (edit: (round: VotingRound, mine: string[]) => string[]) => {
      const round = board.get(BoardMapKeys.voting)
      if (!isVotingRound(round) || !voterId) return
      votes.set(myKey(round), edit(round, myDots(round)))
    }
    const update = () => {
      const round = board.get(BoardMapKeys.voting)
      if (!isVotingRound(round)) {
        useVotingView.setState({ round: null, counts: new Map(), mine: [], showCounts: false, vote: null })
        return
      }
      useVotingView.setState({
        round,
        counts: tally(round, votes.entries()),
        mine: voterId ? myDots(round) : [],
        showCounts: !round.open || !round.hideResults,
        vote: voterId
          ? {
              add: (noteId) => change((r, mine) => addDot(r, mine, noteId)),
              remove: (noteId) => change((r, mine) => removeDot(r, mine, noteId)),
            }
          : null,
      })
    }
    update()
    board.observe(update)
    votes.observe(update)
    return () => {
      board.unobserve(update)
      votes.unobserve(update)
      useVotingView.setState({ round: null, counts: new Map(), mine: [], showCounts: false, vote: null })
    }
  }, [doc, voterId])
}

/** On each note while voting: this person's dots, the buttons to add and take back one, the count when shown. */
/** A click on one's own dot this soon after adding it is the second half of a double click, not "take it back". */
const DOUBLE_CLICK_MS = 500
let lastAdd = 0

export function VoteDots({ shape }: { shape: TLNoteShape }) {
  const t = useT()
  const { round, counts, mine, showCounts, vote } = useVotingView()
  if (!round) return null
  const count = counts.get(shape.id) ?? 0
  const myDots = mine.filter((id) => id === shape.id).length
  const canAdd = round.open && !!vote && mine.length < round.votesPerPerson && (round.allowStacking || myDots === 0)
  const scale = shape.props.scale
  return (
    <div className="vote-dots" style={{ fontSize: 16 * scale, padding: 6 * scale }} onPointerDown={stopEventPropagation}>
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
              onClick={() => Date.now() - lastAdd > DOUBLE_CLICK_MS && vote.remove(shape.id)}
            />
          ))}
          {canAdd && (
            <button type="button" className="vote-dots__add" aria-label={t('voting.add')} title={t('voting.add')} onClick={() => ((lastAdd = Date.now()), vote.add(shape.id))}>
              +
            </button>
          )}
        </>
      )}
    </div>
  )
}

/** A partner's line while a round is open: how many dots are left. */
export function VotingBanner() {
  const t = useT()
  const { round, mine, vote } = useVotingView()
  if (!round?.open || !vote) return null
  return (
    <p className="board-banner" role="status">
      {t('voting.left', { left: round.votesPerPerson - mine.length, total: round.votesPerPerson })}
    </p>
  )
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
  if (!round || round.open || dismissed === round.id) return null
  return <NoteRanking editor={editor} onClose={() => setDismissed(round.id)} />
}

/** The facilitator's voting controls. */
export function VotingControls({ doc }: { doc: Y.Doc }) {
  const t = useT()
  const round = useVotingView((s) => s.round)
  const [open, setOpen] = useState(false)
  const [votesPerPerson, setVotesPerPerson] = useState(DEFAULT_VOTES_PER_PERSON)
  const [allowStacking, setAllowStacking] = useState(false)
  const [hideResults, setHideResults] = useState(true)
  const board = doc.getMap(DocKeys.board)
  const start = () => {
    const next: VotingRound = { id: createShapeId().slice(6), votesPerPerson: Math.max(1, Math.min(20, votesPerPerson)), allowStacking, hideResults, open: true }
    board.set(BoardMapKeys.voting, next)
    setOpen(false)
  }
  const close = () => round && board.set(BoardMapKeys.voting, { ...round, open: false })
  return round?.open ? (
    <button type="button" className="button button--primary" onClick={close}>
      {t('voting.close')}
    </button>
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
