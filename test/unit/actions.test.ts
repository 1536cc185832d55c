/** The facilitator's actions (client/session/actions.ts) on a bare Y.Doc: each writes what the server's rule accepts. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardActions } from '../../client/session/actions.ts'
import { boardKeyRefusal } from '../../shared/board/rules.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { MINUTE, remainingMs } from '../../shared/timer.ts'

const facilitator = { role: 'facilitator', authorId: null, name: '', organisation: '' } as const

function board() {
  const doc = new Y.Doc()
  const map = doc.getMap<unknown>(DocKeys.board)
  /** Every value written passes the rule the server enforces. */
  map.observe((event) => {
    for (const key of event.keysChanged) expect(boardKeyRefusal(facilitator, key, map.get(key))).toBeNull()
  })
  return { doc, map, actions: boardActions(doc) }
}

describe('the facilitator’s actions', () => {
  it('timer: start, pause, one more minute, resume, stop', () => {
    const { map, actions } = board()
    expect(actions.pauseTimer(0)).toBe(false)
    actions.startTimer(10, 1_000)
    actions.pauseTimer(1_000 + 4 * MINUTE)
    const paused = map.get(BoardMapKeys.timer) as Parameters<typeof remainingMs>[0]
    expect(remainingMs(paused, 10 * MINUTE)).toBe(6 * MINUTE)
    actions.addMinute(2 * MINUTE)
    actions.resumeTimer(3 * MINUTE)
    expect(remainingMs(map.get(BoardMapKeys.timer) as typeof paused, 3 * MINUTE)).toBe(7 * MINUTE)
    actions.stopTimer()
    expect(map.has(BoardMapKeys.timer)).toBe(false)
  })

  it('voting: a round with its settings kept within the rules, closed once', () => {
    const { map, actions } = board()
    expect(actions.closeVoting()).toBe(false)
    expect(actions.openVoting({ votesPerPerson: 99, allowStacking: true, hideResults: true })).toBe(true)
    const round = map.get(BoardMapKeys.voting) as { id: string; votesPerPerson: number; open: boolean }
    expect(round).toMatchObject({ votesPerPerson: 20, allowStacking: true, hideResults: true, open: true })
    expect(actions.closeVoting()).toBe(true)
    expect(map.get(BoardMapKeys.voting)).toMatchObject({ id: round.id, open: false })
    expect(actions.closeVoting()).toBe(false)
  })

  it('private writing, follow me, bring everyone here, and names', () => {
    const { map, actions } = board()
    expect(actions.reveal()).toBe(false)
    actions.startPrivateRound()
    expect(map.get(BoardMapKeys.privateRound)).toMatchObject({ open: true })
    actions.reveal()
    expect(map.get(BoardMapKeys.privateRound)).toMatchObject({ open: false })
    actions.followMe('user:femke')
    expect(map.get(BoardMapKeys.followMe)).toEqual({ userId: 'user:femke' })
    actions.stopFollowing()
    expect(map.has(BoardMapKeys.followMe)).toBe(false)
    actions.summon({ x: 10, y: 20, w: 300, h: 200 })
    expect(map.get(BoardMapKeys.summon)).toMatchObject({ bounds: { x: 10, y: 20, w: 300, h: 200 } })
    actions.renamePerson('anne-id', '  Anne de Vries ')
    expect(map.get(BoardMapKeys.displayNames)).toEqual({ 'anne-id': 'Anne de Vries' })
    actions.renamePerson('anne-id', '')
    expect(map.get(BoardMapKeys.displayNames)).toEqual({})
    // Nothing the rule refuses is written: a bring-everyone-here to nowhere stays unwritten.
    expect(actions.summon({ x: 0, y: 0, w: 0, h: 0 })).toBe(false)
  })
})
