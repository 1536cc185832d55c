/** Steering from the projector, in real browsers: closing the board after the session and opening it again. */
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import { browserSuite, createBoardViaApi, join, note, typeIntoNewNote, WAIT } from './harness.ts'
import { formatJoinCode } from '../../shared/joinCode.ts'

describe('facilitation', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  /** A board, its facilitator and one partner, both joined and connected. */
  async function facilitatorAndPartner(title: string, partnerName = 'Anne', viewport?: { width: number; height: number }) {
    const board = await createBoardViaApi(suite.server, title)
    const facilitator = await (await suite.newContext(viewport ? { viewport } : {})).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, partnerName, 'Gemeente Utrecht')
    return { board, facilitator, partner }
  }

  it('a closed board shows it is closed and takes no more notes from partners; opened again, it does', async () => {
    const { facilitator, partner } = await facilitatorAndPartner('Afsluiting werkconferentie')

    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(partner, 'Vervolgafspraak in maart')
    await note(facilitator, 'Vervolgafspraak in maart').waitFor({ timeout: WAIT })

    facilitator.once('dialog', (dialog) => void dialog.accept())
    // Closing the board is for after the session: it sits under "Meer".
    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Bord sluiten' }).click()
    await partner.getByText('Dit bord is gesloten').waitFor({ timeout: WAIT })
    await facilitator.getByText('Dit bord is gesloten voor deelnemers').waitFor({ timeout: WAIT })
    expect(await partner.getByRole('button', { name: 'Notitie toevoegen' }).count()).toBe(0)
    // The canvas is read-only for the partner: deleting everything changes nothing.
    await partner.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await partner.keyboard.press('Control+a')
    await partner.keyboard.press('Delete')
    // Two frames later the canvas has drawn whatever the keys did.
    await partner.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    expect(await note(partner, 'Vervolgafspraak in maart').isVisible()).toBe(true)

    await facilitator.getByRole('button', { name: 'Bord heropenen' }).click()
    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(partner, 'Nog één gedachte')
    await note(facilitator, 'Nog één gedachte').waitFor({ timeout: WAIT })
    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })

  it('the timer shows the same time on every screen, also on a screen whose clock is wrong', async () => {
    const board = await createBoardViaApi(suite.server, 'Timer')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const partner = await (await suite.newContext()).newPage()
    // This laptop's clock is seven minutes fast.
    await partner.addInitScript(() => {
      const skew = 7 * 60_000
      const realNow = Date.now
      Date.now = () => realNow() + skew
    })
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')

    await facilitator.getByRole('button', { name: 'Timer' }).click()
    await facilitator.getByLabel('Minuten').fill('5')
    await facilitator.getByRole('button', { name: 'Start 5 minuten' }).click()
    const seconds = async (page: typeof partner) => {
      const text = (await page.getByRole('timer').locator('.timer__time').textContent()) ?? ''
      const [m, s] = text.split(':').map(Number)
      return m * 60 + s
    }
    await partner.getByRole('timer').waitFor({ timeout: WAIT })
    // Read both screens at (nearly) the same moment: within two seconds of each other, and below 5:00.
    await expect.poll(async () => Math.abs((await seconds(facilitator)) - (await seconds(partner))), { timeout: WAIT }).toBeLessThanOrEqual(2)
    expect(await seconds(partner)).toBeLessThanOrEqual(300)
    expect(await seconds(partner)).toBeGreaterThan(270)

    // Paused: both show the same frozen time.
    await facilitator.getByRole('button', { name: 'Pauze' }).click()
    await partner.getByRole('timer').getByText('gepauzeerd').waitFor({ timeout: WAIT })
    expect(await seconds(partner)).toBe(await seconds(facilitator))

    // A late joiner sees it too.
    const late = await (await suite.newContext()).newPage()
    await late.goto(board.joinUrl)
    await join(late, 'Karim', 'Zorggroep')
    await expect.poll(() => seconds(late), { timeout: WAIT }).toBe(await seconds(facilitator))
    expect(suite.pageErrors).toEqual([])
  })

  it('a partner cannot delete someone else’s note, and is told so', async () => {
    const board = await createBoardViaApi(suite.server, 'Gelijkwaardig')
    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')
    await anne.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(anne, 'Van Anne')

    const bram = await (await suite.newContext()).newPage()
    await bram.goto(board.joinUrl)
    await join(bram, 'Bram', 'Zorggroep Noord')
    await note(bram, 'Van Anne').waitFor({ timeout: WAIT })
    await note(bram, 'Van Anne').click()
    await bram.keyboard.press('Delete')
    await bram.getByRole('alert').filter({ hasText: 'Dit is het werk van iemand anders' }).waitFor({ timeout: WAIT })
    // Bram's own note, written after: once it is on the server, a delete would have been too.
    await bram.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(bram, 'Van Bram')
    await note(anne, 'Van Bram').waitFor({ timeout: WAIT })
    expect(await note(anne, 'Van Anne').isVisible()).toBe(true)
    expect(await note(bram, 'Van Anne').isVisible()).toBe(true)
  })

  it('follow me: the partner’s view follows the facilitator’s, and the partner can step out', async () => {
    const { facilitator, partner } = await facilitatorAndPartner('Volg mij')
    const zoom = (page: typeof partner) => page.getByTestId('minimap.zoom-menu-button').textContent()

    await facilitator.getByRole('button', { name: 'Volg mij' }).click()
    await partner.getByRole('status').filter({ hasText: 'Je volgt de procesbegeleider' }).waitFor({ timeout: WAIT })
    // The facilitator zooms in twice (tldraw's shortcut), the partner's view goes along.
    await facilitator.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
    await facilitator.keyboard.press('Equal')
    await facilitator.keyboard.press('Equal')
    await expect.poll(() => zoom(facilitator), { timeout: WAIT }).toBe('200%')
    const facilitatorZoom = await zoom(facilitator)
    await expect.poll(() => zoom(partner), { timeout: WAIT }).toBe(facilitatorZoom)

    await partner.getByRole('button', { name: 'Zelf rondkijken' }).click()
    await partner.getByRole('status').filter({ hasText: 'Je volgt de procesbegeleider' }).waitFor({ state: 'detached', timeout: WAIT })
    // Stepped out: the partner zooms on their own and is not pulled back.
    await partner.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
    await partner.keyboard.press('Minus')
    await expect.poll(() => zoom(partner), { timeout: WAIT }).toBe('100%')
    expect(await partner.getByRole('status').filter({ hasText: 'Je volgt de procesbegeleider' }).count()).toBe(0)
    expect(suite.pageErrors).toEqual([])
  })

  it('dot voting: counts stay hidden until the round closes, then show on the notes and in a ranking', async () => {
    const { facilitator, partner } = await facilitatorAndPartner('Prioriteren')
    for (const text of ['Wonen', 'Zorg', 'Werk']) {
      await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await typeIntoNewNote(partner, text)
    }
    await note(facilitator, 'Werk').waitFor({ timeout: WAIT })

    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    await partner.getByRole('status').filter({ hasText: 'je hebt nog 3 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    // The projector shows the round for the room, not the facilitator's own dots.
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    await facilitator.getByRole('status').filter({ hasText: 'iedereen heeft 3 stemmen' }).waitFor({ timeout: WAIT })
    expect(await facilitator.getByText('je hebt nog').count()).toBe(0)
    await facilitator.getByRole('button', { name: 'Projectormodus uit' }).click()

    await note(partner, 'Zorg').getByRole('button', { name: 'Stem op deze notitie' }).click()
    await partner.getByRole('status').filter({ hasText: 'nog 2 van je 3' }).waitFor({ timeout: WAIT })
    // One note, one dot (no stacking): its + button is gone; a double click cannot count twice.
    expect(await note(partner, 'Zorg').getByRole('button', { name: 'Stem op deze notitie' }).count()).toBe(0)
    await note(partner, 'Wonen').getByRole('button', { name: 'Stem op deze notitie' }).dblclick()
    await partner.getByRole('status').filter({ hasText: 'nog 1 van je 3' }).waitFor({ timeout: WAIT })

    // The facilitator sees how many have voted, not who or what.
    await facilitator.getByRole('status').filter({ hasText: '1 persoon heeft gestemd' }).waitFor({ timeout: WAIT })
    // Results hidden while the round is open: no counts on the projector yet.
    expect(await note(facilitator, 'Zorg').locator('.vote-dots__count').count()).toBe(0)

    await facilitator.getByRole('button', { name: 'Stemronde sluiten' }).click()
    await note(facilitator, 'Zorg').locator('.vote-dots__count', { hasText: '1' }).waitFor({ timeout: WAIT })
    await note(partner, 'Wonen').locator('.vote-dots__count', { hasText: '1' }).waitFor({ timeout: WAIT })
    expect(await note(partner, 'Werk').locator('.vote-dots__count').count()).toBe(0)
    const ranking = facilitator.getByRole('dialog', { name: 'Uitslag van de stemronde' })
    await ranking.waitFor({ timeout: WAIT })
    expect(await ranking.getByRole('listitem').allTextContents()).toEqual(['1 ● Wonen', '1 ● Zorg'])
    await partner.getByRole('dialog', { name: 'Uitslag van de stemronde' }).waitFor({ timeout: WAIT })
    // Closed once, the ranking does not come back when the board opens again.
    await partner.getByRole('dialog', { name: 'Uitslag van de stemronde' }).getByRole('button', { name: 'Sluiten' }).click()
    await partner.reload()
    await note(partner, 'Wonen').locator('.vote-dots__count', { hasText: '1' }).waitFor({ timeout: WAIT })
    expect(await partner.getByRole('dialog', { name: 'Uitslag van de stemronde' }).count()).toBe(0)
    expect(suite.pageErrors).toEqual([])
  })

  it('private writing: a note stays on the partner’s laptop until the reveal, then everyone has it', async () => {
    const board = await createBoardViaApi(suite.server, 'Onder de waterlijn')
    const listed = async () => ((await (await fetch(`${suite.server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`)).json()).notes as { text: string }[]).map((n) => n.text)
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')

    await facilitator.getByRole('button', { name: 'Privé schrijven' }).click()
    await partner.getByRole('status').filter({ hasText: 'Privé schrijfronde' }).waitFor({ timeout: WAIT })
    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(partner, 'Onze zorg: geld')
    await note(partner, 'Onze zorg: geld').getByText('Privé — alleen jij ziet dit').waitFor({ timeout: WAIT })

    // A public note written after it reaches the server; the private one must not have.
    await facilitator.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(facilitator, 'Openbare vraag')
    await expect.poll(listed, { timeout: WAIT }).toContain('Openbare vraag')
    expect(await listed()).not.toContain('Onze zorg: geld')
    expect(await note(facilitator, 'Onze zorg: geld').count()).toBe(0)

    // Kept in the partner's browser across a reload.
    await partner.reload()
    await note(partner, 'Onze zorg: geld').waitFor({ timeout: WAIT })
    expect(await listed()).not.toContain('Onze zorg: geld')

    // A second partner writes privately too, then loses the network before the reveal.
    const offline = await suite.newContext()
    const late = await offline.newPage()
    await late.goto(board.joinUrl)
    await join(late, 'Karim', 'Zorggroep Noord')
    await late.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(late, 'Wachtlijst zorgen')
    await offline.setOffline(true)
    await late.getByRole('status').filter({ hasText: /^Offline/ }).waitFor({ timeout: WAIT })

    await facilitator.getByRole('button', { name: 'Onthullen' }).click()
    await note(facilitator, 'Onze zorg: geld').waitFor({ timeout: WAIT })
    await expect.poll(listed, { timeout: WAIT }).toContain('Onze zorg: geld')
    await note(partner, 'Onze zorg: geld').getByText('Privé — alleen jij ziet dit').waitFor({ state: 'detached', timeout: WAIT })
    expect(await listed()).not.toContain('Wachtlijst zorgen')

    // Back online, the laptop learns of the reveal and publishes.
    await offline.setOffline(false)
    await note(facilitator, 'Wachtlijst zorgen').waitFor({ timeout: WAIT })
    await expect.poll(listed, { timeout: WAIT }).toContain('Wachtlijst zorgen')
    expect(suite.pageErrors).toEqual([])
  })

  it('projector mode: the board large with a corner card holding the join code, the timer and who is online', async () => {
    const { board, facilitator } = await facilitatorAndPartner('Op het scherm', 'Anne', { width: 1600, height: 900 })

    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    const card = facilitator.getByRole('complementary', { name: 'Meedoen en tijd' })
    await card.waitFor({ timeout: WAIT })
    await expect.poll(() => card.getByText('2 op het bord').count(), { timeout: WAIT }).toBe(1)
    // The short code people type, in large type, instead of the long link.
    await card.getByText(formatJoinCode(board.joinCode)).waitFor({ timeout: WAIT })
    expect(await card.getByText(`/b/${board.id}`).count()).toBe(0)
    await card.getByRole('img', { name: 'QR-code met de link voor deelnemers' }).waitFor({ timeout: WAIT })
    // The editing chrome is gone.
    expect(await facilitator.getByRole('button', { name: 'Notitie toevoegen' }).isVisible()).toBe(false)
    expect(await facilitator.getByRole('button', { name: 'Sjablonen' }).isVisible()).toBe(false)
    await facilitator.screenshot({ path: joinPath(import.meta.dirname, '__screenshots__', 'projector.png') })

    await card.getByRole('button', { name: 'QR-code verbergen' }).click()
    expect(await card.getByRole('img').count()).toBe(0)
    await card.getByRole('button', { name: 'Projectormodus uit' }).click()
    await facilitator.getByRole('button', { name: 'Notitie toevoegen' }).waitFor({ timeout: WAIT })
  })

  it('participants panel: who is online per organisation; the facilitator renames a display and removes a connection', async () => {
    const { facilitator, partner } = await facilitatorAndPartner('Wie is er', 'Annie')
    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(partner, 'Mijn idee')

    await facilitator.getByRole('button', { name: /^Deelnemers \(2\)$/ }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Op het bord: 2' })
    const group = panel.getByRole('region', { name: 'Gemeente Utrecht' })
    await group.getByText('Annie', { exact: true }).waitFor({ timeout: WAIT })
    // The count counts the facilitator, and the list shows them too.
    expect(await panel.getByRole('listitem').count()).toBe(2)
    await panel.getByRole('region', { name: 'Procesbegeleider' }).getByText(/\(jij\)$/).waitFor({ timeout: WAIT })

    await group.getByRole('button', { name: 'Naam wijzigen van Annie' }).click()
    await panel.getByLabel('Nieuwe naam voor Annie').fill('Anne de Vries')
    await panel.getByRole('button', { name: 'Opslaan' }).click()
    await note(partner, 'Mijn idee').getByText('Anne de Vries · Gemeente Utrecht').waitFor({ timeout: WAIT })

    facilitator.once('dialog', (dialog) => void dialog.accept())
    await group.getByRole('button', { name: 'Anne de Vries van het bord verwijderen' }).click()
    await partner.getByRole('status').filter({ hasText: 'De procesbegeleider heeft je verbinding met dit bord verbroken' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('dialog', { name: 'Op het bord: 1' }).waitFor({ timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })
})
