/**
 * The facilitator's actions on a board, as plain functions of its Y.Doc (testable on a bare doc): each
 * writes a board setting through the same rule the server enforces (shared/board/rules.ts), so the page
 * never writes what the server would undo. One action, one function.
 */
import type * as Y from 'yjs'
import { BoardMapKeys, DocKeys, type FollowMe, type PrivateRound, type Summon } from '../../shared/protocol.ts'
import { addMinute, pauseTimer, setTimer, startTimer, type TimerState } from '../../shared/timer.ts'
import { isVotingRound, type VotingRound } from '../../shared/voting.ts'
import { writeBoardSetting } from '../facilitator/boardMap.ts'
import { newShortId } from '../../shared/ids.ts'

export type RoundSettings = Pick<VotingRound, 'votesPerPerson' | 'allowStacking' | 'hideResults'>

export interface BoardActions {
  /** Timer: start `minutes` at once, start or resume, pause, one more minute, stop. `now` on the server's clock. */
  startTimer(minutes: number, now: number): boolean
  resumeTimer(now: number): boolean
  pauseTimer(now: number): boolean
  addMinute(now: number): boolean
  stopTimer(): boolean
  /** A new dot-voting round (dots per person 1–20), and closing the current one. */
  openVoting(settings: RoundSettings): boolean
  closeVoting(): boolean
  /** Private writing: start a round, and reveal it (every laptop publishes its notes). */
  startPrivateRound(): boolean
  reveal(): boolean
  /** Follow me (by the facilitator's tldraw user id) and stop; bring everyone to these page bounds once. */
  followMe(userId: string): boolean
  stopFollowing(): boolean
  summon(bounds: Summon['bounds']): boolean
  /** The name shown for a person instead of the one they typed; an empty name gives theirs back. */
  renamePerson(authorId: string, name: string): boolean
}

export function boardActions(doc: Y.Doc): BoardActions {
  const board = doc.getMap<unknown>(DocKeys.board)
  const timer = () => board.get(BoardMapKeys.timer) as TimerState | undefined
  const writeTimer = (next: TimerState | undefined) => writeBoardSetting(doc, BoardMapKeys.timer, next)
  const round = () => {
    const value = board.get(BoardMapKeys.voting)
    return isVotingRound(value) ? value : null
  }
  const privateRound = () => board.get(BoardMapKeys.privateRound) as PrivateRound | undefined
  return {
    startTimer: (minutes, now) => writeTimer(startTimer(setTimer(minutes), now)),
    resumeTimer: (now) => !!timer() && writeTimer(startTimer(timer()!, now)),
    pauseTimer: (now) => !!timer() && writeTimer(pauseTimer(timer()!, now)),
    addMinute: (now) => !!timer() && writeTimer(addMinute(timer()!, now)),
    stopTimer: () => writeTimer(undefined),
    openVoting: (settings) =>
      writeBoardSetting(doc, BoardMapKeys.voting, {
        id: newShortId(),
        votesPerPerson: Math.max(1, Math.min(20, Math.round(settings.votesPerPerson) || 1)),
        allowStacking: settings.allowStacking,
        hideResults: settings.hideResults,
        open: true,
      } satisfies VotingRound),
    closeVoting: () => {
      const current = round()
      return !!current?.open && writeBoardSetting(doc, BoardMapKeys.voting, { ...current, open: false })
    },
    startPrivateRound: () => writeBoardSetting(doc, BoardMapKeys.privateRound, { id: newShortId(), open: true } satisfies PrivateRound),
    reveal: () => {
      const current = privateRound()
      return !!current?.open && writeBoardSetting(doc, BoardMapKeys.privateRound, { ...current, open: false })
    },
    followMe: (userId) => writeBoardSetting(doc, BoardMapKeys.followMe, { userId } satisfies FollowMe),
    stopFollowing: () => writeBoardSetting(doc, BoardMapKeys.followMe, undefined),
    summon: ({ x, y, w, h }) => writeBoardSetting(doc, BoardMapKeys.summon, { id: newShortId(), bounds: { x, y, w, h } } satisfies Summon),
    renamePerson: (authorId, name) => {
      const current = (board.get(BoardMapKeys.displayNames) as Record<string, string> | undefined) ?? {}
      const next = { ...current }
      if (name.trim()) next[authorId] = name.trim()
      else delete next[authorId]
      return writeBoardSetting(doc, BoardMapKeys.displayNames, next)
    },
  }
}
