/**
 * The projector in a real browser at 1920×1080: it fits the board beside its corner card, "enlarge
 * notes" shows one zone at a time with readable notes, and the timer is steered from the card.
 */
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { addNoteInZone, browserSuite, createBoardViaApi, join, note, placeTemplate, WAIT } from './harness.ts'

const FULL_HD = { width: 1920, height: 1080 }

interface ScreenRect {
  x: number
  y: number
  width: number
  height: number
}

async function rectOf(locator: Locator): Promise<ScreenRect> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on the screen')
  return box
}

function inside(inner: ScreenRect, outer: ScreenRect): boolean {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1
}

function overlap(a: ScreenRect, b: ScreenRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

const screen: ScreenRect = { x: 0, y: 0, ...FULL_HD }

function frame(page: Page, name: string): Locator {
  return page.locator('.tl-shape[data-shape-type="frame"]').filter({ has: page.locator('.tl-frame-heading', { hasText: name }) })
}

/** How the room sees a shape: whole on the screen, and clear of the card; in one word, for polling. */
async function placement(target: Locator, card?: Locator): Promise<'shown' | 'off screen' | 'under the card'> {
  const rect = await target.boundingBox()
  if (!rect || !inside(rect, screen)) return 'off screen'
  return card && overlap(rect, await rectOf(card)) ? 'under the card' : 'shown'
}

/** Where a note sits in its template, in page units (independent of the zoom); both read in one frame. */
async function positionInFrame(shape: Locator, frameShape: Locator, frameWidth: number): Promise<{ x: number; y: number }> {
  const frameHandle = await frameShape.elementHandle()
  return shape.evaluate(
    (n, [f, width]) => {
      const a = n.getBoundingClientRect()
      const b = (f as Element).getBoundingClientRect()
      const zoom = b.width / (width as number)
      return { x: (a.x - b.x) / zoom, y: (a.y - b.y) / zoom }
    },
    [frameHandle, frameWidth] as const,
  )
}

/** The note's text height on the screen: its font size times the zoom it is drawn at. */
function textPixels(shape: Locator): Promise<number> {
  return shape.evaluate((element) => {
    const text = element.querySelector('.tl-rich-text') ?? element
    const zoom = element.getBoundingClientRect().width / (element as HTMLElement).offsetWidth
    return parseFloat(getComputedStyle(text).fontSize) * zoom
  })
}

/** Two frames later the camera's animation has moved on; a value that no longer changes has settled. */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  let last = await read()
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const next = await read()
    if (JSON.stringify(next) === JSON.stringify(last)) return next
    last = next
  }
  return last
}

describe('projector', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  async function facilitatorOn(title: string) {
    const board = await createBoardViaApi(suite.server, title)
    const page = await (await suite.newContext({ viewport: FULL_HD })).newPage()
    await page.goto(board.facilitatorUrl)
    await join(page, 'Bas', 'Procesbureau Samen')
    return page
  }

  it('fits the selected template, or else the whole board, on the screen and never under the card', async () => {
    const facilitator = await facilitatorOn('Werkconferentie')
    const card = facilitator.getByRole('complementary', { name: 'Meedoen en tijd' })

    // Placed, the iceberg is selected and fills the laptop's view: where the card will go, too.
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    await card.waitFor({ timeout: WAIT })
    const iceberg = frame(facilitator, 'IJsberg en waterlijn')
    await expect.poll(() => placement(iceberg, card), { timeout: WAIT }).toBe('shown')
    // Large, not merely somewhere: it takes the height of the screen, or the width beside the card.
    const fitted = await settled(() => rectOf(iceberg))
    const cardRect = await rectOf(card)
    expect(Math.max(fitted.height / FULL_HD.height, fitted.width / cardRect.x)).toBeGreaterThan(0.85)
    await facilitator.screenshot({ path: joinPath(import.meta.dirname, '__screenshots__', 'projector-template.png') })
    await card.getByRole('button', { name: 'Projectormodus uit' }).click()

    // A second template beside the first, nothing selected: the projector shows both.
    await placeTemplate(facilitator, 'Message house')
    await facilitator.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await facilitator.keyboard.press('Escape')
    const house = frame(facilitator, 'Message house')
    // The laptop's view went to the new template: the iceberg is no longer (wholly) in it.
    expect(await placement(iceberg)).toBe('off screen')
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    await expect.poll(() => placement(iceberg, card), { timeout: WAIT }).toBe('shown')
    await expect.poll(() => placement(house, card), { timeout: WAIT }).toBe('shown')
    await facilitator.screenshot({ path: joinPath(import.meta.dirname, '__screenshots__', 'projector-board.png') })

    // The QR code folded away, the card is smaller: the board takes the room it gave.
    const beforeFold = await settled(() => rectOf(house))
    await card.getByRole('button', { name: 'QR-code verbergen' }).click()
    await expect.poll(async () => (await rectOf(house)).width, { timeout: WAIT }).toBeGreaterThan(beforeFold.width * 1.05)
    await expect.poll(() => placement(house, card), { timeout: WAIT }).toBe('shown')
    // Once the facilitator zooms by hand, the card changing size no longer moves the board.
    await settled(() => rectOf(house))
    await facilitator.locator('.tl-container').focus()
    await facilitator.keyboard.press('Equal')
    const byHand = await settled(() => rectOf(house))
    await card.getByRole('button', { name: 'QR-code tonen' }).click()
    await card.getByRole('img', { name: 'QR-code met de link voor deelnemers' }).waitFor({ timeout: WAIT })
    expect(await settled(() => rectOf(house))).toEqual(byHand)
    expect(suite.pageErrors).toEqual([])
  })

  it('"Vergroot notities" shows one zone at a time, its notes readable, stepping in the exercise’s order', async () => {
    const facilitator = await facilitatorOn('Onder de waterlijn')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await addNoteInZone(facilitator, 'Boven de waterlijn — gedeelde ambitie', 'Een wijk waar iedereen meedoet')
    await addNoteInZone(facilitator, 'Boven de waterlijn — inhoud: wat we samen willen doen', 'Eén loket voor zorg en wonen')
    const ambition = note(facilitator, 'Een wijk waar iedereen meedoet')
    const content = note(facilitator, 'Eén loket voor zorg en wonen')

    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    const card = facilitator.getByRole('complementary', { name: 'Meedoen en tijd' })
    const wholeView = await settled(() => rectOf(ambition))
    // Seen whole, the notes are small: that is why the facilitator enlarges them.
    expect(await textPixels(ambition)).toBeLessThan(24)

    await card.getByRole('button', { name: 'Vergroot notities' }).click()
    const zones = card.getByRole('region', { name: 'Notities per plek' })
    await zones.getByText('Boven de waterlijn — gedeelde ambitie', { exact: true }).waitFor({ timeout: WAIT })
    await zones.getByText('IJsberg en waterlijn · 1 van 7').waitFor({ timeout: WAIT })
    await expect.poll(() => placement(ambition, card), { timeout: WAIT }).toBe('shown')
    const firstZone = await settled(() => rectOf(ambition))
    expect(await textPixels(ambition)).toBeGreaterThanOrEqual(24)
    expect(firstZone.width).toBeGreaterThan(wholeView.width * 1.5)
    await facilitator.screenshot({ path: joinPath(import.meta.dirname, '__screenshots__', 'projector-zone.png') })

    // "Volgende": the next zone's name, the camera on its note.
    await zones.getByRole('button', { name: 'Volgende' }).click()
    await zones.getByText('Boven de waterlijn — inhoud: wat we samen willen doen', { exact: true }).waitFor({ timeout: WAIT })
    await expect.poll(() => placement(content, card), { timeout: WAIT }).toBe('shown')
    await settled(() => rectOf(content))
    expect(await textPixels(content)).toBeGreaterThanOrEqual(24)
    // The first zone's note has moved away to the left (or off the screen).
    const ambitionNow = await ambition.boundingBox()
    expect(ambitionNow === null || ambitionNow.x < firstZone.x - 200).toBe(true)

    // The arrow keys step too, also with the keyboard on the canvas; tldraw does not get them (the
    // selected note is not nudged).
    const iceberg = frame(facilitator, 'IJsberg en waterlijn')
    const before = await positionInFrame(content, iceberg, 2400)
    await facilitator.locator('.tl-container').focus()
    await facilitator.keyboard.press('ArrowRight')
    await zones.getByText('Onder de waterlijn — identiteit en trots', { exact: true }).waitFor({ timeout: WAIT })
    await zones.getByText('IJsberg en waterlijn · 3 van 7').waitFor({ timeout: WAIT })
    const after = await settled(() => positionInFrame(content, iceberg, 2400))
    expect(after.x).toBeCloseTo(before.x, 1)
    expect(after.y).toBeCloseTo(before.y, 1)
    await facilitator.keyboard.press('ArrowLeft')
    await zones.getByText('Boven de waterlijn — inhoud: wat we samen willen doen', { exact: true }).waitFor({ timeout: WAIT })
    expect(await zones.getByRole('button', { name: 'Vorige' }).isEnabled()).toBe(true)
    await facilitator.keyboard.press('ArrowLeft')
    await zones.getByText('IJsberg en waterlijn · 1 van 7').waitFor({ timeout: WAIT })
    expect(await zones.getByRole('button', { name: 'Vorige' }).isDisabled()).toBe(true)

    // Back to the whole board: the template on the screen again, the notes small.
    await zones.getByRole('button', { name: 'Hele bord' }).click()
    await card.getByRole('button', { name: 'Vergroot notities' }).waitFor({ timeout: WAIT })
    await expect.poll(() => placement(iceberg, card), { timeout: WAIT }).toBe('shown')
    await settled(() => rectOf(ambition))
    expect(await textPixels(ambition)).toBeLessThan(24)

    // Escape leaves the zones first, and only a second one leaves projector mode.
    await card.getByRole('button', { name: 'Vergroot notities' }).click()
    await zones.waitFor({ timeout: WAIT })
    await facilitator.keyboard.press('Escape')
    await card.getByRole('button', { name: 'Vergroot notities' }).waitFor({ timeout: WAIT })
    expect(await card.isVisible()).toBe(true)
    await facilitator.keyboard.press('Escape')
    await card.waitFor({ state: 'detached', timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })

  it('the timer is started, paused, resumed and extended from the card, with large buttons', async () => {
    const facilitator = await facilitatorOn('Tijd voor de ronde')
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    const card = facilitator.getByRole('complementary', { name: 'Meedoen en tijd' })
    const timerButtons = card.getByRole('group', { name: 'Timer instellen' })
    const seconds = async () => {
      const text = (await card.getByRole('timer').locator('.timer__time').textContent()) ?? ''
      const [m, s] = text.split(':').map(Number)
      return m * 60 + s
    }

    const start = timerButtons.getByRole('button', { name: 'Start 5 minuten' })
    expect((await rectOf(start)).height).toBeGreaterThanOrEqual(44)
    // Reachable from the keyboard: focused and pressed with Enter.
    await start.focus()
    await facilitator.keyboard.press('Enter')
    await card.getByRole('timer').waitFor({ timeout: WAIT })
    const first = await seconds()
    expect(first).toBeLessThanOrEqual(300)
    expect(first).toBeGreaterThan(280)
    // Running: the time goes down.
    await expect.poll(seconds, { timeout: WAIT }).toBeLessThan(first)

    await timerButtons.getByRole('button', { name: 'Pauze' }).click()
    await card.getByRole('timer').getByText('gepauzeerd').waitFor({ timeout: WAIT })
    const paused = await seconds()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(await seconds()).toBe(paused)

    await timerButtons.getByRole('button', { name: '+1 minuut' }).click()
    await expect.poll(seconds, { timeout: WAIT }).toBe(paused + 60)
    await timerButtons.getByRole('button', { name: 'Verder' }).click()
    await card.getByRole('timer').getByText('gepauzeerd').waitFor({ state: 'detached', timeout: WAIT })
    await expect.poll(seconds, { timeout: WAIT }).toBeLessThan(paused + 60)
    // Every button on the card is a target for a hand in a hurry.
    for (const button of await card.getByRole('button').all()) expect((await rectOf(button)).height).toBeGreaterThanOrEqual(44)
    expect(suite.pageErrors).toEqual([])
  })
})
