/**
 * A partner on a phone (390×844, touch): joins by typing the short code from the projector, gets the list
 * view, writes a note into a chosen zone, votes by tap; the facilitator's canvas and the phone see each
 * other's changes live. And the list view by keyboard alone on a laptop.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { formatJoinCode } from '../../shared/joinCode.ts'
import { addNoteInZone, browserSuite, connected, createBoardViaApi, note, placeTemplate, WAIT } from './harness.ts'

const ZONE = 'Boven de waterlijn — gedeelde ambitie'

async function facilitatorWithIceberg(suite: ReturnType<typeof browserSuite>, title: string) {
  const board = await createBoardViaApi(suite.server, title)
  const facilitator = await (await suite.newContext()).newPage()
  await facilitator.goto(board.facilitatorUrl)
  await facilitator.getByLabel('Je naam').fill('Fenna')
  await facilitator.getByLabel('Je organisatie').fill('Procesbegeleiding')
  await facilitator.getByLabel('Je organisatie').press('Enter')
  await facilitator.locator('.tl-canvas').waitFor({ timeout: WAIT })
  await connected(facilitator)
  await placeTemplate(facilitator, 'IJsberg en waterlijn')
  return { board, facilitator }
}

/** The list item of a note, by its text. */
const listNote = (page: Page, text: string) => page.locator('.list-note').filter({ hasText: text })

describe('on a phone', { timeout: 180_000 }, () => {
  const suite = browserSuite()

  it('joins by the short code, writes into a zone, votes by tap, and the canvas sees it live', async () => {
    const { board, facilitator } = await facilitatorWithIceberg(suite, 'Verkenning op de telefoon')
    await addNoteInZone(facilitator, ZONE, 'Samen de wijk sterker maken')

    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(suite.server.url)
    await phone.getByLabel('Code van het scherm').fill(formatJoinCode(board.joinCode).toLowerCase())
    await phone.getByLabel('Code van het scherm').press('Enter')
    await phone.getByLabel('Je naam').fill('Priya')
    await phone.getByLabel('Je organisatie').fill('Woonstichting Oost')
    await phone.getByRole('button', { name: /Meedoen/ }).tap()
    // The list, not the canvas: the canvas code is never loaded on the phone.
    await phone.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
    await connected(phone)
    expect(await phone.locator('.tl-canvas').count()).toBe(0)

    // The facilitator's note is there in its zone, readable without zooming.
    const theirs = listNote(phone, 'Samen de wijk sterker maken')
    await theirs.waitFor({ timeout: WAIT })
    expect(await theirs.textContent()).toContain('Fenna · Procesbegeleiding')
    const fontSize = await theirs.locator('.list-note__text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(fontSize).toBeGreaterThanOrEqual(16)
    // Nothing in the list is smaller than that: every element that holds text of its own.
    const small = await phone.locator('.listview').evaluate((root) =>
      [...root.querySelectorAll('*')]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
        .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 16)
        .map((el) => `${el.className || el.tagName}: ${getComputedStyle(el).fontSize} “${el.textContent!.trim().slice(0, 30)}”`),
    )
    expect(small).toEqual([])
    const group = phone.locator('.listview__group').filter({ has: phone.getByRole('heading', { name: ZONE }) })
    expect(await group.locator('.list-note').count()).toBe(1)

    // Write a note into a chosen zone.
    await phone.getByLabel('Je notitie').fill('Betaalbaar wonen voor starters')
    await phone.getByLabel('Waar hoort hij?').selectOption({ label: ZONE })
    await phone.getByRole('button', { name: 'Plaatsen' }).tap()
    await phone.getByRole('status').filter({ hasText: `Geplaatst in IJsberg en waterlijn — ${ZONE}.` }).waitFor({ timeout: WAIT })
    await expect.poll(() => group.locator('.list-note').count(), { timeout: WAIT }).toBe(2)
    expect(await phone.getByLabel('Je notitie').inputValue()).toBe('')

    // The facilitator's canvas has it, in that zone, next to (not on) the note already there.
    await note(facilitator, 'Betaalbaar wonen voor starters').waitFor({ timeout: WAIT })
    const notes = await (await fetch(`${suite.server.url}/api/boards/${board.id}/notes`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json()
    const written = notes.notes.find((n: { text: string }) => n.text === 'Betaalbaar wonen voor starters')
    expect(written).toMatchObject({ author: 'Priya', organisation: 'Woonstichting Oost', zone: { label: ZONE } })
    const [a, b] = await Promise.all(['Samen de wijk sterker maken', 'Betaalbaar wonen voor starters'].map((text) => note(facilitator, text).boundingBox()))
    expect(a!.x + a!.width <= b!.x || b!.x + b!.width <= a!.x || a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y).toBe(true)

    // An edit on the phone shows on the canvas.
    const mine = listNote(phone, 'Betaalbaar wonen voor starters')
    await mine.getByRole('button', { name: 'Bewerken' }).tap()
    await mine.getByRole('textbox').fill('Betaalbaar wonen voor starters en ouderen')
    await mine.getByRole('button', { name: 'Opslaan' }).tap()
    await note(facilitator, 'Betaalbaar wonen voor starters en ouderen').waitFor({ timeout: WAIT })
    // Someone else's note cannot be edited from the list.
    expect(await theirs.getByRole('button', { name: 'Bewerken' }).count()).toBe(0)

    // Vote by tap.
    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    await phone.getByRole('status').filter({ hasText: 'je hebt nog 3 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    const vote = theirs.getByRole('button', { name: 'Stem geven' })
    const box = (await vote.boundingBox())!
    expect(box.width).toBeGreaterThanOrEqual(44)
    expect(box.height).toBeGreaterThanOrEqual(44)
    await vote.tap()
    await phone.getByRole('status').filter({ hasText: 'je hebt nog 2 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('status').filter({ hasText: '1 persoon heeft gestemd' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Stemronde sluiten' }).click()
    await theirs.locator('.list-note__count', { hasText: '1 stem' }).waitFor({ timeout: WAIT })
    expect(await listNote(phone, 'Betaalbaar wonen').locator('.list-note__count').textContent()).toBe('0 stemmen')
    await note(facilitator, 'Samen de wijk sterker maken').locator('.vote-dots__count', { hasText: '1' }).waitFor({ timeout: WAIT })

    // The read-only link on a phone: the same list, to read only.
    const viewer = await (await suite.newContext({ phone: true })).newPage()
    await viewer.goto(board.viewUrl)
    await listNote(viewer, 'Samen de wijk sterker maken').waitFor({ timeout: WAIT })
    expect(await viewer.getByRole('heading', { name: 'Notitie schrijven' }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: /Bewerken|Verwijderen|Stem geven/ }).count()).toBe(0)

    // Delete one's own note: it leaves the canvas too.
    await mine.getByRole('button', { name: 'Verwijderen' }).tap()
    await mine.getByRole('button', { name: 'Ja, verwijderen' }).tap()
    await note(facilitator, 'Betaalbaar wonen voor starters en ouderen').waitFor({ state: 'detached', timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })

  it('the list view by keyboard alone: switch to it, write a note into a zone, place it', async () => {
    const { board, facilitator } = await facilitatorWithIceberg(suite, 'Toetsenbord')
    const page = await (await suite.newContext()).newPage()
    await page.goto(board.joinUrl)
    await page.getByLabel('Je naam').focus()
    await page.keyboard.type('Karel')
    await page.keyboard.press('Tab')
    await page.keyboard.type('GGD regio')
    await page.keyboard.press('Enter')
    await page.locator('.tl-canvas').waitFor({ timeout: WAIT })
    await connected(page)
    // From "Notitie toevoegen", where the keyboard lands, back to the "Lijst" button before it.
    await page.getByRole('button', { name: 'Lijst', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
    await page.getByLabel('Je notitie').focus()
    await page.keyboard.type('Een gezonde wijk')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: /^Geplaatst in IJsberg en waterlijn — / }).waitFor({ timeout: WAIT })
    await note(facilitator, 'Een gezonde wijk').waitFor({ timeout: WAIT })
    // The choice is remembered: a reload opens the list again.
    await page.reload()
    await page.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })

  it('the canvas on a phone: starts on the facilitator’s view, zoom buttons, a note in its zone in view, a vote by tap', async () => {
    const { facilitator } = await facilitatorWithIceberg(suite, 'Bord op de telefoon')
    await addNoteInZone(facilitator, ZONE, 'Een wijk voor iedereen')
    const board = { joinUrl: facilitator.url().replace(/#.*$/, '') }
    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(board.joinUrl)
    await phone.getByLabel('Je naam').fill('Sem')
    await phone.getByLabel('Je organisatie').fill('Buurtteam Zuid')
    await phone.getByRole('button', { name: /Meedoen/ }).tap()
    await phone.getByRole('button', { name: 'Bord', exact: true }).tap()
    await phone.locator('.tl-canvas').waitFor({ timeout: WAIT })
    await connected(phone)
    const viewport = phone.viewportSize()!
    const inView = async (text: string) => {
      const box = await note(phone, text).boundingBox()
      return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height
    }
    // Not a corner of the board at 100 %: the facilitator's view, with the note in it.
    await expect.poll(() => inView('Een wijk voor iedereen'), { timeout: WAIT }).toBe(true)
    const width = async () => (await note(phone, 'Een wijk voor iedereen').boundingBox())!.width
    const before = await width()
    await phone.getByRole('button', { name: 'Inzoomen' }).tap()
    await expect.poll(width, { timeout: WAIT }).toBeGreaterThan(before * 1.2)
    // The whole board: the whole template on the screen.
    await phone.getByRole('button', { name: 'Hele bord in beeld' }).tap()
    const frameInView = async () => {
      const frame = await phone.locator('.tl-shape[data-shape-type="frame"]').first().boundingBox()
      return !!frame && frame.x >= 0 && frame.x + frame.width <= viewport.width && frame.y >= 0 && frame.y + frame.height <= viewport.height
    }
    await expect.poll(frameInView, { timeout: WAIT }).toBe(true)

    // A note in a zone: typed, and shown with its zone in view.
    await phone.getByRole('button', { name: 'Notitie toevoegen' }).tap()
    await phone.getByRole('dialog', { name: 'Waar hoort je notitie?' }).getByRole('button', { name: ZONE, exact: true }).tap()
    await phone.locator('.tl-shape [contenteditable="true"]').waitFor({ timeout: WAIT })
    await phone.keyboard.type('Vanaf de telefoon')
    await phone.keyboard.press('Escape')
    await note(facilitator, 'Vanaf de telefoon').waitFor({ timeout: WAIT })
    await expect.poll(() => inView('Vanaf de telefoon'), { timeout: WAIT }).toBe(true)

    // A finger that drags across the template (as when panning) moves nothing and warns of nothing.
    const frame = (await phone.locator('.tl-frame-heading').first().boundingBox())!
    const cdp = await phone.context().newCDPSession(phone)
    const at = { x: frame.x + 40, y: frame.y + frame.height + 60 }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] })
    for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: at.x + i * 12, y: at.y + i * 8 }] })
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })

    // A vote by tap counts, and its button is big enough for a finger whatever the zoom.
    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    await phone.getByRole('status').filter({ hasText: 'je hebt nog 3 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    const plus = note(phone, 'Een wijk voor iedereen').getByRole('button', { name: 'Stem op deze notitie' })
    const box = (await plus.boundingBox())!
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(43.5)
    await plus.tap()
    await phone.getByRole('status').filter({ hasText: 'je hebt nog 2 van je 3 stemmen' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('status').filter({ hasText: '1 persoon heeft gestemd' }).waitFor({ timeout: WAIT })
    // Nothing in all this popped the template warning.
    expect(await phone.getByRole('alert').filter({ hasText: 'procesbegeleider' }).count()).toBe(0)
    expect(suite.pageErrors).toEqual([])
  })

  it('the list view in a private round keeps the note on the phone until the reveal, and shows where the facilitator is', async () => {
    const { facilitator } = await facilitatorWithIceberg(suite, 'Privé op de telefoon')
    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(facilitator.url().replace(/#.*$/, ''))
    await phone.getByLabel('Je naam').fill('Lotte')
    await phone.getByLabel('Je organisatie').fill('Welzijn Noord')
    await phone.getByRole('button', { name: /Meedoen/ }).tap()
    await phone.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
    await connected(phone)

    // "Volg mij": the part the facilitator is on comes first, and says so.
    await facilitator.getByRole('button', { name: /^Volg mij/ }).click()
    await phone.getByRole('status').filter({ hasText: 'Volg mij: de procesbegeleider is bij IJsberg en waterlijn' }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: /^Volg mij/ }).click()
    // "Iedereen hierheen" does the same, once.
    await facilitator.getByRole('button', { name: 'Iedereen hierheen' }).click()
    await phone.getByRole('status').filter({ hasText: 'De procesbegeleider haalt iedereen naar IJsberg en waterlijn' }).waitFor({ timeout: WAIT })

    await facilitator.getByRole('button', { name: 'Privé schrijven' }).click()
    await phone.getByRole('status').filter({ hasText: 'Privé schrijfronde' }).waitFor({ timeout: WAIT })
    await phone.getByLabel('Je notitie').fill('Wat ik eigenlijk vind')
    await phone.getByLabel('Waar hoort hij?').selectOption({ label: 'Onder de waterlijn — waarden' })
    await phone.getByRole('button', { name: 'Plaatsen' }).tap()
    const mine = listNote(phone, 'Wat ik eigenlijk vind')
    await mine.getByText('Privé — alleen jij ziet dit').waitFor({ timeout: WAIT })
    // The facilitator hears that one note waits, and does not see it.
    await facilitator.getByText(/1 privénotitie/).waitFor({ timeout: WAIT })
    expect(await note(facilitator, 'Wat ik eigenlijk vind').count()).toBe(0)
    // A reload keeps it (in this browser only).
    await phone.reload()
    await listNote(phone, 'Wat ik eigenlijk vind').waitFor({ timeout: WAIT })

    await facilitator.getByRole('button', { name: 'Onthullen' }).click()
    await note(facilitator, 'Wat ik eigenlijk vind').waitFor({ timeout: WAIT })
    await expect.poll(() => listNote(phone, 'Wat ik eigenlijk vind').getByText('Privé — alleen jij ziet dit').count(), { timeout: WAIT }).toBe(0)
    const group = phone.locator('.listview__group').filter({ has: phone.getByRole('heading', { name: 'Onder de waterlijn — waarden' }) })
    expect(await group.locator('.list-note').count()).toBe(1)
    expect(suite.pageErrors).toEqual([])
  })
})

