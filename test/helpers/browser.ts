/**
 * What a person does in the page, through Chromium: shared by the end-to-end tests and the export
 * benchmark. Plain playwright-core, no test runner.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { waitFor } from './server.ts'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const WAIT = 20_000

/** Debian's headless Chromium, with nothing that would reach the internet by itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function connected(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Verbonden — alles is opgeslagen' }).waitFor({ timeout: WAIT })
}

/** The join screen: name, organisation, Enter. Waits until the canvas is there and connected. */
export async function join(page: Page, name: string, organisation: string): Promise<void> {
  await page.getByLabel('Je naam').fill(name)
  await page.getByLabel('Je organisatie').fill(organisation)
  await page.getByLabel('Je organisatie').press('Enter')
  await page.locator('.tl-canvas').waitFor({ timeout: WAIT })
  await connected(page)
}

/** The join screen on a phone: name, organisation, a tap on "Meedoen"; waits for the list view, connected. */
export async function joinOnPhone(page: Page, name: string, organisation: string): Promise<void> {
  await page.getByLabel('Je naam').fill(name)
  await page.getByLabel('Je organisatie').fill(organisation)
  await page.getByRole('button', { name: /Meedoen/ }).tap()
  await page.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
  await connected(page)
}

/** Waits until the note being edited has the keyboard focus, types, and leaves the note. */
export async function typeIntoNewNote(page: Page, text: string): Promise<void> {
  await page.locator('.tl-shape [contenteditable="true"]').waitFor({ timeout: WAIT })
  await page.waitForFunction(() => document.activeElement?.matches('.tl-shape [contenteditable="true"]'), undefined, { timeout: WAIT })
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

export function note(page: Page, text: string): Locator {
  return page.locator('.tl-shape').filter({ has: page.locator('.tl-note__container', { hasText: text }) })
}

/** The facilitator's template picker: `before` fills in the picker's fields (partners, pillars). */
export async function placeTemplate(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  const headings = page.locator('.tl-frame-heading', { hasText: name })
  const countBefore = await headings.count()
  await page.getByRole('button', { name: 'Sjablonen' }).click()
  await before?.()
  await page.getByRole('button', { name: `Plaatsen: ${name}` }).click()
  await waitFor(async () => (await headings.count()) > countBefore, WAIT, `a new frame "${name}"`)
}

/**
 * The first three workshop templates side by side (iceberg, message house, coalition Venn; the Venn placed
 * last, so in view, with three partners). Its callers count on exactly these three; the coalition spectrum
 * and the positioning are placed by name where a test needs them.
 */
export async function placeAllTemplates(page: Page): Promise<void> {
  await placeTemplate(page, 'IJsberg en waterlijn')
  await placeTemplate(page, 'Message house')
  await placeTemplate(page, 'Domein van de coalitie', async () => {
    await page.getByLabel('Partner 1', { exact: true }).fill('Gemeente')
    await page.getByLabel('Partner 2', { exact: true }).fill('Woonstichting')
    await page.getByLabel('Partner 3', { exact: true }).fill('Zorggroep')
  })
}

/** "Notitie toevoegen", the zone picked by its label, the text typed. */
export async function addNoteInZone(page: Page, zone: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Notitie toevoegen' }).click()
  await page.getByRole('dialog', { name: 'Waar hoort je notitie?' }).getByRole('button', { name: zone, exact: true }).click()
  await typeIntoNewNote(page, text)
}
