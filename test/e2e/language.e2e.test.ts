/**
 * Two people in one room, two languages at once: the facilitator places the iceberg twice in Dutch; a
 * partner switches to English and reads its labels, frame headings and the zone picker in English while
 * the facilitator's screen stays Dutch and the shared board keeps the Dutch words it was given. The
 * facilitator's English PDF shows the drawing's words in English.
 * Needs poppler-utils (pdftotext).
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readRecords, type KeyValueEntry } from '../../shared/board/records.ts'
import { DocKeys } from '../../shared/protocol.ts'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { browserSuite, createBoardViaApi, join, placeTemplate, typeIntoNewNote, WAIT } from './harness.ts'

const DUTCH = ['Boven de waterlijn — gedeelde ambitie', 'Onder de waterlijn — waarden', 'Waterlijn']
const ENGLISH = ['Above the waterline — shared ambition', 'Below the waterline — values', 'Waterline']

/** A shape on the canvas showing exactly this text (a frame heading is matched by `heading`). */
const shapeWithText = (page: Page, text: string) => page.locator('.tl-shape').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
const heading = (page: Page, text: string) => page.locator('.tl-frame-heading').filter({ hasText: new RegExp(`^\\s*${text}\\W*$`) })

/** Clicks in an empty corner and zooms to the whole board (tldraw: Shift+1), so every template is drawn. */
async function showWholeBoard(page: Page) {
  await page.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
  await page.keyboard.press('Shift+1')
}

async function expectLabels(page: Page, shown: string[], notShown: string[]) {
  for (const text of shown) await shapeWithText(page, text).first().waitFor({ timeout: WAIT })
  for (const text of notShown) expect(await shapeWithText(page, text).count(), `"${text}" still on the screen`).toBe(0)
}

describe("labels in the reader's language", { timeout: 150_000 }, () => {
  const suite = browserSuite()

  it('a partner reads the iceberg in English while the facilitator and the board keep Dutch', async () => {
    const board = await createBoardViaApi(suite.server, 'Werkconferentie twee talen')
    const facilitator = await (await suite.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')

    const partner = await (await suite.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    await partner.getByRole('button', { name: 'Switch to English' }).click()
    await showWholeBoard(partner)
    await showWholeBoard(facilitator)

    // The partner: every label and both headings in English, the number of the second one kept.
    await expectLabels(partner, ENGLISH, DUTCH)
    await expect.poll(() => heading(partner, 'Iceberg and waterline').count(), { timeout: WAIT }).toBe(1)
    await expect.poll(() => heading(partner, 'Iceberg and waterline 2').count(), { timeout: WAIT }).toBe(1)
    expect(await partner.locator('.tl-frame-heading', { hasText: 'IJsberg' }).count()).toBe(0)
    await shapeWithText(partner, 'Above water: what everyone sees and says\\. .*').first().waitFor({ timeout: WAIT })

    // The facilitator, at the same time: still Dutch.
    await expectLabels(facilitator, DUTCH, ENGLISH)
    await expect.poll(() => heading(facilitator, 'IJsberg en waterlijn 2').count(), { timeout: WAIT }).toBe(1)
    expect(await facilitator.locator('.tl-frame-heading', { hasText: 'Iceberg' }).count()).toBe(0)

    // The shared board itself, read with a stock client: the Dutch words the templates were placed with.
    const reader = connectClient(suite.server.wsUrl, board.id)
    await reader.synced
    const shapes = [...readRecords(reader.doc.getArray<KeyValueEntry>(DocKeys.records)).values()] as {
      typeName?: string
      type?: string
      props?: { name?: string; richText?: unknown }
      meta?: Record<string, unknown>
    }[]
    const frameNames = shapes.filter((s) => s.typeName === 'shape' && s.type === 'frame').map((s) => s.props?.name)
    expect(frameNames.sort()).toEqual(['IJsberg en waterlijn', 'IJsberg en waterlijn 2'])
    const labelTexts = JSON.stringify(shapes.filter((s) => s.type === 'text' && s.meta?.[PART_META_KEY]).map((s) => s.props?.richText))
    expect(labelTexts).toContain('Boven de waterlijn — gedeelde ambitie')
    expect(labelTexts).not.toContain('Above the waterline')
    reader.destroy()

    // The partner's zone picker: groups and zones in English; a note lands in the zone picked.
    await partner.getByRole('button', { name: 'Add note' }).click()
    const picker = partner.getByRole('dialog', { name: 'Where does your note belong?' })
    await picker.getByRole('group', { name: 'Iceberg and waterline', exact: true }).waitFor({ timeout: WAIT })
    await expect.poll(() => picker.getByRole('group').evaluateAll((groups) => groups.map((g) => g.getAttribute('aria-label')).sort())).toEqual([
      'Iceberg and waterline',
      'Iceberg and waterline 2',
    ])
    await picker.getByRole('group', { name: 'Iceberg and waterline 2' }).getByRole('button', { name: 'Below the waterline — values', exact: true }).click()
    await typeIntoNewNote(partner, 'Eerlijk delen')

    // Back to Dutch: the labels follow again, without a reload.
    await partner.getByRole('button', { name: 'Schakel over naar Nederlands' }).click()
    await expectLabels(partner, DUTCH, ENGLISH)
    await expect.poll(() => heading(partner, 'IJsberg en waterlijn 2').count(), { timeout: WAIT }).toBe(1)

    // The facilitator switches to English: the controls and the PDF speak English too.
    await facilitator.getByRole('button', { name: 'Switch to English' }).click()
    await expectLabels(facilitator, ENGLISH, DUTCH)
    await heading(facilitator, 'Iceberg and waterline 2').click()
    await facilitator.getByRole('region', { name: 'Template: Iceberg and waterline 2' }).waitFor({ timeout: WAIT })
    // Renaming starts from the name as shown; left as it is, the board keeps the Dutch name (checked below).
    await heading(facilitator, 'Iceberg and waterline 2').click()
    const nameField = facilitator.locator('.tl-frame-name-input:not([disabled])')
    await nameField.waitFor({ timeout: WAIT })
    expect(await nameField.inputValue()).toBe('Iceberg and waterline 2')
    await nameField.press('Enter')
    await facilitator.keyboard.press('Escape')
    const menu = facilitator.getByRole('group', { name: 'Export as PDF' })
    const button = facilitator.getByRole('button', { name: 'Export as PDF' })
    if (!(await button.isVisible())) await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'More', exact: true }).click()
    await button.click()
    await menu.getByLabel('The whole board').check()
    const [download] = await Promise.all([facilitator.waitForEvent('download', { timeout: 60_000 }), menu.getByRole('button', { name: 'Make PDF' }).click()])
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', (await download.path())!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    for (const words of ['Iceberg and waterline 2', 'Above the waterline — shared ambition', 'Waterline', 'Below the waterline — values']) expect(text).toContain(words)
    for (const words of ['IJsberg', 'Boven de waterlijn', 'Onder de waterlijn']) expect(text).not.toContain(words)

    // A name the facilitator types is kept as typed, for every reader.
    await heading(facilitator, 'Iceberg and waterline').click()
    await heading(facilitator, 'Iceberg and waterline').click()
    await nameField.waitFor({ timeout: WAIT })
    await nameField.fill('Wensen van de wijk')
    await nameField.press('Enter')
    await expect.poll(() => heading(partner, 'Wensen van de wijk').count(), { timeout: WAIT }).toBe(1)

    // The board holds the Dutch name and the typed one: nothing the switches did was written into it.
    const after = connectClient(suite.server.wsUrl, board.id)
    await after.synced
    const namesAfter = await waitFor(
      () => {
        const records = [...readRecords(after.doc.getArray<KeyValueEntry>(DocKeys.records)).values()] as { type?: string; props?: { name?: string } }[]
        const names = records.filter((r) => r.type === 'frame').map((r) => r.props?.name)
        return names.includes('Wensen van de wijk') ? names.sort() : null
      },
      WAIT,
      'the renamed frame',
    )
    expect(namesAfter).toEqual(['IJsberg en waterlijn 2', 'Wensen van de wijk'])
    after.destroy()

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })

  it('a phone downloads one language: English is fetched when chosen, and kept from the first screen after a reload', async () => {
    const board = await createBoardViaApi(suite.server, 'Eén taal per telefoon')
    const context = await suite.newContext({ phone: true })
    const phone = await context.newPage()
    const scripts: string[] = []
    phone.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname))
    await phone.goto(board.joinUrl)
    await phone.getByLabel('Je naam').fill('Karim')
    await phone.getByLabel('Je organisatie').fill('Zorggroep Oost')
    await phone.getByLabel('Je organisatie').press('Enter')
    await phone.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: WAIT })
    // Dutch needs no second download.
    expect(scripts.filter((path) => /\/en-[\w-]+\.js$/.test(path))).toEqual([])
    await phone.getByRole('button', { name: 'English' }).tap()
    await phone.getByRole('heading', { name: 'Write a note' }).waitFor({ timeout: WAIT })
    expect(scripts.filter((path) => /\/en-[\w-]+\.js$/.test(path))).toHaveLength(1)
    // After a reload the first screen is already English: no Dutch in between.
    await phone.reload()
    await phone.getByRole('heading', { name: 'Write a note' }).waitFor({ timeout: WAIT })
    expect(await phone.getByText('Notitie schrijven').count()).toBe(0)
    await context.close()
  })
})
