// What the HTTP side refuses, and how: rate limits, caps, timeouts, content types, headers, aborted requests.
import { request, type IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { waitFor, type RunningServer } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'

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
