/**
 * The state of a voting round as this page sees it, without the canvas: the round, the counts, this
 * person's dots and the way to cast them (through the server's vote API). The canvas and the list view
 * both read it.
 */
import { useEffect } from 'react'
import type * as Y from 'yjs'
import { create } from 'zustand'
import { translate, type MessageKey } from '../../shared/i18n/index.ts'
import { BoardMapKeys, DocKeys, type VoteResponse } from '../../shared/protocol.ts'
import { addDot, isVotingRound, removeDot, resultsShown, tally, type VotingRound } from '../../shared/voting.ts'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'
import { useNotice } from '../ui/notice.ts'

export interface VotingView {
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

