/**
 * The facilitator's row of tools in real browsers: it fits one row on a laptop, the rarely used tools
 * sit under "Meer"; "Volg mij" also takes along a partner who arrives later; the private round shows
 * how many notes wait; the zone picker keeps its order and can be filtered.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, connected, createBoardViaApi, join, note, typeIntoNewNote, WAIT } from './harness.ts'

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')
mkdirSync(SCREENSHOTS, { recursive: true })

describe('facilitator tools', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  async function facilitatorOn(title: string, viewport = { width: 1280, height: 800 }) {
    const board = await createBoardViaApi(suite.server, title)
    const facilitator = await (await suite.newContext({ viewport })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    return { board, facilitator }
  }

  /** Where every button of the facilitator's row is, and whether anything sticks out of the row or the window. */
  async function barLayout(page: Page) {
    return page.locator('nav.facilitator-bar').evaluate((nav) => {
      const buttons = [...nav.querySelectorAll('button')].filter((b) => !b.closest('.timer-controls__panel'))
      return {
        labels: buttons.map((b) => b.textContent?.trim() ?? ''),
        tops: [...new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)))],
        overflowing: buttons.filter((b) => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > window.innerWidth).map((b) => b.textContent),
        rowOverflows: nav.scrollWidth > nav.clientWidth,
      }
    })
  }

  it('at 1280 px the row of tools fits on one line; files, PDF and closing the board are under "Meer"', async () => {
    const { facilitator } = await facilitatorOn('Eén rij')
    const layout = await barLayout(facilitator)
    for (const label of ['Sjablonen', 'Timer', 'Volg mij', 'Stemmen', 'Privé schrijven', 'Projector', 'Meer']) expect(layout.labels.join('|')).toContain(label)
    expect(layout.tops).toHaveLength(1)
    expect(layout.overflowing).toEqual([])
    expect(layout.rowOverflows).toBe(false)
    expect(await facilitator.getByRole('button', { name: 'Bestanden', exact: true }).count()).toBe(0)
    // The shape of the meeting has a row of its own: the programme strip holds the programme, the groups and the concluding part.
    const strip = facilitator.getByRole('region', { name: 'Programma' })
    const stripLabels = await strip.getByRole('button').allTextContents()
    for (const label of ['Beginnen', 'Programma', 'Groepen', 'Afronding']) expect(stripLabels).toContain(label)
    const stripRow = await strip.evaluate((el) => [...new Set([...el.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().top)))].length)
    expect(stripRow).toBe(1)

    // "Meer" opens with the keyboard and says so; a tool inside opens in place; Escape closes one level at a time.
    // Scoped to the row: tldraw's toolbar has a "Meer" of its own.
    const more = facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true })
    await more.focus()
    await facilitator.keyboard.press('Enter')
    expect(await more.getAttribute('aria-expanded')).toBe('true')
    const menu = facilitator.getByRole('group', { name: 'Meer' })
    const files = menu.getByRole('button', { name: 'Bestanden', exact: true })
    await files.click()
    await menu.getByRole('button', { name: 'Notities als CSV' }).waitFor({ timeout: WAIT })
    expect(await files.getAttribute('aria-expanded')).toBe('true')
    // Opening the PDF's options closes the files, one panel at a time.
    await menu.getByRole('button', { name: 'Exporteer als PDF', exact: true }).click()
    await menu.getByRole('button', { name: 'PDF maken' }).waitFor({ timeout: WAIT })
    expect(await files.getAttribute('aria-expanded')).toBe('false')
    await facilitator.keyboard.press('Escape')
    await menu.getByRole('button', { name: 'PDF maken' }).waitFor({ state: 'detached', timeout: WAIT })
    expect(await more.getAttribute('aria-expanded')).toBe('true')
    await facilitator.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached', timeout: WAIT })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await more.evaluate((button) => document.activeElement === button)).toBe(true)

    // Another tool's panel closes "Meer".
    await more.click()
    await menu.waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Timer', exact: true }).click()
    await menu.waitFor({ state: 'detached', timeout: WAIT })

    // A closed board keeps "Bord heropenen" in the row itself, and the row still fits.
    await more.click()
    facilitator.once('dialog', (dialog) => void dialog.accept())
    await menu.getByRole('button', { name: 'Bord sluiten' }).click()
    await facilitator.getByText('Dit bord is gesloten voor deelnemers').waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Bord heropenen' }).waitFor({ timeout: WAIT })
    await facilitator.keyboard.press('Escape')
    expect((await barLayout(facilitator)).tops).toHaveLength(1)
    expect(suite.pageErrors).toEqual([])
  })

  it('"Volg mij": a partner who joins while it is on, or reloads, follows; the facilitator sees how many follow', async () => {
    const { board, facilitator } = await facilitatorOn('Volg mij laat')
    const zoom = (page: Page) => page.getByTestId('minimap.zoom-menu-button').textContent()
    const followMe = facilitator.getByRole('button', { name: /^Volg mij/ })
    await followMe.click()
    await facilitator.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
    await facilitator.keyboard.press('Equal')
    await facilitator.keyboard.press('Equal')
    await expect.poll(() => zoom(facilitator), { timeout: WAIT }).toBe('200%')
    expect(await followMe.textContent()).toBe('Volg mij')

    // Anne opens the board after "Volg mij" was turned on: her view goes where the facilitator looks.
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    const banner = partner.getByRole('status').filter({ hasText: 'Je volgt de procesbegeleider' })
    await banner.waitFor({ timeout: WAIT })
    await expect.poll(() => zoom(partner), { timeout: WAIT }).toBe('200%')
    await expect.poll(() => followMe.textContent(), { timeout: WAIT }).toBe('Volg mij · 1 volgt')

    // A reload keeps her following.
    await partner.reload()
    await banner.waitFor({ timeout: WAIT })
    await expect.poll(() => zoom(partner), { timeout: WAIT }).toBe('200%')
    await expect.poll(() => followMe.textContent(), { timeout: WAIT }).toBe('Volg mij · 1 volgt')

    // The facilitator's own page reloads: gone for a moment, then followed again once it is back.
    await facilitator.reload()
    await connected(facilitator)
    await banner.waitFor({ timeout: WAIT })
    await expect.poll(() => followMe.textContent(), { timeout: WAIT }).toBe('Volg mij · 1 volgt')
    await facilitator.locator('.tl-canvas').click({ position: { x: 400, y: 300 } })
    await facilitator.keyboard.press('Minus')
    // A fresh page starts at 100%: one step out, once the animation has settled.
    await expect.poll(() => zoom(facilitator), { timeout: WAIT }).toBe('50%')
    await expect.poll(() => zoom(partner), { timeout: WAIT }).toBe('50%')

    // Stepping out is counted too.
    await partner.getByRole('button', { name: 'Zelf rondkijken' }).click()
    await expect.poll(() => followMe.textContent(), { timeout: WAIT }).toBe('Volg mij')
    // The count fits the row at 1280 px.
    expect((await barLayout(facilitator)).tops).toHaveLength(1)
    expect(suite.pageErrors).toEqual([])
  })

  it('private round: the facilitator sees how many notes wait, never their text; a late reveal from an offline laptop is said', async () => {
    const { board, facilitator } = await facilitatorOn('Wachtende notities')
    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')
    const offline = await suite.newContext()
    const karim = await offline.newPage()
    await karim.goto(board.joinUrl)
    await join(karim, 'Karim', 'Zorggroep Noord')

    await facilitator.getByRole('button', { name: 'Privé schrijven' }).click()
    const banner = facilitator.getByRole('status').filter({ hasText: 'Privé schrijfronde' })
    await banner.getByText('0 privénotities wachten op de laptops').waitFor({ timeout: WAIT })
    await anne.getByRole('status').filter({ hasText: 'Privé schrijfronde' }).waitFor({ timeout: WAIT })
    for (const text of ['Geheim een', 'Geheim twee']) {
      await anne.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await typeIntoNewNote(anne, text)
    }
    await banner.getByText('2 privénotities wachten op de laptops').waitFor({ timeout: WAIT })
    await karim.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(karim, 'Wachtlijst zorgen')
    await banner.getByText('3 privénotities wachten op de laptops').waitFor({ timeout: WAIT })
    // The count, not the notes: the facilitator's page holds none of their text.
    expect(await facilitator.locator('.tl-canvas').getByText('Geheim een').count()).toBe(0)

    await offline.setOffline(true)
    await karim.getByRole('status').filter({ hasText: /^Offline/ }).waitFor({ timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Onthullen' }).click()
    await note(facilitator, 'Geheim twee').waitFor({ timeout: WAIT })
    // Anne's laptop was there at the reveal: nothing to report (given the time a notice would take to show).
    await facilitator.waitForTimeout(1000)
    expect(await facilitator.getByRole('alert').filter({ hasText: 'offline' }).count()).toBe(0)

    // Karim's laptop comes back well after the reveal and publishes: the facilitator is told.
    await new Promise((resolve) => setTimeout(resolve, 6000))
    await offline.setOffline(false)
    await note(facilitator, 'Wachtlijst zorgen').waitFor({ timeout: WAIT })
    await facilitator.getByRole('alert').filter({ hasText: '1 notitie van een laptop die offline was is nu zichtbaar.' }).waitFor({ timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })

  it('PNG of the view: the last note’s byline is inside the image; the menu’s labels fit their buttons', async () => {
    const board = await createBoardViaApi(suite.server, 'Afbeelding')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    // A long name: the byline is wider than the note.
    await join(facilitator, 'Annemarie van den Berg-Jansen', 'Gemeente Utrecht')
    for (const text of ['Bovenste notitie', 'Een lange notitie die groeit: wonen, zorg, werk, onderwijs, vervoer, cultuur en nog veel meer om over te praten']) {
      await facilitator.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await typeIntoNewNote(facilitator, text)
    }
    // Nothing selected: the PNG is everything in view.
    await facilitator.keyboard.press('Escape')
    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Bestanden', exact: true }).click()
    const menu = facilitator.getByRole('group', { name: 'Bestanden' })
    const overflowing = await menu.evaluate((group) =>
      [...group.querySelectorAll('button')].filter((b) => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > group.getBoundingClientRect().right).map((b) => b.textContent),
    )
    expect(overflowing).toEqual([])
    const [download] = await Promise.all([facilitator.waitForEvent('download', { timeout: WAIT }), menu.getByRole('button', { name: 'Afbeelding (PNG) van wat je ziet' }).click()])
    const path = (await download.path())!
    copyFileSync(path, joinPath(SCREENSHOTS, 'png-export.png'))
    // Drawn in the page: no dark (text) pixel may touch the image's edges, where a cut-off byline would end.
    const edges = await facilitator.evaluate(async (base64) => {
      const image = new Image()
      image.src = `data:image/png;base64,${base64}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(image, 0, 0)
      const dark = (x: number, y: number) => {
        const [r, g, b] = ctx.getImageData(x, y, 1, 1).data
        return r < 110 && g < 110 && b < 130
      }
      let right = 0
      let bottom = 0
      for (let y = 0; y < image.height; y++) for (let x = image.width - 4; x < image.width; x++) if (dark(x, y)) right++
      for (let x = 0; x < image.width; x++) for (let y = image.height - 4; y < image.height; y++) if (dark(x, y)) bottom++
      return { right, bottom, width: image.width, height: image.height }
    }, readFileSync(path).toString('base64'))
    expect(edges.width).toBeGreaterThan(400)
    expect(edges).toMatchObject({ right: 0, bottom: 0 })
  })
})
