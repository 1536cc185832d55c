// The short join code: found as typed, guessing stopped per address, a closed board's code opens nothing,
// and the facilitator can make a new one.
import { describe, expect, it } from 'vitest'
import { formatJoinCode, normaliseJoinCode } from '../../shared/joinCode.ts'
import { createBoard } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'

const file = serverForFile({ env: { WRONG_JOIN_CODES_PER_MINUTE_PER_ADDRESS: '5' } })

/** Requests from their own loopback address, so each test has its own limit. */
let nextAddress = 10

async function lookupFrom(address: string, code: string): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const { request } = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = request(`${file.server.url}/api/join/${encodeURIComponent(code)}`, { localAddress: address }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), retryAfter: res.headers['retry-after'] ?? null }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('join codes', () => {
  it('creating a board gives a code that opens its join screen, typed any way', async () => {
    const board = await createBoard(file.server)
    expect(normaliseJoinCode(board.joinCode)).toBe(board.joinCode)
    const address = `127.0.0.${nextAddress++}`
    for (const typed of [board.joinCode, formatJoinCode(board.joinCode).toLowerCase(), ` ${formatJoinCode(board.joinCode)} `]) {
      expect(await lookupFrom(address, typed)).toMatchObject({ status: 200, body: { id: board.id } })
    }
    // The page for a code typed in the address bar is served.
    expect((await fetch(`${file.server.url}/j/${board.joinCode}`)).status).toBe(200)
    // The facilitator sees it in the board info; nobody else does.
    const info = await (await fetch(`${file.server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json()
    expect(info.joinCode).toBe(board.joinCode)
    expect((await (await fetch(`${file.server.url}/api/boards/${board.id}`)).json()).joinCode).toBeUndefined()
  })

  it('wrong codes are limited per address: past the limit even the right code gets 429 with Retry-After', async () => {
    const board = await createBoard(file.server)
    const address = `127.0.0.${nextAddress++}`
    for (let i = 0; i < 5; i++) expect((await lookupFrom(address, 'ZZZZZZ')).status).toBe(404)
    const refused = await lookupFrom(address, board.joinCode)
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    // Another address is not affected, and right codes do not count.
    const other = `127.0.0.${nextAddress++}`
    for (let i = 0; i < 10; i++) expect((await lookupFrom(other, board.joinCode)).status).toBe(200)
  })

  it('a closed board’s code opens nothing; the facilitator makes a new one and the old stops working', async () => {
    const board = await createBoard(file.server)
    const address = `127.0.0.${nextAddress++}`
    const post = (path: string, key: string | null, body: unknown = {}) =>
      fetch(`${file.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) })
    expect((await post(`/api/boards/${board.id}/lock`, board.facilitatorKey, { locked: true })).status).toBe(200)
    expect((await lookupFrom(address, board.joinCode)).status).toBe(404)
    expect((await post(`/api/boards/${board.id}/lock`, board.facilitatorKey, { locked: false })).status).toBe(200)
    expect((await lookupFrom(address, board.joinCode)).status).toBe(200)

    expect((await post(`/api/boards/${board.id}/join-code`, null)).status).toBe(401)
    expect((await post(`/api/boards/${board.id}/join-code`, 'wrong')).status).toBe(403)
    const renewed = await post(`/api/boards/${board.id}/join-code`, board.facilitatorKey)
    expect(renewed.status).toBe(200)
    const { joinCode } = await renewed.json()
    expect(joinCode).not.toBe(board.joinCode)
    expect((await lookupFrom(address, board.joinCode)).status).toBe(404)
    expect(await lookupFrom(address, joinCode)).toMatchObject({ status: 200, body: { id: board.id } })
  })
})
