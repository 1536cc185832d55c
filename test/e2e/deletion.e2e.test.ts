/**
 * Deleting a board in a real browser: the facilitator deletes it under "Meer", the partner's open page
 * says so and forgets its offline copy and private notes, the link says so later, and "Mijn borden"
 * shows the board as deleted — also one deleted from elsewhere.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, createBoardViaApi, join, typeIntoNewNote, WAIT } from './harness.ts'

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))

describe('deleting a board', { timeout: 180_000 }, () => {
  const suite = browserSuite()

  it('the facilitator deletes it from "Meer"; the partner is told, and neither browser keeps a copy', async () => {
    const title = 'Verkenning Wijk Oost'
    const board = await createBoardViaApi(suite.server, title)
    const elsewhere = await createBoardViaApi(suite.server, 'Elders verwijderd')

    const facilitatorContext = await suite.newContext()
    const facilitator = await facilitatorContext.newPage()
    // Opened once here, so "Mijn borden" knows it; then deleted by someone else.
    await facilitator.goto(elsewhere.facilitatorUrl)
    await facilitator.getByLabel('Je naam').waitFor({ timeout: WAIT })
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')

    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    // The join screen says what happens with what a partner gives, and links to the privacy page.
    await partner.getByText('Je naam, organisatie en notities zijn zichtbaar voor iedereen op dit bord').waitFor({ timeout: WAIT })
    expect(await partner.getByRole('link', { name: 'Meer over privacy' }).getAttribute('href')).toBe('/privacy?lang=nl')
    await join(partner, 'Anne', 'Gemeente Utrecht')
    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(partner, 'Eerst de bewoners spreken')
    await facilitator.locator('.tl-note__container', { hasText: 'Eerst de bewoners spreken' }).waitFor({ timeout: WAIT })
    // A private note waiting for a reveal, as the private round keeps it.
    await partner.evaluate((id) => localStorage.setItem(`waterlijn-private-${id}`, '[{"id":"shape:privé"}]'), board.id)
    await expect.poll(() => databases(partner), { timeout: WAIT }).toContain(`waterlijn-${board.id}`)

    // "Meer" says when the board goes, and holds the delete with a confirmation that names the board.
    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByText(/^Wordt verwijderd op \d+ \w+ \d{4}$/).waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Bord verwijderen' }).click()
    await facilitator.getByText(`Het bord “${title}” wordt met alle notities`).waitFor({ timeout: WAIT })
    await facilitator.getByLabel('Typ de titel van het bord om te bevestigen').fill('Verkenning')
    await facilitator.getByRole('button', { name: 'Definitief verwijderen' }).click()
    await facilitator.getByRole('alert').filter({ hasText: `De titel klopt niet: typ “${title}”.` }).waitFor({ timeout: WAIT })
    expect((await fetch(`${suite.server.url}/api/boards/${board.id}`)).status).toBe(200)
    await facilitator.getByLabel('Typ de titel van het bord om te bevestigen').fill(title)
    await facilitator.getByRole('button', { name: 'Definitief verwijderen' }).click()
    await facilitator.getByRole('heading', { name: 'Dit bord is verwijderd.' }).waitFor({ timeout: WAIT })
    expect((await fetch(`${suite.server.url}/api/boards/${board.id}`)).status).toBe(404)

    // The partner's open page says so, and its copy, private notes and who they were are gone.
    await partner.getByRole('heading', { name: 'Dit bord is verwijderd.' }).waitFor({ timeout: WAIT })
    expect(await partner.locator('.tl-canvas').count()).toBe(0)
    await expect.poll(() => databases(partner), { timeout: WAIT }).not.toContain(`waterlijn-${board.id}`)
    const kept = await partner.evaluate((id) => [localStorage.getItem(`waterlijn-private-${id}`), localStorage.getItem(`waterlijn.joined.${id}`)], board.id)
    expect(kept).toEqual([null, null])
    await expect.poll(() => databases(facilitator), { timeout: WAIT }).not.toContain(`waterlijn-${board.id}`)

    // Opening the link again says so too.
    await partner.goto(board.joinUrl)
    await partner.getByRole('heading', { name: 'Dit bord is verwijderd.' }).waitFor({ timeout: WAIT })
    expect(await databases(partner)).not.toContain(`waterlijn-${board.id}`)

    // "Mijn borden": this board, and the one deleted elsewhere, are shown as deleted, without a link to open.
    const gone = await fetch(`${suite.server.url}/api/boards/${elsewhere.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${elsewhere.facilitatorKey}` } })
    expect(gone.status).toBe(200)
    await facilitator.goto(suite.server.url)
    const list = facilitator.getByRole('region', { name: 'Mijn borden' })
    for (const name of [title, 'Elders verwijderd']) {
      const item = list.getByRole('listitem').filter({ hasText: name })
      await item.getByText(/verwijderd op \d+ \w+ \d{4}/).waitFor({ timeout: WAIT })
      await item.getByText('Dit bord is verwijderd').waitFor({ timeout: WAIT })
      expect(await item.getByRole('link').count()).toBe(0)
    }
    const remembered = await facilitator.evaluate(() => JSON.parse(localStorage.getItem('waterlijn.myBoards') ?? '[]') as { facilitatorKey: string; deletedAt?: string }[])
    expect(remembered.every((b) => b.deletedAt && b.facilitatorKey === '')).toBe(true)
    await list.getByRole('button', { name: 'Verwijderd bord “Elders verwijderd” uit de lijst halen' }).click()
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: WAIT }).toBe(1)

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })

  it('"Mijn borden" shows an open board as open, when it was last open and when it goes, with its link', async () => {
    const board = await createBoardViaApi(suite.server, 'Werksessie Noord')
    const page = await (await suite.newContext()).newPage()
    await page.goto(board.facilitatorUrl)
    await page.getByLabel('Je naam').waitFor({ timeout: WAIT })
    await page.goto(suite.server.url)
    const item = page.getByRole('region', { name: 'Mijn borden' }).getByRole('listitem').filter({ hasText: 'Werksessie Noord' })
    await item.getByText('— open').waitFor({ timeout: WAIT })
    await item.getByText(/laatst open op .* · wordt verwijderd op/).waitFor({ timeout: WAIT })
    await item.getByText(board.joinUrl).waitFor({ timeout: WAIT })
  })
})
