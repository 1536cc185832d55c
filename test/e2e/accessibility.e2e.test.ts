/**
 * axe-core's WCAG 2.1 A and AA rules on every screen a person meets: the home page, the join screen, the
 * board as a partner and as the facilitator with a panel or "Meer" open, the projector, and the list on
 * a phone. Our own markup has no violation; what tldraw's own UI has is listed apart, by rule.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { runAxe, type Violation } from '../helpers/axe.ts'
import { addNoteInZone, browserSuite, createBoardViaApi, join, joinOnPhone, note, placeTemplate, WAIT } from './harness.ts'

const ZONE = 'Boven de waterlijn — gedeelde ambitie'

/**
 * The rules axe finds broken in tldraw's own UI, which we do not write; with tldraw 5.1.1 on these
 * screens there are none. A rule that turns up there (after an upgrade, say) fails the test, so it is
 * looked at and listed here with its reason, not waved through.
 */
const KNOWN_IN_TLDRAW: string[] = []

describe('accessibility', { timeout: 180_000 }, () => {
  const suite = browserSuite()
  /** Per screen, the violations in tldraw's own UI: rule and how many elements. */
  const inTldraw = new Map<string, string[]>()

  async function check(page: Page, screen: string): Promise<void> {
    const report = await runAxe(page)
    // Soft: one run lists every screen's violations, not only the first.
    expect.soft(report.ours.map(readable), screen).toEqual([])
    if (report.tldraws.length > 0) {
      inTldraw.set(screen, report.tldraws.map((v) => `${v.id} (${v.nodes.length})`))
      console.info(`${screen}: ${report.tldraws.length} rule(s) violated only inside tldraw's own UI\n${report.tldraws.map(readable).join('\n')}`)
    }
    expect.soft(
      report.tldraws.map((v) => v.id).filter((id) => !KNOWN_IN_TLDRAW.includes(id)),
      `${screen}: violations in tldraw's UI not known before`,
    ).toEqual([])
  }

  afterAll(() => {
    const lines = [...inTldraw].map(([screen, rules]) => `  ${screen}: ${rules.join(', ')}`)
    console.info(`Violations only inside tldraw's own UI, per screen:\n${lines.join('\n') || '  none'}`)
  })

  it('the home page, with a board just made, and the join screen', async () => {
    const page = await (await suite.newContext()).newPage()
    await page.goto(suite.server.url)
    await page.getByRole('heading', { name: 'Meedoen met een code' }).waitFor({ timeout: WAIT })
    await check(page, 'home page')

    await page.getByLabel('Titel van het bord').fill('Werkconferentie')
    await page.getByRole('button', { name: 'Bord maken' }).click()
    await page.getByRole('heading', { name: /Werkconferentie/ }).first().waitFor({ timeout: WAIT })
    await page.locator('.qr').first().waitFor({ timeout: WAIT })
    await check(page, 'home page with a new board')

    const board = await createBoardViaApi(suite.server, 'Verkenning')
    await page.goto(board.joinUrl)
    await page.getByLabel('Je naam').waitFor({ timeout: WAIT })
    await check(page, 'join screen')
    // Submitted empty: the errors beside the fields.
    await page.getByRole('button', { name: /Meedoen/ }).click()
    await page.getByText('Vul je naam in.').waitFor({ timeout: WAIT })
    await check(page, 'join screen with errors')
    expect(suite.pageErrors).toEqual([])
  })

  it('the board: a partner voting on the canvas, the facilitator with panels and "Meer" open, the projector', async () => {
    const board = await createBoardViaApi(suite.server, 'Coalitie Oost')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Fenna', 'Procesbegeleiding')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await addNoteInZone(facilitator, ZONE, 'Samen de wijk sterker maken')

    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    // The note in the partner's view: tldraw does not draw what lies outside it.
    await facilitator.getByRole('button', { name: 'Iedereen hierheen' }).click()
    await note(partner, 'Samen de wijk sterker maken').waitFor({ timeout: WAIT })
    await check(partner, 'partner on the canvas')

    // A voting round: the partner's note has a dot of theirs and the + for another.
    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    const theirNote = note(partner, 'Samen de wijk sterker maken')
    await theirNote.locator('.vote-dots__add').click()
    await theirNote.locator('.vote-dots__mine').waitFor({ timeout: WAIT })
    await check(partner, 'partner voting on the canvas')
    await facilitator.getByRole('status').filter({ hasText: '1 persoon heeft gestemd' }).waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Stemmen" open during a round')
    await facilitator.getByRole('button', { name: 'Stemronde sluiten' }).click()
    await note(facilitator, 'Samen de wijk sterker maken').locator('.vote-dots__count').waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator after the round, with the results')

    await facilitator.getByRole('button', { name: 'Timer', exact: true }).click()
    await facilitator.getByRole('group', { name: /Timer/ }).first().waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Timer" open')

    await facilitator.getByRole('button', { name: 'Sjablonen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Plaatsen: IJsberg en waterlijn' }).waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Sjablonen" open')

    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: /^Deelnemers/ }).click()
    await facilitator.getByText('Anne').first().waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Deelnemers" open')

    await facilitator.getByRole('button', { name: 'Delen', exact: true }).click()
    await facilitator.getByRole('dialog', { name: 'Deelnemers uitnodigen' }).locator('.join-code__code').waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Delen" open')

    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByRole('group', { name: 'Meer' }).waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator with "Meer" open')

    // The history: the list, saving a version, a look at one (its picture and notes).
    await facilitator.getByRole('button', { name: 'Geschiedenis' }).click()
    const history = facilitator.getByRole('dialog', { name: 'Geschiedenis' })
    await history.getByRole('button', { name: 'Versie bewaren' }).click()
    await history.getByRole('button', { name: 'Bekijken' }).first().click()
    await facilitator.getByRole('dialog', { name: /^Versie van / }).getByRole('img', { name: /Het bord zoals het was om/ }).locator('img').waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator looking at a version in "Geschiedenis"')
    await facilitator.keyboard.press('Escape')

    // Deleting the board: the confirmation that names it (not carried out).
    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Bord verwijderen' }).click()
    await facilitator.getByLabel('Typ de titel van het bord om te bevestigen').waitFor({ timeout: WAIT })
    await check(facilitator, 'facilitator confirming "Bord verwijderen"')
    await facilitator.keyboard.press('Escape')

    await facilitator.keyboard.press('Escape')
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    await facilitator.locator('.board--projector').waitFor({ timeout: WAIT })
    await facilitator.locator('.projector-card__code').waitFor({ timeout: WAIT })
    await check(facilitator, 'projector')
    expect(suite.pageErrors).toEqual([])
  })

  it('the list view on a phone', async () => {
    const board = await createBoardViaApi(suite.server, 'Op de telefoon')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Fenna', 'Procesbegeleiding')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await addNoteInZone(facilitator, ZONE, 'Samen de wijk sterker maken')

    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(board.joinUrl)
    await joinOnPhone(phone, 'Priya', 'Woonstichting Oost')
    await phone.locator('.list-note').filter({ hasText: 'Samen de wijk sterker maken' }).waitFor({ timeout: WAIT })
    await check(phone, 'list view')

    // The phone's own note (with its edit buttons) and a voting round.
    await phone.getByLabel('Je notitie').fill('Betaalbaar wonen voor starters')
    await phone.getByLabel('Waar hoort hij?').selectOption({ label: ZONE })
    await phone.getByRole('button', { name: 'Plaatsen' }).tap()
    await phone.getByRole('status').filter({ hasText: /^Geplaatst in/ }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    await phone.getByRole('status').filter({ hasText: 'je hebt nog 3 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    await check(phone, 'list view during a voting round')
    expect(suite.pageErrors).toEqual([])
  })
})

function readable(violation: Violation): string {
  return `${violation.id} [${violation.impact}] ${violation.help}\n${violation.nodes.map((n) => `    ${n}`).join('\n')}`
}
