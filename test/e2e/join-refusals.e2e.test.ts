/**
 * What the join screen says when the server refuses a join, in a real browser: a closed board keeps new
 * partners out with a sentence instead of an error code, while the facilitator still gets on to open it.
 */
import { describe, expect, it } from 'vitest'
import { browserSuite, connected, createBoardViaApi, WAIT } from './harness.ts'

describe('refused joins', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  it('a closed board tells a new partner so; the facilitator still gets on and opens it again', async () => {
    const board = await createBoardViaApi(suite.server, 'Na afloop')
    const closed = await fetch(`${suite.server.url}/api/boards/${board.id}/lock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorKey}` },
      body: JSON.stringify({ locked: true }),
    })
    expect(closed.status).toBe(200)

    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await partner.getByLabel('Je naam').fill('Anne')
    await partner.getByLabel('Je organisatie').fill('Gemeente Utrecht')
    await partner.getByRole('button', { name: 'Meedoen' }).click()
    await partner.getByRole('alert').filter({ hasText: 'Dit bord is gesloten door de procesbegeleider.' }).waitFor({ timeout: WAIT })
    expect(await partner.locator('.tl-canvas').count()).toBe(0)

    // A browser that never saw this board: the facilitator link alone gets the facilitator on.
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await facilitator.getByLabel('Je naam').fill('Bas')
    await facilitator.getByLabel('Je organisatie').fill('Procesbureau Samen')
    await facilitator.getByRole('button', { name: 'Meedoen' }).click()
    await facilitator.locator('.tl-canvas').waitFor({ timeout: WAIT })
    await connected(facilitator)
    await facilitator.getByRole('button', { name: 'Bord heropenen' }).click()
    await expect.poll(async () => (await (await fetch(`${suite.server.url}/api/boards/${board.id}`)).json()).locked, { timeout: WAIT }).toBe(false)

    // Opened again: the same partner is let in.
    await partner.getByRole('button', { name: 'Meedoen' }).click()
    await partner.locator('.tl-canvas').waitFor({ timeout: WAIT })
    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
