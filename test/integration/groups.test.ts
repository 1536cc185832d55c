// Groups per sub-theme are the facilitator's: a partner with a stock y-websocket client who puts
// themselves in another group, or ends the group work, is undone for everyone; the facilitator's split stays.
import { describe, expect, it } from 'vitest'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import type { GroupsState } from '../../shared/board/groups.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'

const file = serverForFile({ env: { MAX_REFUSED_CHANGES: '50' } })

const groupsIn = (c: { doc: { getMap(name: string): { get(key: string): unknown } } }) => c.doc.getMap(DocKeys.board).get(BoardMapKeys.groups) as GroupsState | undefined

async function workshop() {
  const board = await createBoard(file.server)
  const me = await joinBoard(file.server, board.id, { name: 'Femke', organisation: 'Procesbureau' })
  const facilitator = file.client(board.id, { key: board.facilitatorKey, token: me.participant.token })
  const anne = await file.partner(board.id, 'Anne', 'Gemeente Utrecht')
  const bram = await file.partner(board.id, 'Bram', 'Woonstichting')
  await Promise.all([facilitator.synced, anne.synced, bram.synced])
  const split: GroupsState = {
    id: 'split-1',
    active: true,
    groups: [
      { id: 'wonen', name: 'Wonen en zorg', members: [anne.meta.authorId], frameId: 'shape:wonen' },
      { id: 'werk', name: 'Werk en inkomen', members: [bram.meta.authorId], frameId: 'shape:werk' },
    ],
  }
  return { board, facilitator, anne, bram, split }
}

describe('groups per sub-theme', () => {
  it('the facilitator’s split reaches everyone and stays', async () => {
    const w = await workshop()
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, w.split)
    await waitFor(() => groupsIn(w.anne) && groupsIn(w.bram), 5000, 'the split arrives')
    expect(groupsIn(w.bram)).toEqual(w.split)
    const fresh = file.client(w.board.id)
    await fresh.synced
    expect(groupsIn(fresh)).toEqual(w.split)
  })

  it('a partner moving themselves to another group, or ending the group work, is undone for everyone', async () => {
    const w = await workshop()
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, w.split)
    await waitFor(() => groupsIn(w.anne) && groupsIn(w.bram), 5000, 'the split arrives')

    const moved: GroupsState = { ...w.split, groups: [{ ...w.split.groups[0], members: [] }, { ...w.split.groups[1], members: [w.bram.meta.authorId, w.anne.meta.authorId] }] }
    w.anne.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, moved)
    await waitFor(() => JSON.stringify(groupsIn(w.anne)) === JSON.stringify(w.split), 5000, 'Anne’s own copy set back')
    expect(groupsIn(w.bram)).toEqual(w.split)

    w.anne.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, { ...w.split, active: false })
    await waitFor(() => groupsIn(w.anne)?.active === true, 5000, 'the group work back on in Anne’s copy')
    w.anne.doc.getMap(DocKeys.board).delete(BoardMapKeys.groups)
    await waitFor(() => JSON.stringify(groupsIn(w.anne)) === JSON.stringify(w.split), 5000, 'the split back in Anne’s copy')

    const fresh = file.client(w.board.id)
    await fresh.synced
    expect(groupsIn(fresh)).toEqual(w.split)
    expect(groupsIn(w.bram)).toEqual(w.split)
  })

  it('a partner starting groups on a board without them is undone', async () => {
    const w = await workshop()
    w.bram.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, w.split)
    await waitFor(() => groupsIn(w.bram) === undefined, 5000, 'Bram’s split removed from his copy')
    const fresh = file.client(w.board.id)
    await fresh.synced
    expect(groupsIn(fresh)).toBeUndefined()
    expect(groupsIn(w.anne)).toBeUndefined()
  })

  it('a split the rules refuse (one person in two groups) is undone even from the facilitator', async () => {
    const w = await workshop()
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, w.split)
    await waitFor(() => groupsIn(w.anne), 5000, 'the split arrives')
    const twice: GroupsState = { ...w.split, groups: [w.split.groups[0], { ...w.split.groups[1], members: [w.bram.meta.authorId, w.anne.meta.authorId] }] }
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.groups, twice)
    await waitFor(() => JSON.stringify(groupsIn(w.facilitator)) === JSON.stringify(w.split), 5000, 'the facilitator’s copy set back')
    expect(groupsIn(w.anne)).toEqual(w.split)
  })
})
