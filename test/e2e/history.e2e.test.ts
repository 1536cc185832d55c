/**
 * The board's history in real browsers: the facilitator keeps a version, wipes the board, looks at the
 * version without changing anything, restores it (the partner's screen shows the notes again and says
 * who restored what), and undoes the restore from the history.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, createBoardViaApi, join, note, typeIntoNewNote, WAIT } from './harness.ts'

describe('history', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  async function openHistory(page: Page): Promise<void> {
    await page.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await page.getByRole('button', { name: 'Geschiedenis', exact: true }).click()
    await page.getByRole('dialog', { name: 'Geschiedenis' }).waitFor({ timeout: WAIT })
  }

  it('keeps a version, shows it read-only, restores it for everyone, and undoes the restore', async () => {
    const board = await createBoardViaApi(suite.server, 'Coalitieoverleg')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Fien', 'Procesbureau Samen')
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')

    for (const text of ['Samen sterker', 'Ruimte voor water']) {
      await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await typeIntoNewNote(partner, text)
      await note(facilitator, text).waitFor({ timeout: WAIT })
    }

    await openHistory(facilitator)
    const panel = facilitator.getByRole('dialog', { name: 'Geschiedenis' })
    await panel.getByLabel('Naam (mag leeg blijven)').fill('voor het wissen')
    await panel.getByRole('button', { name: 'Versie bewaren' }).click()
    const saved = panel.locator('.history__version', { hasText: 'voor het wissen' })
    await saved.waitFor({ timeout: WAIT })
    expect(await saved.textContent()).toContain('2 notities')
    expect(await saved.textContent()).toContain('Gemeente Utrecht')
    await panel.getByRole('button', { name: 'Sluiten' }).click()

    // The facilitator's select-all + Delete.
    await facilitator.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await facilitator.keyboard.press('Control+a')
    await facilitator.keyboard.press('Delete')
    await expect.poll(() => note(partner, 'Samen sterker').count(), { timeout: WAIT }).toBe(0)

    // A look at the version changes nothing for anyone.
    await openHistory(facilitator)
    await facilitator.locator('.history__version', { hasText: 'voor het wissen' }).getByRole('button', { name: 'Bekijken' }).click()
    const preview = facilitator.locator('.history__preview')
    await preview.locator('.history__section').getByText('Samen sterker').waitFor({ timeout: WAIT })
    expect(await preview.textContent()).toContain('Ruimte voor water')
    expect(await preview.textContent()).toContain('Anne · Gemeente Utrecht')
    // And a picture of the version's canvas, drawn apart from the live board.
    const picture = preview.getByRole('img', { name: /Het bord zoals het was om/ }).locator('img')
    await picture.waitFor({ timeout: WAIT })
    await expect.poll(() => picture.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: WAIT }).toBeGreaterThan(100)
    // And on a canvas of its own, read-only: the notes of then, over a live board that does not have them.
    await facilitator.getByRole('button', { name: 'Op het bord bekijken' }).click()
    const versionCanvas = facilitator.getByRole('dialog', { name: /alleen bekijken/ })
    await versionCanvas.locator('.tl-note__container', { hasText: 'Samen sterker' }).waitFor({ timeout: WAIT })
    await versionCanvas.locator('.tl-canvas').click({ position: { x: 20, y: 20 } })
    await facilitator.keyboard.press('Escape')
    await versionCanvas.waitFor({ state: 'detached', timeout: WAIT })
    expect(await note(partner, 'Samen sterker').count()).toBe(0)

    await facilitator.locator('.side-panel').getByRole('button', { name: 'Terugzetten' }).click()
    await facilitator.getByRole('button', { name: 'Ja, terugzetten' }).click()
    for (const text of ['Samen sterker', 'Ruimte voor water']) await note(partner, text).waitFor({ timeout: WAIT })
    await partner.getByText(/De procesbegeleider heeft de versie van \d\d:\d\d teruggezet/).waitFor({ timeout: WAIT })
    await note(facilitator, 'Samen sterker').waitFor({ timeout: WAIT })

    // Undo: the board as it was just before the restore (wiped) is the newest version.
    const newest = facilitator.locator('.history__version').first()
    await expect.poll(() => newest.textContent(), { timeout: WAIT }).toContain('vóór terugzetten')
    expect(await newest.textContent()).toContain('0 notities')
    await newest.getByRole('button', { name: 'Terugzetten' }).click()
    await facilitator.getByRole('button', { name: 'Ja, terugzetten' }).click()
    await expect.poll(() => note(partner, 'Samen sterker').count(), { timeout: WAIT }).toBe(0)
    expect(await note(partner, 'Ruimte voor water').count()).toBe(0)

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
