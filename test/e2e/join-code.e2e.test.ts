/**
 * Joining with the short code from the projector, as a person types it: on the home page, by keyboard
 * alone, in lower case with the dash; a wrong code says so; `/j/<code>` in the address bar works too.
 */
import { describe, expect, it } from 'vitest'
import { formatJoinCode } from '../../shared/joinCode.ts'
import { browserSuite, connected, createBoardViaApi, note, WAIT } from './harness.ts'

describe('join code', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  it('typed on the home page with the keyboard only, it opens the board’s join screen', async () => {
    const board = await createBoardViaApi(suite.server, 'Werkconferentie')
    const page = await (await suite.newContext()).newPage()
    await page.goto(suite.server.url)
    const field = page.getByLabel('Code van het scherm')
    await field.focus()
    await page.keyboard.type('zzz-zzz')
    await page.keyboard.press('Enter')
    await page.getByRole('alert').filter({ hasText: 'Er is geen open bord met deze code.' }).waitFor({ timeout: WAIT })
    await field.fill('')
    await field.focus()
    await page.keyboard.type(formatJoinCode(board.joinCode).toLowerCase())
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: /Werkconferentie/ }).waitFor({ timeout: WAIT })
    expect(new URL(page.url()).pathname).toBe(`/b/${board.id}`)
    // The join screen itself, by keyboard: name, Tab, organisation, Enter.
    await page.getByLabel('Je naam').focus()
    await page.keyboard.type('Anne')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Gemeente Utrecht')
    await page.keyboard.press('Enter')
    await page.locator('.tl-canvas').waitFor({ timeout: WAIT })
    await connected(page)
    // The keyboard is on the one thing a partner came to do.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), { timeout: WAIT }).toContain('Notitie toevoegen')
    // And on with the keyboard: Enter makes a note, ready to type; Escape finishes it.
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.matches('.tl-shape [contenteditable="true"]'), undefined, { timeout: WAIT })
    await page.keyboard.type('Met het toetsenbord')
    await page.keyboard.press('Escape')
    await note(page, 'Met het toetsenbord').waitFor({ timeout: WAIT })
    // tldraw's own sticky-note tool has the board's one name for a note.
    const noteTool = page.getByTestId('tools.note')
    await noteTool.waitFor({ timeout: WAIT })
    await expect.poll(() => noteTool.getAttribute('aria-label'), { timeout: WAIT }).toMatch(/^Notitie/)

    const typedInAddressBar = await (await suite.newContext()).newPage()
    await typedInAddressBar.goto(`${suite.server.url}/j/${board.joinCode.toLowerCase()}`)
    await typedInAddressBar.waitForURL(`**/b/${board.id}`, { timeout: WAIT })
    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
