// What the HTTP side refuses, and how: rate limits, caps, timeouts, content types, headers, aborted requests.
import { createHash } from 'node:crypto'
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { DocKeys, type OrganisationEntry } from '../../shared/protocol.ts'
import { translate } from '../../shared/i18n/index.ts'
import { createBoard, waitFor, type RunningServer } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import { rawSocket } from '../helpers/yclient.ts'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A plain HTTP request; `from` picks the client's own address (any 127.x.y.z reaches the server on
 * loopback), so one test can be several laptops.
 */
function send(
  server: RunningServer,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, headers: { 'content-type': 'application/json', ...options.headers }, localAddress: options.from, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const postJson = (server: RunningServer, path: string, body: unknown, from?: string) =>
  send(server, 'POST', path, { body: JSON.stringify(body), from })

const lines = (server: RunningServer, pattern: RegExp) => server.output().split('\n').filter((line) => pattern.test(line))

describe('rate limits per client address', () => {
  const file = serverForFile({ env: { BOARDS_PER_MINUTE_PER_ADDRESS: '3', JOINS_PER_MINUTE_PER_ADDRESS: '4' } })

  it('creating boards: the limit per minute, then 429 with Retry-After and a JSON error; another address is not affected', async () => {
    const { server } = file
    for (let i = 0; i < 3; i++) expect((await postJson(server, '/api/boards', { title: `Bord ${i}` })).status).toBe(201)
    const refused = [await postJson(server, '/api/boards', { title: 'Eén te veel' }), await postJson(server, '/api/boards', { title: 'Nog een' })]
    for (const answer of refused) {
      expect(answer.status).toBe(429)
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
      const retryAfter = Number(answer.headers['retry-after'])
      expect(Number.isInteger(retryAfter)).toBe(true)
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/too many/) })
    }
    // Another laptop at the venue still creates its board.
    expect((await postJson(server, '/api/boards', { title: 'Andere laptop' }, '127.0.0.2')).status).toBe(201)
    // One line for the address in this window, however many requests were refused.
    await waitFor(() => lines(server, /http\.rate-limited/).length >= 1, 5000, 'the rate-limit log line')
    expect(lines(server, /http\.rate-limited what=create-board address=127\.0\.0\.1 /)).toHaveLength(1)
    expect(lines(server, /http\.refused.*status=429/)).toHaveLength(0)

    // The page says it in words, with the wait.
    const { api } = await import('../../client/api.ts')
    const { describeError } = await import('../../client/ui/errors.ts')
    const realFetch = globalThis.fetch
    vi.stubGlobal('fetch', (path: string, init?: RequestInit) => realFetch(new URL(path, server.url), init))
    try {
      const error = await api.createBoard('Vanaf dezelfde laptop').then(() => expect.fail('the board was created'), (e: unknown) => e)
      expect(describeError(error, (key, vars) => translate('nl', key, vars))).toMatch(/^Te veel verzoeken vanaf dit netwerk\. Probeer het over \d+ seconden? opnieuw\.$/)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('joining has its own, separate limit', async () => {
    const { server } = file
    // From an address whose create limit the test above did not use up.
    const created = await postJson(server, '/api/boards', { title: 'Bord voor de zaal' }, '127.0.0.3')
    expect(created.status).toBe(201)
    const id = JSON.parse(created.body).id as string
    const join = (i: number) => postJson(server, `/api/boards/${id}/join`, { name: `Persoon ${i}`, organisation: 'Gemeente' }, '127.0.0.4')
    for (let i = 0; i < 4; i++) expect((await join(i)).status).toBe(200)
    const refused = await join(4)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(refused.body).error).toMatch(/too many join requests/)
    await waitFor(() => lines(server, /http\.rate-limited what=join address=127\.0\.0\.4 /).length === 1, 5000, 'the join rate-limit log line')
  })
})

describe('what a join may add to a board', () => {
  const file = serverForFile({ env: { MAX_ORGANISATIONS_PER_BOARD: '3' } })
  const join = (id: string, organisation: string, name = 'Anne') => postJson(file.server, `/api/boards/${id}/join`, { name, organisation })
  const lock = (id: string, key: string, locked: boolean) =>
    send(file.server, 'POST', `/api/boards/${id}/lock`, { body: JSON.stringify({ locked }), headers: { authorization: `Bearer ${key}` } })

  it('at most MAX_ORGANISATIONS_PER_BOARD organisations, also when they all join at once; people of those still join', async () => {
    const board = await createBoard(file.server)
    const names = ['Gemeente', 'Woonstichting', 'Zorggroep', 'Bibliotheek', 'Buurtteam', 'GGD']
    const answers = await Promise.all(names.map((organisation) => join(board.id, organisation)))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 409, 409, 409])
    const refused = answers.find((a) => a.status === 409)!
    expect(JSON.parse(refused.body)).toEqual({ error: 'the board already has 3 organisations; join as one of them' })

    const inside = answers.filter((a) => a.status === 200).map((a) => JSON.parse(a.body).organisation.name as string)
    const c = file.client(board.id)
    await c.synced
    expect([...c.doc.getMap<OrganisationEntry>(DocKeys.organisations).values()].map((o) => o.name).sort()).toEqual([...inside].sort())
    // Someone else from an organisation that is already there, typed differently: welcome.
    const again = await join(board.id, `  ${inside[0].toUpperCase()} `, 'Bas')
    expect(again.status).toBe(200)
    expect(JSON.parse(again.body).organisation.name).toBe(inside[0])
    expect((await join(board.id, 'Nog een organisatie')).status).toBe(409)
  })

  it('a closed board takes no joins (423), except the facilitator’s; opened again, it does', async () => {
    const board = await createBoard(file.server)
    expect((await lock(board.id, board.facilitatorKey, true)).status).toBe(200)
    const refused = await join(board.id, 'Gemeente')
    expect(refused.status).toBe(423)
    expect(JSON.parse(refused.body)).toEqual({ error: 'the board is closed' })
    const withWrongKey = await send(file.server, 'POST', `/api/boards/${board.id}/join`, {
      body: JSON.stringify({ name: 'Eve', organisation: 'Gemeente' }),
      headers: { authorization: 'Bearer not-the-key' },
    })
    expect(withWrongKey.status).toBe(423)
    // The facilitator gets onto the board, so as to open it again.
    const facilitator = await send(file.server, 'POST', `/api/boards/${board.id}/join`, {
      body: JSON.stringify({ name: 'Bas', organisation: 'Procesbureau Samen' }),
      headers: { authorization: `Bearer ${board.facilitatorKey}` },
    })
    expect(facilitator.status).toBe(200)
    expect((await lock(board.id, board.facilitatorKey, false)).status).toBe(200)
    expect((await join(board.id, 'Gemeente')).status).toBe(200)
  })

  it('the page’s API client turns 423 and 409 into sentences the join screen shows, in Dutch and English', async () => {
    const { api } = await import('../../client/api.ts')
    const { describeError } = await import('../../client/ui/errors.ts')
    const realFetch = globalThis.fetch
    // The page's client asks its own origin; here that is the test server.
    vi.stubGlobal('fetch', (path: string, init?: RequestInit) => realFetch(new URL(path, file.server.url), init))
    try {
      const failure = async (promise: Promise<unknown>) => promise.then(() => expect.fail('the join went through'), (error: unknown) => error)
      const nl = (error: unknown) => describeError(error, (key, vars) => translate('nl', key, vars))
      const en = (error: unknown) => describeError(error, (key, vars) => translate('en', key, vars))

      const closed = await createBoard(file.server)
      expect((await lock(closed.id, closed.facilitatorKey, true)).status).toBe(200)
      const refused = await failure(api.join(closed.id, { name: 'Anne', organisation: 'Gemeente' }))
      expect(nl(refused)).toBe('Dit bord is gesloten door de procesbegeleider.')
      expect(en(refused)).toBe('The facilitator has closed this board.')
      await expect(api.join(closed.id, { name: 'Bas', organisation: 'Procesbureau Samen' }, closed.facilitatorKey)).resolves.toMatchObject({
        organisation: { name: 'Procesbureau Samen' },
      })

      const full = await createBoard(file.server)
      for (const organisation of ['Gemeente', 'Woonstichting', 'Zorggroep']) expect((await join(full.id, organisation)).status).toBe(200)
      const tooMany = await failure(api.join(full.id, { name: 'Karim', organisation: 'Bibliotheek' }))
      expect(nl(tooMany)).toMatch(/^Er doen al zoveel organisaties mee als dit bord toelaat\./)
      expect(en(tooMany)).toMatch(/^This board already has as many organisations as it allows\./)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

/** A raw TCP connection to the server: what it received, and when the server closed it. */
function rawConnection(server: RunningServer) {
  const socket = connect(server.port, '127.0.0.1')
  const opened = performance.now()
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => {
    socket.on('close', () => resolve({ afterMs: performance.now() - opened, received }))
    // A reset instead of a clean close is still a close.
    socket.on('error', () => {})
  })
  return { socket, closed, ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())) }
}

describe('HTTP timeouts', () => {
  const HEADERS_MS = 500
  const REQUEST_MS = 1500
  const file = serverForFile({ env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS) } })

  it('ends a request whose headers or body do not arrive in time; a websocket and honest requests are not affected', async () => {
    const { server } = file
    const board = await createBoard(server)
    const opened = await rawSocket(`${server.wsUrl}/ws/${board.id}`)
    if (!('socket' in opened)) throw new Error(`websocket refused with ${opened.status}`)
    const ws = opened.socket
    let wsClosed = false
    ws.on('close', () => (wsClosed = true))

    // Half a request line, then nothing.
    const halfLine = rawConnection(server)
    await halfLine.ready
    halfLine.socket.write('GET /heal')
    // All headers, and 10 of the 100 bytes of body promised.
    const halfBody = rawConnection(server)
    await halfBody.ready
    halfBody.socket.write(`POST /api/boards HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"title":`)

    const [headersCut, bodyCut] = await Promise.all([halfLine.closed, halfBody.closed])
    // Within the timeout plus one round of Node's check (at most 1 s), with room for a busy machine.
    expect(headersCut.afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50)
    expect(headersCut.afterMs).toBeLessThan(HEADERS_MS + 1000 + 1000)
    expect(bodyCut.afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50)
    expect(bodyCut.afterMs).toBeLessThan(REQUEST_MS + 1000 + 1000)
    // Told why, not just cut off.
    expect(headersCut.received).toMatch(/^HTTP\/1\.1 408 /)
    expect(bodyCut.received).toMatch(/^HTTP\/1\.1 408 /)
    // The handler waiting for that body learns the request is gone: no crash in the log.
    await waitFor(() => lines(server, /info http\.aborted method=POST path=\/api\/boards /).length === 1, 5000, 'the calm log line')
    expect(lines(server, /http\.crash/)).toEqual([])

    // The websocket has been open longer than the request timeout and still answers.
    expect(wsClosed).toBe(false)
    const pong = new Promise<void>((resolve) => ws.once('pong', () => resolve()))
    ws.ping()
    await pong
    ws.close()

    // A body that trickles in takes longer than the headers timeout, within the request timeout: fine.
    const slow = rawConnection(server)
    await slow.ready
    const body = JSON.stringify({ title: 'Langzaam netwerk' })
    slow.socket.write(`POST /api/boards HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`)
    for (const part of [body.slice(0, 5), body.slice(5, 12), body.slice(12)]) {
      await new Promise((resolve) => setTimeout(resolve, HEADERS_MS / 2))
      slow.socket.write(part)
    }
    expect((await slow.closed).received).toMatch(/^HTTP\/1\.1 201 /)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(server.process.exitCode).toBeNull()
  })
})

describe('request bodies', () => {
  const file = serverForFile()

  it('takes application/json, with parameters, and nothing that only starts like it (415)', async () => {
    const create = (type: string) =>
      send(file.server, 'POST', '/api/boards', { body: JSON.stringify({ title: 'Soorten' }), headers: { 'content-type': type } })
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json ; charset=utf-8']) {
      expect((await create(type)).status, type).toBe(201)
    }
    for (const type of ['application/jsonp', 'application/json-seq', 'application/json5', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', '']) {
      const answer = await create(type)
      expect(answer.status, type).toBe(415)
      expect(JSON.parse(answer.body)).toEqual({ error: 'send JSON (content-type: application/json)' })
    }
  })

  it('answers a body over 16 KiB with 413 that the client gets to read, with or without a length, and carries on', async () => {
    const { server } = file
    const tooLarge = { error: 'request body is larger than 16384 bytes' }
    // Far more than fits in the socket's buffers: the server must take it in and drop it, not hang up.
    const withLength = await send(server, 'POST', '/api/boards', { body: JSON.stringify({ title: 'x'.repeat(2_000_000) }) })
    expect(withLength.status).toBe(413)
    expect(JSON.parse(withLength.body)).toEqual(tooLarge)
    const chunked = await new Promise<Answer>((resolve, reject) => {
      const req = request(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 100; i++) req.write('x'.repeat(1000))
      req.end()
    })
    expect(chunked.status).toBe(413)
    expect(JSON.parse(chunked.body)).toEqual(tooLarge)
    expect(lines(server, /http\.crash/)).toEqual([])
    expect((await postJson(server, '/api/boards', { title: 'Daarna gewoon' })).status).toBe(201)
  })
})

describe('a request the client gives up on', () => {
  const file = serverForFile()

  it('is logged calmly, not as a crash, and the server carries on', async () => {
    const { server } = file
    const board = await createBoard(server)
    for (const path of ['/api/boards', `/api/boards/${board.id}/join`]) {
      const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' }, agent: false })
      req.on('error', () => {})
      // The headers and part of the body are on their way; then the laptop closes the page.
      await new Promise<void>((resolve, reject) => req.write('{"title":"hal', (error) => (error ? reject(error) : resolve())))
      req.destroy()
    }
    await waitFor(() => lines(server, /http\.aborted/).length === 2, 5000, 'two calm log lines')
    expect(lines(server, /info http\.aborted method=POST path=\/api\/boards reason=/)).toHaveLength(1)
    expect(lines(server, new RegExp(`info http\\.aborted method=POST path=/api/boards/${board.id}/join reason=`))).toHaveLength(1)
    expect(lines(server, /http\.crash|http\.error/)).toEqual([])
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(server.process.exitCode).toBeNull()
  })
})

describe('security headers', () => {
  // A key with what a careless replace() or a missing escape would turn into something else.
  const file = serverForFile({ env: { TLDRAW_LICENSE_KEY: "key-$&-$'-</script>" } })

  it('nosniff on every answer: the page, files, the API, errors and 404s', async () => {
    const { server } = file
    const page = await (await fetch(`${server.url}/`)).text()
    const script = page.match(/src="(\/assets\/[^"]+\.js)"/)?.[1]
    if (!script) throw new Error('the client is not built: run npm run build before the tests')
    const answers = [
      await send(server, 'GET', '/'),
      await send(server, 'GET', '/b/some-board-id-1234567'),
      await send(server, 'HEAD', '/v/some-view-id-12345678'),
      await send(server, 'GET', script),
      await send(server, 'GET', '/sw.js'),
      await send(server, 'GET', '/assets/nope.js'),
      await send(server, 'GET', '/nope'),
      await send(server, 'GET', '/healthz'),
      await send(server, 'GET', '/api/time'),
      await send(server, 'GET', '/api/boards/AAAAAAAAAAAAAAAAAAAAAA'),
      await send(server, 'GET', '/api/nope'),
      await send(server, 'GET', '/api/boards'),
      await send(server, 'POST', '/api/boards', { body: 'x', headers: { 'content-type': 'text/plain' } }),
      await send(server, 'DELETE', '/'),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 404, 404, 200, 200, 404, 404, 405, 415, 405])
    for (const answer of answers) expect(answer.headers['x-content-type-options']).toBe('nosniff')
    const etag = answers[3].headers.etag!
    const notModified = await send(server, 'GET', script, { headers: { 'if-none-match': etag } })
    expect(notModified.status).toBe(304)
    expect(notModified.headers['x-content-type-options']).toBe('nosniff')
  })

  it('the page has a Content-Security-Policy that lets exactly its one inline script run, by hash', async () => {
    const answer = await send(file.server, 'GET', '/b/some-board-id-1234567')
    const policy = answer.headers['content-security-policy']
    if (typeof policy !== 'string') throw new Error('no Content-Security-Policy on the page')
    const directives = Object.fromEntries(
      policy.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/)
        return [name, values]
      }),
    )
    const inline = [...answer.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
    expect(inline).toHaveLength(1)
    // The config arrived whole: the key's $& and </script> neither rewrote nor ended the script.
    expect(inline[0]).toBe(`window.__WATERLIJN_CONFIG__ = {"tldrawLicenseKey":"key-$&-$'-\\u003c/script>"}`)
    const hash = createHash('sha256').update(inline[0], 'utf8').digest('base64')
    expect(directives['script-src']).toEqual(["'self'", `'sha256-${hash}'`])
    expect(directives).toMatchObject({
      'default-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'", 'data:', 'ws:', 'wss:'],
      'worker-src': ["'self'", 'blob:'],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'self'"],
      'object-src': ["'none'"],
    })
    // Every other script the page names is a file from the server itself.
    for (const [, src] of answer.body.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) expect(src).toMatch(/^\/assets\//)
  })
})
