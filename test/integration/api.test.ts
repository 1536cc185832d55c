// The HTTP contract from the README, against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoard, removeDataDir, startServer, type RunningServer } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { BoardMapKeys, DocKeys, ORGANISATION_COLOURS, type JoinResponse, type OrganisationEntry, type PersonEntry } from '../../shared/protocol.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'
import { waitFor } from '../helpers/server.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ env: { TLDRAW_LICENSE_KEY: 'test-licence-<key>' } })
})
afterAll(async () => {
  await server.stop()
  removeDataDir(server.dataDir)
})

const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(server.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })

describe('boards API', () => {
  it('creates a board with unguessable ids and absolute links built from the request host', async () => {
    const res = await post('/api/boards', { title: '  Verkenning Wonen & Zorg  ' })
    expect(res.status).toBe(201)
    const board = await res.json()
    expect(board.title).toBe('Verkenning Wonen & Zorg')
    for (const id of [board.id, board.viewId]) expect(id).toMatch(/^[A-Za-z0-9_-]{22,}$/) // ≥ 128 bits
    expect(board.id).not.toBe(board.viewId)
    expect(board.facilitatorKey.length).toBeGreaterThanOrEqual(43)
    expect(board.joinUrl).toBe(`${server.url.replace('127.0.0.1', '127.0.0.1')}/b/${board.id}`)
    expect(board.facilitatorUrl).toBe(`${server.url}/b/${board.id}#key=${board.facilitatorKey}`)
    expect(board.viewUrl).toBe(`${server.url}/v/${board.viewId}`)

    const info = await (await fetch(`${server.url}/api/boards/${board.id}`)).json()
    expect(info).toEqual({ id: board.id, title: 'Verkenning Wonen & Zorg', createdAt: expect.any(String), locked: false, deletesAt: expect.any(String), route: board.id.slice(0, 6) })
    expect(Date.parse(info.createdAt)).not.toBeNaN()
    // The facilitator, and only the facilitator, may learn the view id.
    const asFacilitator = await (await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json()
    expect(asFacilitator.viewId).toBe(board.viewId)
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(403)
    const viewInfo = await (await fetch(`${server.url}/api/boards/${board.viewId}`)).json()
    // The route key a load balancer hashes (docs/deploy.md): a few characters of the board id, never all of it.
    expect(viewInfo).toEqual({ id: board.viewId, title: 'Verkenning Wonen & Zorg', createdAt: info.createdAt, locked: false, deletesAt: info.deletesAt, route: board.id.slice(0, 6) })
    expect(JSON.stringify(viewInfo)).not.toContain(board.id)
  })

  it('never stores the facilitator key itself', async () => {
    const board = await createBoard(server)
    const { readFileSync, readdirSync } = await import('node:fs')
    const files = readdirSync(server.dataDir).map((f) => readFileSync(`${server.dataDir}/${f}`))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(f.includes(Buffer.from(board.facilitatorKey))).toBe(false)
  })

  it('answers bad requests with clear statuses', async () => {
    expect((await post('/api/boards', {})).status).toBe(400)
    expect((await post('/api/boards', { title: '   ' })).status).toBe(400)
    expect((await post('/api/boards', { title: 'x'.repeat(201) })).status).toBe(400)
    expect((await post('/api/boards', '{nope')).status).toBe(400)
    expect((await post('/api/boards', { title: 'x' }, { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await post('/api/boards', 'x'.repeat(20_000))).status).toBe(413)
    expect((await fetch(`${server.url}/api/boards`)).status).toBe(405)
    const notFound = await fetch(`${server.url}/api/boards/nope`)
    expect(notFound.status).toBe(404)
    expect(await notFound.json()).toEqual({ error: 'board not found' })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(server.process.exitCode).toBeNull()
  })

  it('gives every organisation its own colour, stable for the board, even when they join at once', async () => {
    const board = await createBoard(server)
    const join = (name: string, organisation: string) => post(`/api/boards/${board.id}/join`, { name, organisation })
    const names = ['Gemeente Utrecht', 'Woonstichting De Kern', 'Zorggroep Noord', 'Buurtvereniging', 'Bibliotheek']
    const results = await Promise.all(names.map((o, i) => join(`Persoon ${i}`, o).then((r) => r.json())))
    const colours = results.map((r) => r.organisation.colour)
    expect(new Set(colours).size).toBe(names.length)
    for (const c of colours) expect(ORGANISATION_COLOURS).toContain(c)

    const again = await (await join('Anne', '  gemeente   UTRECHT ')).json()
    expect(again.organisation.colour).toBe(results[0].organisation.colour)
    expect(again.organisation.name).toBe('Gemeente Utrecht')

    // The registry is in the board's document, where every client reads it.
    const c = connectClient(server.wsUrl, board.id)
    await c.synced
    const orgs = c.doc.getMap<OrganisationEntry>(DocKeys.organisations)
    expect(orgs.size).toBe(names.length)
    c.destroy()

    expect((await join('', 'Gemeente')).status).toBe(400)
    expect((await join('Anne', '')).status).toBe(400)
  })

  it('says who a person is on the board, the same again with their token; keeps everyone who joined for the minutes, with their latest name', async () => {
    const board = await createBoard(server)
    const join = async (body: Record<string, unknown>) => {
      const res = await post(`/api/boards/${board.id}/join`, body)
      expect(res.status).toBe(200)
      return (await res.json()) as JoinResponse
    }
    const anen = await join({ name: 'Anen', organisation: 'gemeente utrecht' })
    const bas = await join({ name: 'Bas', organisation: 'Procesbureau Samen' })
    const anne = await join({ name: 'Anne', organisation: 'Gemeente Utrecht', token: anen.participant.token })
    expect(anne.participant).toEqual(anen.participant)
    expect(bas.participant.authorId).not.toBe(anen.participant.authorId)
    // An author id in the request is not the server's word: a claim of someone else's is a new person.
    const claim = await join({ name: 'Eve', organisation: 'Zorggroep', authorId: anen.participant.authorId })
    const unknownToken = await join({ name: 'Karim', organisation: 'Zorggroep', token: 'made-up' })
    expect(new Set([claim.participant.authorId, unknownToken.participant.authorId, anen.participant.authorId]).size).toBe(3)

    const c = connectClient(server.wsUrl, board.id)
    await c.synced
    const people = Object.fromEntries(c.doc.getMap<PersonEntry>(DocKeys.people).entries())
    expect(Object.keys(people)).toHaveLength(4)
    expect(people[anen.participant.authorId]).toMatchObject({ name: 'Anne', organisation: 'gemeente utrecht' })
    expect(people[bas.participant.authorId]).toMatchObject({ name: 'Bas', organisation: 'Procesbureau Samen' })
    expect(Date.parse(people[anen.participant.authorId].joinedAt)).toBeGreaterThan(0)
    c.destroy()
    expect((await post(`/api/boards/${board.viewId}/join`, { name: 'A', organisation: 'B' })).status).toBe(403)
    expect((await post(`/api/boards/AAAAAAAAAAAAAAAAAAAAAA/join`, { name: 'A', organisation: 'B' })).status).toBe(404)
  })

  it('hands the tldraw licence key to the page at runtime', async () => {
    const res = await fetch(`${server.url}/b/whatever`)
    if (res.status === 503) throw new Error('the client is not built: run npm run build before the tests')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('window.__WATERLIJN_CONFIG__ = {"tldrawLicenseKey":"test-licence-\\u003ckey>"}')
  })

  it('lists every note with its zone for the facilitator, and nobody else', async () => {
    const board = await createBoard(server)
    const c = connectClient(server.wsUrl, board.id, { key: board.facilitatorKey })
    await c.synced
    c.records.set('shape:ice', frameRecord('shape:ice', 'iceberg', { waterline: 0.34 }, { x: 0, y: 0, w: 2400, h: 1800, name: 'IJsberg' }))
    c.records.set('shape:n1', noteRecord('shape:n1', 'Zorg om geld', { x: 1000, y: 1600, parentId: 'shape:ice' }))
    const url = `${server.url}/api/boards/${board.id}/notes`
    const notes = await waitFor(async () => {
      const res = await fetch(`${url}?key=${board.facilitatorKey}`)
      const body = await res.json()
      return body.notes?.length === 1 ? body.notes : null
    }, 5000, 'the note is listed')
    expect(notes[0]).toMatchObject({
      text: 'Zorg om geld',
      author: 'Anne',
      organisation: 'Gemeente Utrecht',
      template: { id: 'shape:ice', kind: 'iceberg', name: 'IJsberg' },
      zone: { id: 'below.background', label: 'Onder de waterlijn — achtergrond en ervaring' },
    })
    const bearer = await fetch(url, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })
    expect(bearer.status).toBe(200)
    const english = await (await fetch(`${url}?key=${board.facilitatorKey}&lang=en`)).json()
    expect(english.notes[0].zone.label).toBe('Below the waterline — background and experience')
    // The facilitator renames a person on the board: the list says what the board says.
    c.doc.getMap(DocKeys.board).set(BoardMapKeys.displayNames, { a1: 'Anne de Vries' })
    await waitFor(
      async () => (await (await fetch(`${url}?key=${board.facilitatorKey}`)).json()).notes[0].author === 'Anne de Vries',
      5000,
      'the renamed author',
    )
    c.destroy()

    expect((await fetch(url)).status).toBe(401)
    expect((await fetch(`${url}?key=wrong`)).status).toBe(403)
    expect((await fetch(`${server.url}/api/boards/${board.viewId}/notes?key=${board.facilitatorKey}`)).status).toBe(404)
  })
})
