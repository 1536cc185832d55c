// A curious partner with the join link and a stock y-websocket client tries every rule of the board.
// Each time the server undoes the effect for everyone: the server, an honest partner and a fresh client
// hold the board as it was, and the honest partner keeps working.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { BoardMapKeys, CloseCode, DocKeys, MessageType } from '../../shared/protocol.ts'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import type { TestClient } from '../helpers/yclient.ts'

const file = serverForFile({ env: { MAX_REFUSED_CHANGES: '50' } })
const client = file.client

type Rec = Record<string, unknown>

/** A board with a template placed by the facilitator and a note each by Anne and Bram. */
async function workshop() {
  const board = await createBoard(file.server)
  const facilitatorId = await joinBoard(file.server, board.id, { name: 'Femke', organisation: 'Procesbureau' })
  const anneId = await joinBoard(file.server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
  const bramId = await joinBoard(file.server, board.id, { name: 'Bram', organisation: 'Woonstichting' })
  const facilitator = client(board.id, { key: board.facilitatorKey, token: facilitatorId.participant.token })
  const anne = client(board.id, { token: anneId.participant.token })
  const bram = client(board.id, { token: bramId.participant.token })
  await Promise.all([facilitator.synced, anne.synced, bram.synced])

  const frame = frameRecord('shape:frame', 'iceberg', { waterline: 2 }, { x: 0, y: 0, w: 2400, h: 1800 })
  const drawing = {
    ...noteRecord('shape:water', '', { x: 0, y: 900, parentId: 'shape:frame' }, { author: 'Femke', organisation: 'Procesbureau', authorId: facilitatorId.participant.authorId }),
    type: 'frame',
    isLocked: true,
    props: { w: 2400, h: 10, name: '', color: 'blue' },
    meta: { [PART_META_KEY]: { frameId: 'shape:frame', partId: 'waterline' } },
  }
  facilitator.doc.transact(() => {
    facilitator.records.set(frame.id, frame)
    facilitator.records.set(drawing.id, drawing)
  })
  const anneNote = noteRecord('shape:anne', 'Wij willen meer sociale huur', { x: 100, y: 100 }, who(anneId, 'Anne'))
  anne.records.set(anneNote.id, anneNote)
  const bramNote = noteRecord('shape:bram', 'Zorg dichtbij huis', { x: 400, y: 100 }, who(bramId, 'Bram'))
  bram.records.set(bramNote.id, bramNote)
  await waitFor(() => anne.records.get('shape:bram') && bram.records.get('shape:anne') && anne.records.get('shape:water'), 5000, 'the board set up')
  return { board, facilitator, anne, bram, anneId, bramId, frame, drawing, anneNote, bramNote }
}

type Joined = { participant: { authorId: string }; organisation: { name: string } }

/** The author meta a page writes for this person. */
function who(joined: Joined, name: string) {
  return { authorId: joined.participant.authorId, author: name, organisation: joined.organisation.name }
}

/** Everything of the board a person could notice, as plain JSON with its keys in order (replicas insert in different orders). */
function snapshot(c: TestClient) {
  const records = Object.fromEntries([...c.records.map.entries()].map(([id, entry]) => [id, (entry as { val: unknown }).val]))
  return sorted({
    records,
    board: c.doc.getMap(DocKeys.board).toJSON(),
    organisations: c.doc.getMap(DocKeys.organisations).toJSON(),
    people: c.doc.getMap(DocKeys.people).toJSON(),
    votes: c.doc.getMap(DocKeys.votes).toJSON(),
  }) as Record<string, Record<string, unknown>>
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]))
}

/** After an attack: the attacker's own copy is repaired, and a fresh client and the honest partner see the board as before. */
async function expectUndone(board: { id: string }, attacker: TestClient, honest: TestClient, before: ReturnType<typeof snapshot>) {
  await waitFor(() => JSON.stringify(snapshot(attacker)) === JSON.stringify(before), 5000, 'the attacker’s copy repaired')
  await waitFor(() => JSON.stringify(snapshot(honest)) === JSON.stringify(before), 5000, 'the honest partner’s copy as before')
  const fresh = client(board.id)
  await fresh.synced
  expect(snapshot(fresh)).toEqual(before)
}

/** The honest partner still writes, and the others see it. */
async function stillWorks(writer: TestClient, reader: TestClient, meta: ReturnType<typeof who>) {
  const id = `shape:after-${Math.random().toString(36).slice(2)}`
  writer.records.set(id, noteRecord(id, 'Nog een idee', { x: 900, y: 900 }, meta))
  await waitFor(() => reader.records.get(id), 5000, 'a note written after the attack')
}

describe('a partner cannot change others’ work', () => {
  it('rewriting and deleting someone else’s note is undone for everyone', async () => {
    const w = await workshop()
    const before = snapshot(w.bram)
    w.anne.records.set('shape:bram', { ...w.bramNote, props: { ...(w.bramNote.props as Rec), richText: { type: 'doc', content: [] } } })
    await expectUndone(w.board, w.anne, w.bram, before)
    w.anne.records.delete('shape:bram')
    await expectUndone(w.board, w.anne, w.bram, before)
  })

  it('moving someone else’s note is fine, but only the move lands', async () => {
    const w = await workshop()
    w.anne.records.set('shape:bram', { ...w.bramNote, x: 1234, y: 567, props: { ...(w.bramNote.props as Rec), color: 'red' } })
    await waitFor(() => (w.bram.records.get('shape:bram') as Rec).x === 1234, 5000, 'the move arrives')
    await waitFor(() => ((w.anne.records.get('shape:bram') as Rec).props as Rec).color === 'blue', 5000, 'the colour change undone')
    expect(((w.bram.records.get('shape:bram') as Rec).props as Rec).color).toBe('blue')
  })

  it('deleting a template frame, and unlocking, moving or resizing its drawing is undone', async () => {
    const w = await workshop()
    const before = snapshot(w.bram)
    w.anne.records.delete('shape:frame')
    await expectUndone(w.board, w.anne, w.bram, before)
    w.anne.records.set('shape:water', { ...w.drawing, isLocked: false, x: 500, props: { ...(w.drawing.props as Rec), w: 50 } })
    await expectUndone(w.board, w.anne, w.bram, before)
  })

  it('a note in someone else’s name carries the sender’s name', async () => {
    const w = await workshop()
    const forged = noteRecord('shape:forged', 'Ik (Bram) trek onze steun in', { x: 0, y: 0 }, who(w.bramId, 'Bram'))
    w.anne.records.set(forged.id, forged)
    await waitFor(() => (w.bram.records.get(forged.id) as Rec | undefined)?.meta, 5000, 'the note arrives')
    await waitFor(() => ((w.anne.records.get(forged.id) as Rec).meta as Rec).authorId === w.anneId.participant.authorId, 5000, 'stamped in the sender’s copy')
    expect((w.bram.records.get(forged.id) as Rec).meta).toMatchObject({ authorId: w.anneId.participant.authorId, author: 'Anne', organisation: 'Gemeente Utrecht' })
  })

  it('deleting every record and every key in one transaction is undone; an offline laptop keeps the board', async () => {
    const w = await workshop()
    const offline = client(w.board.id, { token: w.bramId.participant.token })
    await offline.synced
    offline.provider.disconnect()
    const before = snapshot(w.bram)
    w.anne.doc.transact(() => {
      for (const id of [...w.anne.records.map.keys()]) w.anne.records.delete(id)
      for (const name of [DocKeys.board, DocKeys.organisations, DocKeys.people]) {
        const map = w.anne.doc.getMap(name)
        for (const key of [...map.keys()]) map.delete(key)
      }
    })
    // Her own note is hers to delete; everything else comes back.
    const expected = structuredClone(before)
    delete (expected.records as Rec)['shape:anne']
    await waitFor(() => JSON.stringify(snapshot(w.bram)) === JSON.stringify(expected), 5000, 'the board back for Bram')
    offline.provider.connect()
    await waitFor(() => JSON.stringify(snapshot(offline)) === JSON.stringify(expected), 5000, 'the offline laptop back in line')
    const fresh = client(w.board.id)
    await fresh.synced
    expect(snapshot(fresh)).toEqual(expected)
    await stillWorks(w.bram, fresh, who(w.bramId, 'Bram'))
  })
})

describe('the facilitator’s settings are the facilitator’s', () => {
  const settings: [string, unknown][] = [
    [BoardMapKeys.timer, { durationMs: 60_000, endsAt: Date.now() + 60_000, remainingMs: 60_000 }],
    [BoardMapKeys.voting, { id: 'round', votesPerPerson: 99, allowStacking: true, hideResults: false, open: true }],
    [BoardMapKeys.followMe, { userId: 'user:anne' }],
    [BoardMapKeys.summon, { id: 'jump', bounds: { x: 50_000, y: 50_000, w: 10, h: 10 } }],
    [BoardMapKeys.privateRound, { id: 'private', open: false }],
    [BoardMapKeys.displayNames, { someone: 'Sukkel' }],
    [BoardMapKeys.locked, false],
    [BoardMapKeys.schema, { schemaVersion: 2, sequences: { 'com.tldraw.shape': 999 } }],
    ['somethingNew', 1],
  ]
  for (const [key, value] of settings) {
    it(`a partner writing "${key}" is undone`, async () => {
      const w = await workshop()
      const before = snapshot(w.bram)
      w.anne.doc.getMap(DocKeys.board).set(key, value)
      await expectUndone(w.board, w.anne, w.bram, before)
    })
  }

  it('a partner closing the facilitator’s voting round is undone; the facilitator closes it', async () => {
    const w = await workshop()
    const round = { id: 'r1', votesPerPerson: 3, allowStacking: false, hideResults: true, open: true }
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, round)
    await waitFor(() => w.bram.doc.getMap(DocKeys.board).get(BoardMapKeys.voting), 5000, 'the round arrives')
    const before = snapshot(w.bram)
    w.anne.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, { ...round, open: false, hideResults: false })
    await expectUndone(w.board, w.anne, w.bram, before)
    // Bram's dot stays hidden through the attempt: the server published nothing.
    const vote = await fetch(`${file.server.url}/api/boards/${w.board.id}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.bramId.participant.token}` },
      body: JSON.stringify({ noteId: 'shape:anne', action: 'add' }),
    })
    expect(vote.status).toBe(200)
    await waitFor(() => w.bram.doc.getMap(DocKeys.board).get(BoardMapKeys.votingProgress) && w.anne.doc.getMap(DocKeys.board).get(BoardMapKeys.votingProgress), 5000, 'how many voted')
    const afterVote = snapshot(w.bram)
    w.anne.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, { ...round, hideResults: false })
    await expectUndone(w.board, w.anne, w.bram, afterVote)
    expect(w.bram.doc.getMap(DocKeys.votes).size).toBe(0)
    w.facilitator.doc.getMap(DocKeys.board).set(BoardMapKeys.voting, { ...round, open: false })
    await waitFor(() => (w.bram.doc.getMap(DocKeys.board).get(BoardMapKeys.voting) as Rec).open === false, 5000, 'closed by the facilitator')
    await waitFor(() => w.bram.doc.getMap(DocKeys.votes).size === 1, 5000, 'the votes published at the close')
  })

  it('who is who, and the votes, are written by the server only', async () => {
    const w = await workshop()
    const before = snapshot(w.bram)
    w.anne.doc.transact(() => {
      w.anne.doc.getMap(DocKeys.organisations).set('nep', { name: 'Nep BV', colour: 'red', index: 9 })
      w.anne.doc.getMap(DocKeys.people).set(w.bramId.participant.authorId, { name: 'Bram de Sukkel', organisation: 'Woonstichting', joinedAt: '2026-01-01' })
      w.anne.doc.getMap(DocKeys.votes).set(`r1|${w.bramId.participant.authorId}`, ['shape:anne', 'shape:anne'])
    })
    await expectUndone(w.board, w.anne, w.bram, before)
  })
})

describe('no single write breaks the board', () => {
  const breakers: [string, (doc: Y.Doc) => void][] = [
    ['a null entry in the records', (doc) => doc.getArray(DocKeys.records).push([null])],
    ['a record whose value is null', (doc) => doc.getArray(DocKeys.records).push([{ key: 'shape:null', val: null }])],
    ['a nested Y.Map in the records', (doc) => doc.getArray(DocKeys.records).push([new Y.Map()])],
    ['a note without props', (doc) => doc.getArray(DocKeys.records).push([{ key: 'shape:bare', val: { id: 'shape:bare', typeName: 'shape', type: 'note' } }])],
    ['a record from a newer tldraw', (doc) => doc.getArray(DocKeys.records).push([{ key: 'shape:future', val: { ...noteRecord('shape:future', 'x', { x: 0, y: 0 }), props: { hologram: true } } }])],
    ['a nested Y.Map as a setting', (doc) => doc.getMap(DocKeys.board).set(BoardMapKeys.timer, new Y.Map())],
    ['content in a shared type nobody reads', (doc) => doc.getMap('elsewhere').set('junk', 'x'.repeat(1000))],
  ]
  for (const [what, write] of breakers) {
    it(`${what}: removed, the board opens, the notes API answers`, async () => {
      const w = await workshop()
      const before = snapshot(w.bram)
      // Raw: the attacker's doc has no key-value view that would choke on its own write.
      const attacker = client(w.board.id, { token: w.anneId.participant.token })
      await attacker.synced
      write(attacker.doc)
      await waitFor(() => JSON.stringify(snapshot(attacker)) === JSON.stringify(before), 5000, 'the attacker’s copy repaired')
      expect(snapshot(w.bram)).toEqual(before)
      const res = await fetch(`${file.server.url}/api/boards/${w.board.id}/notes`, { headers: { authorization: `Bearer ${w.board.facilitatorKey}` } })
      expect(res.status).toBe(200)
      expect((await res.json()).notes.map((n: { id: string }) => n.id).sort()).toEqual(['shape:anne', 'shape:bram'])
      const fresh = client(w.board.id)
      await fresh.synced
      expect(snapshot(fresh)).toEqual(before)
      expect(fresh.doc.getArray(DocKeys.records).toArray().every((e) => e && typeof e === 'object' && !(e instanceof Y.AbstractType))).toBe(true)
      expect(fresh.doc.getMap('elsewhere').size).toBe(0)
      await stillWorks(w.bram, fresh, who(w.bramId, 'Bram'))
    })
  }
})

describe('who may write at all', () => {
  it('a join link without a token, a view link and another board’s token only look', async () => {
    const w = await workshop()
    const other = await createBoard(file.server)
    const stranger = await joinBoard(file.server, other.id, { name: 'Zoë', organisation: 'Elders' })
    const tokenless = client(w.board.id)
    const viewer = client(w.board.viewId)
    const wrongBoard = client(w.board.id, { token: stranger.participant.token })
    await Promise.all([tokenless.synced, viewer.synced, wrongBoard.synced])
    for (const [i, c] of [tokenless, viewer, wrongBoard].entries()) c.records.set(`shape:sneaky${i}`, noteRecord(`shape:sneaky${i}`, 'hallo', { x: 0, y: 0 }))
    w.facilitator.records.set('shape:marker', noteRecord('shape:marker', 'na', { x: 0, y: 0 }, { authorId: 'f', author: 'Femke', organisation: 'Procesbureau' }))
    const fresh = client(w.board.id)
    await waitFor(() => fresh.records.get('shape:marker'), 5000, 'the facilitator’s marker')
    expect([0, 1, 2].map((i) => fresh.records.get(`shape:sneaky${i}`))).toEqual([undefined, undefined, undefined])
  })

  it('the same person joining again keeps their author id; a new join is a new person', async () => {
    const board = await createBoard(file.server)
    const first = await joinBoard(file.server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })
    expect(first.participant.authorId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(first.participant.token.length).toBeGreaterThanOrEqual(43)
    const again = await joinBoard(file.server, board.id, { name: 'Anne de Vries', organisation: 'Gemeente Utrecht', token: first.participant.token })
    expect(again.participant).toEqual(first.participant)
    const res = await fetch(`${file.server.url}/api/boards/${board.id}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kwaadwillend', organisation: 'X', authorId: first.participant.authorId }),
    })
    const stranger = await res.json()
    expect(stranger.participant.authorId).not.toBe(first.participant.authorId)
    const c = client(board.id)
    await c.synced
    await waitFor(() => c.doc.getMap(DocKeys.people).get(first.participant.authorId), 5000, 'people')
    expect((c.doc.getMap(DocKeys.people).get(first.participant.authorId) as Rec).name).toBe('Anne de Vries')
  })

  it('a partner who keeps breaking rules is closed and may not come back for a while', async () => {
    const board = await createBoard(file.server)
    const anne = await joinBoard(file.server, board.id)
    const c = client(board.id, { token: anne.participant.token })
    await c.synced
    const closed = new Promise<number>((resolve) => c.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)))
    // Each set is a transaction of its own, sent as an update of its own.
    for (let i = 0; i < 60; i++) c.doc.getMap(DocKeys.board).set(BoardMapKeys.timer, { durationMs: i, endsAt: null, remainingMs: i })
    expect(await closed).toBe(CloseCode.refusedChanges)
    const again = client(board.id, { token: anne.participant.token })
    const code = await new Promise<number>((resolve) => again.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)))
    expect(code).toBe(CloseCode.refusedChanges)
  })
})

/** An awareness message with the given states (client id → state), as a script would send it. */
function presenceMessage(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, JSON.stringify(state))
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, MessageType.awareness)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

describe('presence is bound to the connection that announced it', () => {
  it('ghosts, someone else’s presence and a borrowed identity do not reach the others', async () => {
    const w = await workshop()
    const facilitatorUser = `user:${(await joinBoard(file.server, w.board.id, { name: 'Femke', organisation: 'Procesbureau', token: undefined })).participant.authorId}`
    w.bram.provider.awareness.setLocalStateField('presence', { userId: 'x', userName: 'Bram (Woonstichting)', meta: {} })
    w.anne.provider.awareness.setLocalStateField('presence', { userId: 'x', userName: 'Anne (Gemeente Utrecht)', meta: {} })
    const bramId = w.bram.doc.clientID
    await waitFor(
      () => w.facilitator.provider.awareness.getStates().get(bramId)?.presence && w.facilitator.provider.awareness.getStates().get(w.anne.doc.clientID)?.presence,
      5000,
      'both presences',
    )
    const send = (message: Uint8Array) => (w.anne.provider.ws as unknown as { send(m: Uint8Array): void }).send(message)
    // 5,000 ghost people, Bram's presence overwritten, and Anne claiming to be the facilitator.
    const ghosts: [number, number, unknown][] = Array.from({ length: 5000 }, (_, i) => [1_000_000 + i, 1, { presence: { userName: `Spook ${i}` } }])
    send(presenceMessage([[bramId, 999, { presence: { userName: 'Bram heeft gelogen' } }], ...ghosts]))
    send(presenceMessage([[w.anne.doc.clientID, 999, { presence: { userId: facilitatorUser, userName: 'Femke (Procesbureau)', meta: { facilitator: true }, cursor: { x: 4242, y: 0 } } }]]))
    const states = w.facilitator.provider.awareness.getStates()
    await waitFor(() => states.get(w.anne.doc.clientID)?.presence?.cursor?.x === 4242, 5000, 'Anne’s claim arrives')
    const anne = states.get(w.anne.doc.clientID)!.presence
    expect(anne).toMatchObject({ userId: `user:${w.anneId.participant.authorId}`, userName: 'Anne (Gemeente Utrecht)', meta: { facilitator: false, author: 'Anne' } })
    expect(states.get(bramId)?.presence?.userName).toBe('Bram (Woonstichting)')
    // Anne's own id plus at most one more: never thousands.
    const ghostIds = new Set(ghosts.map(([id]) => id))
    const ghostsSeen = [...states.keys()].filter((id) => ghostIds.has(id))
    expect(ghostsSeen.length).toBeLessThanOrEqual(1)
    const fresh = client(w.board.id)
    await fresh.synced
    await waitFor(() => fresh.provider.awareness.getStates().get(bramId), 5000, 'presence for a newcomer')
    expect(fresh.provider.awareness.getStates().size).toBeLessThan(10)
  })
})
