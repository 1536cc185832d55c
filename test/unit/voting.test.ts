import { describe, expect, it } from 'vitest'
import { addDot, countVoters, ranking, removeDot, resultsShown, tally, validDots, voteKey, type VotingRound } from '../../shared/voting.ts'

const round: VotingRound = { id: 'r1', votesPerPerson: 3, allowStacking: false, hideResults: true, open: true }

describe('dot voting', () => {
  it('gives each person their dots, one per note unless stacking is allowed', () => {
    let mine: string[] = []
    mine = addDot(round, mine, 'a')
    mine = addDot(round, mine, 'a')
    expect(mine).toEqual(['a'])
    mine = addDot(round, mine, 'b')
    mine = addDot(round, mine, 'c')
    mine = addDot(round, mine, 'd')
    expect(mine).toEqual(['a', 'b', 'c'])
    expect(removeDot(round, mine, 'b')).toEqual(['a', 'c'])
    const stacking = { ...round, allowStacking: true }
    expect(addDot(stacking, addDot(stacking, [], 'a'), 'a')).toEqual(['a', 'a'])
    expect(removeDot(stacking, ['a', 'a', 'b'], 'a')).toEqual(['a', 'b'])
  })

  it('counts one entry per voter, capped to the rules, whatever a client wrote', () => {
    const entries: [string, unknown][] = [
      [voteKey('r1', 'anne'), ['a', 'b']],
      [voteKey('r1', 'bram'), ['a', 'a', 'a', 'b', 'c', 'd']], // too many, and stacked without permission
      [voteKey('r0', 'anne'), ['c', 'c', 'c']], // an earlier round
      [voteKey('r1', 'karim'), 'not a list'],
      [voteKey('r1', 'lotte'), []], // took every dot back
    ]
    expect(Object.fromEntries(tally(round, entries))).toEqual({ a: 2, b: 2, c: 1 })
    // The minutes say how many people voted: those with a dot in this round.
    expect(countVoters(round, entries)).toBe(2)
    expect(validDots({ ...round, allowStacking: true }, ['a', 'a', 'a', 'b'])).toEqual(['a', 'a', 'a'])
  })

  it('changes nothing once the round is closed', () => {
    const closed = { ...round, open: false }
    expect(addDot(closed, ['a'], 'b')).toEqual(['a'])
    expect(removeDot(closed, ['a'], 'a')).toEqual(['a'])
  })

  it('shows the results of a closed round, or of an open one whose results are not hidden', () => {
    expect(resultsShown(round)).toBe(false)
    expect(resultsShown({ ...round, open: false })).toBe(true)
    expect(resultsShown({ ...round, hideResults: false })).toBe(true)
  })

  it('ranks the notes by their dots', () => {
    const notes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]
    const counts = new Map([['b', 3], ['c', 1], ['a', 3]])
    expect(ranking(counts, notes).map((r) => [r.note.id, r.votes])).toEqual([['a', 3], ['b', 3], ['c', 1]])
  })
})
