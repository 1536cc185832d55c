/**
 * Two people in two real browsers on the real server (serving the built client):
 * a facilitator creates a board, a partner joins through the join link and writes a note, and the
 * facilitator sees it with its author and organisation; a note written while offline arrives once the
 * partner is back online; a viewer sees the board read-only. The pages may talk to their own origin only.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import { browserSuite, connected, createBoardViaApi, join, note, typeIntoNewNote, WAIT } from './harness.ts'
import { waitFor } from '../helpers/server.ts'
import type { Page } from 'playwright-core'

const SCREENSHOT = joinPath(import.meta.dirname, '__screenshots__', 'board.png')

describe('a board in two browsers', { timeout: 120_000 }, () => {
  const suite = browserSuite()
  const { foreignRequests, pageErrors } = suite
  const newContext = suite.newContext

  /** Adds a note with the big button and types into it, then leaves the note. */
  async function addNote(page: Page, text: string): Promise<void> {
    await page.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(page, text)
  }

  it('a partner’s note reaches the facilitator with its author and organisation, also after being offline', async () => {
    const started = Date.now()
    const facilitatorContext = await newContext()
    const partnerContext = await newContext()
    const facilitator = await facilitatorContext.newPage()
    const partner = await partnerContext.newPage()

    // The facilitator creates a board on the start page.
    await facilitator.goto(suite.server.url + '/')
    await facilitator.getByLabel('Titel van het bord').fill('Verkenningsbijeenkomst Wijkaanpak')
    await facilitator.getByRole('button', { name: 'Bord maken' }).click()
    await facilitator.getByRole('heading', { name: /Verkenningsbijeenkomst Wijkaanpak/ }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('img', { name: 'QR-code met de link voor deelnemers' }).locator('svg').waitFor()
    const joinUrl = await facilitator.getByLabel('Link voor deelnemers', { exact: true }).inputValue()
    const facilitatorUrl = await facilitator.getByLabel('Link voor de procesbegeleider', { exact: true }).inputValue()
    const viewUrl = await facilitator.getByLabel('Link om alleen te kijken', { exact: true }).inputValue()
    expect(joinUrl).toMatch(new RegExp(`^${suite.server.url}/b/[^#]+$`))
    expect(facilitatorUrl).toMatch(/#key=/)
    // The board is remembered under "Mijn borden".
    await facilitator.getByRole('link', { name: 'Bord “Verkenningsbijeenkomst Wijkaanpak” openen als procesbegeleider' }).waitFor()

    // The partner opens the join link, says who she is, and writes a note.
    await partner.goto(joinUrl)
    await partner.getByRole('heading', { name: 'Doe mee met “Verkenningsbijeenkomst Wijkaanpak”' }).waitFor({ timeout: WAIT })
    await join(partner, 'Anne', 'Gemeente Utrecht')
    await addNote(partner, 'Meer groen in de wijk')
    await note(partner, 'Meer groen in de wijk').waitFor()

    // The facilitator opens the board and sees the note, its text and who wrote it.
    await facilitator.goto(facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const seen = note(facilitator, 'Meer groen in de wijk')
    await seen.waitFor({ timeout: WAIT })
    await expect.poll(() => seen.innerText()).toContain('Anne · Gemeente Utrecht')
    // Everyone is visible by name (cursors are drawn on the canvas; the top bar lists the people present).
    await facilitator.mouse.move(640, 420)
    await facilitator.mouse.move(700, 460)
    await partner.getByRole('listitem', { name: 'Bas (Procesbureau Samen)' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('listitem', { name: 'Anne (Gemeente Utrecht)' }).waitFor({ timeout: WAIT })

    // The facilitator adds a note too: it gets his organisation's colour and name.
    await addNote(facilitator, 'Wie sluit er nog aan?')
    await note(partner, 'Wie sluit er nog aan?').waitFor({ timeout: WAIT })
    await expect.poll(() => note(partner, 'Wie sluit er nog aan?').innerText()).toContain('Bas · Procesbureau Samen')

    mkdirSync(dirname(SCREENSHOT), { recursive: true })
    await facilitator.screenshot({ path: SCREENSHOT })

    // The share panel shows the join QR code and link.
    await facilitator.getByRole('button', { name: 'Delen' }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Deelnemers uitnodigen' })
    await panel.getByRole('img', { name: 'QR-code met de link voor deelnemers' }).locator('svg').waitFor()
    expect(await panel.getByLabel('Link voor deelnemers', { exact: true }).inputValue()).toBe(joinUrl)
    expect(await panel.getByLabel('Link om alleen te kijken', { exact: true }).inputValue()).toBe(viewUrl)
    await facilitator.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })

    // The partner loses the network, writes on, and is told calmly that nothing is lost.
    await partnerContext.setOffline(true)
    await partner.getByRole('status').filter({ hasText: /^Offline — je notities worden bewaard/ }).waitFor({ timeout: WAIT })
    await addNote(partner, 'Geschreven zonder verbinding')
    await note(partner, 'Geschreven zonder verbinding').waitFor()
    expect(await note(facilitator, 'Geschreven zonder verbinding').count()).toBe(0)

    await partnerContext.setOffline(false)
    await connected(partner)
    const arrived = note(facilitator, 'Geschreven zonder verbinding')
    await arrived.waitFor({ timeout: WAIT })
    await expect.poll(() => arrived.innerText()).toContain('Anne · Gemeente Utrecht')

    // A viewer sees the board, read-only: no join screen, no add button.
    const viewerContext = await newContext()
    const viewer = await viewerContext.newPage()
    const viewerSockets: string[] = []
    viewer.on('websocket', (socket) => viewerSockets.push(socket.url()))
    await viewer.goto(viewUrl)
    await viewer.getByText('Alleen lezen').waitFor({ timeout: WAIT })
    await note(viewer, 'Geschreven zonder verbinding').waitFor({ timeout: WAIT })
    // Its connection carries the board's route key for a load balancer, never the board id.
    const boardId = new URL(facilitatorUrl).pathname.split('/')[2]
    expect(viewerSockets.length).toBeGreaterThan(0)
    for (const url of viewerSockets) {
      expect(new URL(url).searchParams.get('route')).toBe(boardId.slice(0, 6))
      expect(url).not.toContain(boardId)
    }
    expect(await viewer.getByRole('button', { name: 'Notitie toevoegen' }).count()).toBe(0)

    // English on request, remembered.
    await viewer.getByRole('button', { name: 'Switch to English' }).click()
    await viewer.getByText('View only').waitFor()
    await viewer.reload()
    await viewer.getByText('View only').waitFor({ timeout: WAIT })

    expect(foreignRequests).toEqual([])
    expect(pageErrors).toEqual([])
    console.log(`e2e: two browsers, board to note to offline and back, in ${Date.now() - started} ms`)
    await Promise.all([facilitatorContext.close(), partnerContext.close(), viewerContext.close()])
  })

  it('a board reloaded without network still shows the notes kept in the browser', async () => {
    const board = await createBoardViaApi(suite.server, 'Werkconferentie zonder wifi')
    const context = await newContext({ serviceWorkers: 'allow' })
    const page = await context.newPage()
    await page.goto(board.joinUrl)
    await join(page, 'Karim', 'Woningcorporatie Thuis')
    await addNote(page, 'Bewaard in de browser')
    await note(page, 'Bewaard in de browser').waitFor()
    // No online reload first: the service worker keeps the page from this very first visit.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: WAIT })
    // (page.evaluate awaits the page's promise; waitForFunction would take the promise itself as truthy.)
    await waitFor(() => page.evaluate(async () => (await caches.match('/__page')) !== undefined), WAIT, 'the page kept for offline use')

    await context.setOffline(true)
    await page.getByRole('status').filter({ hasText: /^Offline/ }).waitFor({ timeout: WAIT })
    await page.reload()
    await note(page, 'Bewaard in de browser').waitFor({ timeout: WAIT })
    await page.getByRole('status').filter({ hasText: /^Offline/ }).waitFor({ timeout: WAIT })
    await context.setOffline(false)
    await connected(page)
    expect(foreignRequests).toEqual([])
    await context.close()
  })

  it('a facilitator link with a wrong key says so instead of waiting forever', async () => {
    const board = await createBoardViaApi(suite.server, 'Verkeerde sleutel')
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(`${suite.server.url}/b/${board.id}#key=niet-de-goede-sleutel`)
    await page.getByLabel('Je naam').fill('Bas')
    await page.getByLabel('Je organisatie').fill('Procesbureau Samen')
    await page.getByRole('button', { name: 'Meedoen' }).click()
    await page.getByRole('alert').filter({ hasText: 'Geen toegang: deze link klopt niet' }).waitFor({ timeout: WAIT })
    expect(foreignRequests).toEqual([])
    await context.close()
  })

  it('an unknown board says so in Dutch', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(suite.server.url + '/b/bestaatniet0000000000')
    await page.getByRole('alert').filter({ hasText: 'Dit bord bestaat niet' }).waitFor({ timeout: WAIT })
    expect(foreignRequests).toEqual([])
    await context.close()
  })
})
