/**
 * Dot voting on the board: the facilitator opens a round (dots per person, stacking, hidden results),
 * partners put dots on notes with the buttons each note shows (through the server's vote API), closing
 * shows the counts and a ranking.
 */
import { useEffect, useState } from 'react'
import { stopEventPropagation, useValue, type Editor, type TLNoteShape } from 'tldraw'
import type * as Y from 'yjs'
import { create } from 'zustand'
import { richTextToPlain } from '../../shared/board/richText.ts'
import { translate, type MessageKey } from '../../shared/i18n/index.ts'
import { BoardMapKeys, DocKeys, type VoteResponse, type VotingProgress } from '../../shared/protocol.ts'
import { addDot, DEFAULT_VOTES_PER_PERSON, isVotingRound, ranking, removeDot, resultsShown, tally, type VotingRound } from '../../shared/voting.ts'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'
import { useNotice } from '../ui/notice.ts'
import { SidePanel } from '../ui/SidePanel.tsx'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'
import { useBoardSession } from '../session/BoardSession.tsx'
import { useBoardMapValue } from './boardMap.ts'

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

/** Who votes from this page: the board and the token the server handed this person at join. */
export interface Voter {
  boardId: string
  token: string
}

/**
 * Keeps useVotingView in step with the board's document and the server; `voter` null for a viewer (and
 * anyone without a token), who only looks. This person's dots come from the vote API (asked when the
 * board opens, when a new round starts and after a reconnect, and in every answer to a vote): while a
 * round's results are hidden the document holds nobody's votes. The counts come from the document's
 * votes map, which the server fills once the results may be seen.
 */
export function useVotingSync(doc: Y.Doc | null, voter: Voter | null): void {
  const boardId = voter?.boardId ?? null
  const token = voter?.token ?? null
  useEffect(() => {
    if (!doc) return
    const board = doc.getMap(DocKeys.board)
    const votes = doc.getMap<unknown>(DocKeys.votes)
    const say = (key: MessageKey) => useNotice.getState().show(translate(useLanguage.getState().language, key))
    const roundNow = () => {
      const round = board.get(BoardMapKeys.voting)
      return isVotingRound(round) ? round : null
    }
    let alive = true
    /** This person's dots as the server last said, or as this page expects them while a vote is on its way. */
    let mine: VoteResponse = { roundId: null, dots: [] }
    const dotsIn = (round: VotingRound) => (mine.roundId === round.id ? mine.dots : [])
    /** Requests are numbered; only the answer to the last one counts, so a late answer cannot undo a newer dot. */
    let latest = 0
    let askedFor: string | null = null

    const ask = () => {
      if (!boardId || !token) return
      const n = ++latest
      api.myVotes(boardId, token).then(
        (answer) => {
          if (!alive || n !== latest) return
          mine = answer
          update()
        },
        // Offline: the reconnect asks again.
        () => {},
      )
    }
    const change = (noteId: string, action: 'add' | 'remove') => {
      const round = roundNow()
      if (!round || !boardId || !token) return
      const before = dotsIn(round)
      // The same rule the server applies, so the dot shows at once (and a double click's second half lands
      // on the dot just placed, where the double-click guard catches it).
      const expected = action === 'add' ? addDot(round, before, noteId) : removeDot(round, before, noteId)
      if (sameDots(expected, before)) return
      mine = { roundId: round.id, dots: expected }
      update()
      const n = ++latest
      api.vote(boardId, token, { noteId, action }).then(
        (answer) => {
          if (!alive || n !== latest) return
          mine = answer
          update()
          if (!sameDots(answer.dots, expected)) say('voting.refused')
        },
        (error: unknown) => {
          if (!alive) return
          say(error instanceof ApiError && error.failure.kind === 'unreachable' ? 'voting.offline' : 'voting.refused')
          // Back to what the server holds.
          if (n === latest) ask()
        },
      )
    }
    const vote = boardId && token ? { add: (noteId: string) => change(noteId, 'add'), remove: (noteId: string) => change(noteId, 'remove') } : null

    const update = () => {
      const round = roundNow()
      if (!round) {
        useVotingView.setState({ round: null, counts: new Map(), mine: [], showCounts: false, vote: null })
        return
      }
      useVotingView.setState({
        round,
        counts: tally(round, votes.entries()),
        mine: vote ? dotsIn(round) : [],
        showCounts: resultsShown(round),
        vote,
      })
    }
    const onBoard = () => {
      const round = roundNow()
      if (round && round.id !== askedFor) {
        askedFor = round.id
        ask()
      }
      update()
    }
    onBoard()
    board.observe(onBoard)
    votes.observe(update)
    const unsubscribe = useConnection.subscribe((state, before) => {
      if (state.status === 'online' && before.status !== 'online' && roundNow()) ask()
    })
    return () => {
      alive = false
      board.unobserve(onBoard)
      votes.unobserve(update)
      unsubscribe()
      useVotingView.setState({ round: null, counts: new Map(), mine: [], showCounts: false, vote: null })
    }
  }, [doc, boardId, token])
}

function sameDots(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
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
export function VotingBanner({ forRoom = false }: { forRoom?: boolean }) {
  const t = useT()
  const { round, mine, vote } = useVotingView()
  if (!round?.open || (!vote && !forRoom)) return null
  return (
    <p className="board-banner" role="status">
      {/* On the projector the round is the room's, not the facilitator's own dots. */}
      {forRoom ? t('voting.room', { count: round.votesPerPerson }) : t('voting.left', { left: round.votesPerPerson - mine.length, total: round.votesPerPerson })}
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
