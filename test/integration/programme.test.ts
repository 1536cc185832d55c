// The programme through the real server and stock y-websocket clients: a new board has the four parts
// of a verkenningsbijeenkomst; the facilitator changes it; a partner cannot, nor can the facilitator
// store a programme the rules refuse.
import { describe, expect, it } from 'vitest'
import { isProgramme, newPart, type Programme } from '../../shared/board/programme.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import type { TestClient } from '../helpers/yclient.ts'

const file = serverForFile({ env: { MAX_REFUSED_CHANGES: '50' } })

const programmeOf = (c: TestClient) => c.doc.getMap(DocKeys.board).get(BoardMapKeys.programme) as Programme | undefined

async function facilitatorAndPartner() {
  const board = await createBoard(file.server)
  const anne = await joinBoard(file.server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
  const facilitator = file.client(board.id, { key: board.facilitatorKey })
  const partner = file.client(board.id, { token: anne.participant.token })
  await Promise.all([facilitator.synced, partner.synced])
  return { board, facilitator, partner }
}

describe('the programme on the server', () => {
  it('a new board comes with the four parts of a verkenningsbijeenkomst, not started, titled by each reader', async () => {
    const board = await createBoard(file.server)
    const fresh = file.client(board.id)
    await fresh.synced
    const programme = programmeOf(fresh)
    expect(isProgramme(programme)).toBe(true)
    expect(programme!.parts.map((p) => [p.preset, p.title, p.frameIds, p.startedAt])).toEqual([
      ['opening', null, [], null],
      ['central', null, [], null],
      ['concluding', null, [], null],
      ['closing', null, [], null],
    ])
    expect(programme!.currentId).toBeNull()
    // Each board its own part ids.
    const other = file.client((await createBoard(file.server)).id)
    await other.synced
    expect(programmeOf(other)!.parts[0].id).not.toBe(programme!.parts[0].id)
  })

  it('a partner writing the programme is undone for everyone; the facilitator’s change stays', async () => {
    const { board, facilitator, partner } = await facilitatorAndPartner()
    const original = programmeOf(partner)!
    const hijacked: Programme = { parts: [newPart('mine', 'Alleen ons punt', 180)], currentId: 'mine' }
    partner.doc.getMap(DocKeys.board).set(BoardMapKeys.programme, hijacked)
    await waitFor(() => JSON.stringify(programmeOf(partner)) === JSON.stringify(original), 5000, 'the partner’s copy repaired')
    expect(programmeOf(facilitator)).toEqual(original)
    // And removing it is undone too.
    partner.doc.getMap(DocKeys.board).delete(BoardMapKeys.programme)
    await waitFor(() => JSON.stringify(programmeOf(partner)) === JSON.stringify(original), 5000, 'the removed programme back')

    const changed: Programme = { ...original, parts: [{ ...original.parts[0], title: 'Welkom en kennismaken', minutes: 25 }, ...original.parts.slice(1)] }
    facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.programme, changed)
    await waitFor(() => programmeOf(partner)?.parts[0].title === 'Welkom en kennismaken', 5000, 'the facilitator’s change arrives')
    const late = file.client(board.id)
    await late.synced
    expect(programmeOf(late)).toEqual(changed)
  })

  it('a programme the rules refuse is undone, also from the facilitator', async () => {
    const { board, facilitator, partner } = await facilitatorAndPartner()
    const original = programmeOf(facilitator)!
    const tooLong: Programme = { parts: Array.from({ length: 25 }, (_, i) => newPart(`p${i}`, `Deel ${i + 1}`)), currentId: null }
    facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.programme, tooLong)
    await waitFor(() => JSON.stringify(programmeOf(facilitator)) === JSON.stringify(original), 5000, 'the facilitator’s copy repaired')
    const zeroMinutes: Programme = { ...original, parts: [{ ...original.parts[0], minutes: 0 }] }
    facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.programme, zeroMinutes)
    await waitFor(() => JSON.stringify(programmeOf(facilitator)) === JSON.stringify(original), 5000, 'repaired again')
    expect(programmeOf(partner)).toEqual(original)
    const fresh = file.client(board.id)
    await fresh.synced
    expect(programmeOf(fresh)).toEqual(original)
  })
})
