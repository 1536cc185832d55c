/**
 * The programme in real browsers: the facilitator sets up three parts, one using a template on the
 * board, and steps through them; a partner's canvas goes to the part's template, their strip names the
 * part and their timer runs its minutes; a phone in the list view shows the strip too.
 */
import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { browserSuite, createBoardViaApi, join, joinOnPhone, placeTemplate, WAIT } from './harness.ts'
import { runAxe } from '../helpers/axe.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'

const ICEBERG = 'IJsberg en waterlijn'
const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')
mkdirSync(SCREENSHOTS, { recursive: true })

describe('programme', { timeout: 180_000 }, () => {
  const suite = browserSuite()

  const strip = (page: Page) => page.getByRole('region', { name: 'Programma' })
  const icebergFrame = (page: Page) => page.locator('.tl-shape[data-shape-type="frame"]').filter({ has: page.locator('.tl-frame-heading', { hasText: ICEBERG }) })

  /** Where the iceberg lies on this screen's canvas: in view and filling most of it, or not. */
  async function icebergShown(page: Page): Promise<'fills the view' | 'elsewhere'> {
    const [frame, canvas] = await Promise.all([icebergFrame(page).boundingBox(), page.locator('.tl-canvas').boundingBox()])
    if (!frame || !canvas) return 'elsewhere'
    const inside = frame.x >= canvas.x - 2 && frame.y >= canvas.y - 2 && frame.x + frame.width <= canvas.x + canvas.width + 2 && frame.y + frame.height <= canvas.y + canvas.height + 2
    const large = frame.width > canvas.width * 0.5 || frame.height > canvas.height * 0.5
    return inside && large ? 'fills the view' : 'elsewhere'
  }

  const timerText = (page: Page) => page.getByRole('timer').locator('.timer__time').textContent()
  const part = (panel: Locator, index: number) => panel.getByRole('listitem', { name: new RegExp(`^Onderdeel ${index}:`) })

  it('set up three parts, then "Volgende onderdeel" moves everyone’s view, names the part and starts its timer', async () => {
    const board = await createBoardViaApi(suite.server, 'Verkenning wijkaanpak')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await placeTemplate(facilitator, ICEBERG)

    // A new board comes with the four parts of a verkenningsbijeenkomst, not started.
    await strip(facilitator).getByText('Programma: nog niet begonnen').waitFor({ timeout: WAIT })
    await strip(facilitator).getByRole('button', { name: 'Programma', exact: true }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Programma van de bijeenkomst' })
    await panel.waitFor({ timeout: WAIT })
    expect(await panel.getByRole('listitem').count()).toBe(4)
    expect(await part(panel, 2).getByLabel('Titel').inputValue()).toBe('Centraal deel — belangen en behoeften')

    // Three parts: the closing one goes, two get their own title and length, the second uses the iceberg.
    await panel.getByRole('button', { name: 'Afsluitend deel — erkenning en netwerken verwijderen' }).click()
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: WAIT }).toBe(3)
    await part(panel, 1).getByLabel('Titel').fill('Kennismaken')
    await part(panel, 1).getByLabel('Minuten').fill('5')
    await part(panel, 2).getByLabel('Titel').fill('Onder de waterlijn')
    await part(panel, 2).getByLabel('Minuten').fill('25')
    await part(panel, 2).getByRole('checkbox', { name: ICEBERG }).check()
    await part(panel, 3).getByLabel('Minuten').fill('15')
    // Reordering by keyboard: the keyboard stays on the part that moved.
    await panel.getByRole('button', { name: 'Kennismaken omlaag' }).focus()
    await facilitator.keyboard.press('Enter')
    await expect.poll(() => part(panel, 2).getByLabel('Titel').inputValue(), { timeout: WAIT }).toBe('Kennismaken')
    expect(await facilitator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Kennismaken omlaag')
    await panel.getByRole('button', { name: 'Kennismaken omhoog' }).click()
    await expect.poll(() => part(panel, 1).getByLabel('Titel').inputValue(), { timeout: WAIT }).toBe('Kennismaken')
    await panel.getByText('Gepland: 45 minuten in totaal').waitFor({ timeout: WAIT })
    // The panel and the strip pass WCAG 2.1 AA, as every screen of ours does.
    expect((await runAxe(facilitator)).ours).toEqual([])
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'programme-panel.png') })
    await panel.getByRole('button', { name: 'Sluiten' }).click()

    // A partner on the canvas, looking somewhere else than the iceberg; no strip before the start.
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    await partner.locator('.tl-canvas').hover()
    for (let i = 0; i < 6; i++) await partner.mouse.wheel(0, 1500)
    await expect.poll(() => icebergShown(partner), { timeout: WAIT }).toBe('elsewhere')
    expect(await strip(partner).count()).toBe(0)

    // Begin: the first part has no template, so nobody's view moves; its timer runs.
    await strip(facilitator).getByRole('button', { name: 'Beginnen' }).click()
    await strip(partner).getByText('Kennismaken · 5 min').waitFor({ timeout: WAIT })
    await strip(partner).getByText('Onderdeel 1 van 3').waitFor({ timeout: WAIT })
    await expect.poll(() => timerText(partner), { timeout: WAIT }).toMatch(/^(5:00|4:5\d)$/)
    expect(await icebergShown(partner)).toBe('elsewhere')

    // Next: the partner is brought to the iceberg, the strip names the part, the timer runs 25 minutes.
    await strip(facilitator).getByRole('button', { name: 'Volgende onderdeel' }).click()
    await strip(partner).getByText('Onder de waterlijn · 25 min').waitFor({ timeout: WAIT })
    await strip(partner).getByText('Onderdeel 2 van 3').waitFor({ timeout: WAIT })
    await expect.poll(() => timerText(partner), { timeout: WAIT }).toMatch(/^(25:00|24:5\d)$/)
    await expect.poll(() => icebergShown(partner), { timeout: WAIT }).toBe('fills the view')
    await expect.poll(() => icebergShown(facilitator), { timeout: WAIT }).toBe('fills the view')
    await partner.screenshot({ path: joinPath(SCREENSHOTS, 'programme-partner.png') })

    // A phone in the list view shows where the session is, in type large enough to read.
    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(board.joinUrl)
    await joinOnPhone(phone, 'Priya', 'Woonstichting Oost')
    await strip(phone).getByText('Onder de waterlijn · 25 min').waitFor({ timeout: WAIT })
    const smallest = await strip(phone).evaluate((root) => Math.min(...[...root.querySelectorAll('span')].map((el) => parseFloat(getComputedStyle(el).fontSize))))
    expect(smallest).toBeGreaterThanOrEqual(16)
    expect((await runAxe(phone)).ours).toEqual([])
    await phone.screenshot({ path: joinPath(SCREENSHOTS, 'programme-phone.png') })

    // Next again: the third part; the ones before have their end time, shown as how long they took.
    await strip(facilitator).getByRole('button', { name: 'Volgende onderdeel' }).click()
    await strip(partner).getByText('Onderdeel 3 van 3').waitFor({ timeout: WAIT })
    await strip(partner).getByText('Concluderend deel — commitment en vervolgafspraken · 15 min').waitFor({ timeout: WAIT })
    await strip(phone).getByText('Onderdeel 3 van 3').waitFor({ timeout: WAIT })
    await strip(facilitator).getByRole('button', { name: 'Programma', exact: true }).click()
    await part(panel, 1).getByText('duurde 0 minuten').waitFor({ timeout: WAIT })
    await part(panel, 2).getByText('duurde 0 minuten').waitFor({ timeout: WAIT })
    await part(panel, 3).getByText('Nu bezig').waitFor({ timeout: WAIT })

    // Back to a part from the panel: it runs again, with its own timer.
    await panel.getByRole('button', { name: 'Start dit onderdeel: Kennismaken' }).click()
    await strip(partner).getByText('Kennismaken · 5 min').waitFor({ timeout: WAIT })
    await expect.poll(() => timerText(partner), { timeout: WAIT }).toMatch(/^(5:00|4:5\d)$/)
    expect(suite.pageErrors).toEqual([])
    expect(suite.foreignRequests).toEqual([])
  })

  it('after the last part the strip says the programme is complete; the projector card names the part', async () => {
    const board = await createBoardViaApi(suite.server, 'Korte sessie')
    const facilitator = await (await suite.newContext({ viewport: { width: 1600, height: 900 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')

    await strip(facilitator).getByRole('button', { name: 'Beginnen' }).click()
    await strip(partner).getByText('Onderdeel 1 van 4').waitFor({ timeout: WAIT })
    // The projector shows the part, and steps on from there.
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    const card = facilitator.getByRole('complementary', { name: 'Meedoen en tijd' })
    await card.getByText('Begin — visie, stand van zaken, kansen en bedreigingen').waitFor({ timeout: WAIT })
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'programme-projector.png') })
    for (const [index, title] of [
      [2, 'Centraal deel — belangen en behoeften'],
      [3, 'Concluderend deel — commitment en vervolgafspraken'],
      [4, 'Afsluitend deel — erkenning en netwerken'],
    ] as const) {
      await card.getByRole('button', { name: 'Volgende onderdeel' }).click()
      await card.getByText(title).waitFor({ timeout: WAIT })
      await strip(partner).getByText(`Onderdeel ${index} van 4`).waitFor({ timeout: WAIT })
    }
    await card.getByRole('button', { name: 'Programma afronden' }).click()
    await card.getByText('Het programma is afgerond').waitFor({ timeout: WAIT })
    await strip(partner).getByText('Het programma is afgerond').waitFor({ timeout: WAIT })
    expect(await strip(partner).getByText(/Onderdeel \d van 4/).count()).toBe(0)
    await card.getByRole('button', { name: 'Projectormodus uit' }).click()
    await strip(facilitator).getByText('Het programma is afgerond').waitFor({ timeout: WAIT })
    expect(await strip(facilitator).getByRole('button', { name: 'Volgende onderdeel' }).count()).toBe(0)
    expect(suite.pageErrors).toEqual([])
  })

  it('a board from before the programme offers the standard programme', async () => {
    const board = await createBoardViaApi(suite.server, 'Oud bord')
    // As a board made before there was a programme: none in its document.
    const old = connectClient(suite.server.wsUrl, board.id, { key: board.facilitatorKey })
    await old.synced
    old.doc.getMap(DocKeys.board).delete(BoardMapKeys.programme)
    const fresh = connectClient(suite.server.wsUrl, board.id)
    await fresh.synced
    await waitFor(() => !fresh.doc.getMap(DocKeys.board).has(BoardMapKeys.programme), WAIT, 'the programme gone')
    old.destroy()
    fresh.destroy()

    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await strip(facilitator).getByText('Nog geen programma').waitFor({ timeout: WAIT })
    expect(await strip(facilitator).getByRole('button', { name: 'Beginnen' }).count()).toBe(0)
    await strip(facilitator).getByRole('button', { name: 'Programma', exact: true }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Programma van de bijeenkomst' })
    await panel.getByRole('button', { name: 'Leeg programma' }).waitFor({ timeout: WAIT })
    await panel.getByRole('button', { name: 'Standaardprogramma gebruiken' }).click()
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: WAIT }).toBe(4)
    await strip(facilitator).getByText('Programma: nog niet begonnen').waitFor({ timeout: WAIT })
    // In English, the same parts have English titles.
    await facilitator.getByRole('button', { name: 'English' }).first().click()
    const english = facilitator.getByRole('dialog', { name: 'Programme of the meeting' }).getByRole('listitem', { name: /^Part 2:/ })
    await expect.poll(() => english.getByLabel('Title').inputValue(), { timeout: WAIT }).toBe('Central part — interests and needs')
    expect(suite.pageErrors).toEqual([])
  })
})
