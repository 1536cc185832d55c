/**
 * Files in real browsers: the notes as CSV (what Excel on a Dutch laptop opens), the board as .tldr
 * imported into a new board with the same shapes, and a PNG of the view.
 */
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, createBoardViaApi, join, note, typeIntoNewNote, WAIT } from './harness.ts'

describe('files', { timeout: 120_000 }, () => {
  const suite = browserSuite()

  /** The files menu sits under "Meer" in the facilitator's row. */
  async function openFiles(page: Page): Promise<void> {
    const files = page.getByRole('button', { name: 'Bestanden', exact: true })
    if (!(await files.isVisible())) await page.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    if ((await files.getAttribute('aria-expanded')) !== 'true') await files.click()
  }

  async function fromFilesMenu(page: Page, item: string): Promise<string> {
    await openFiles(page)
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByRole('button', { name: item }).click()])
    return (await download.path())!
  }

  it('CSV with accents, .tldr round trip into a new board, PNG', async () => {
    const board = await createBoardViaApi(suite.server, 'Één café — reünie')
    const page = await (await suite.newContext()).newPage()
    await page.goto(board.facilitatorUrl)
    await join(page, 'Anne', 'Gemeente Utrecht')
    const texts = ['Naïef; maar "eerlijk"', 'Über ’t idee — één', 'Reünie in café']
    for (const text of texts) {
      await page.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await typeIntoNewNote(page, text)
    }

    // One panel at a time: opening the PDF menu closes the files menu, and the other way round.
    const files = page.getByRole('button', { name: 'Bestanden', exact: true })
    const pdf = page.getByRole('button', { name: 'Exporteer als PDF', exact: true })
    await openFiles(page)
    await expect.poll(() => files.getAttribute('aria-expanded')).toBe('true')
    await pdf.click()
    await expect.poll(() => files.getAttribute('aria-expanded')).toBe('false')
    expect(await pdf.getAttribute('aria-expanded')).toBe('true')
    // Another panel closes the PDF's, and "Meer" with it.
    await page.getByRole('button', { name: 'Sjablonen', exact: true }).click()
    await expect.poll(() => pdf.count()).toBe(0)
    await page.getByRole('button', { name: 'Sjablonen', exact: true }).click()

    const csv = readFileSync(await fromFilesMenu(page, 'Notities als CSV'), 'utf8')
    expect(csv.startsWith('\uFEFFSjabloon;Plek;Tekst;Auteur;Organisatie;Stemmen;Gemaakt op\r\n')).toBe(true)
    expect(csv).toContain(';Losse notities;"Naïef; maar ""eerlijk""";Anne;Gemeente Utrecht;;')
    expect(csv).toContain(';Losse notities;Über ’t idee — één;Anne;Gemeente Utrecht;;')
    // When it was made: local date and time as Dutch Excel reads them, not an ISO timestamp.
    expect(csv).toMatch(/;Anne;Gemeente Utrecht;;\d\d-\d\d-\d{4} \d\d:\d\d\r\n/)

    const png = readFileSync(await fromFilesMenu(page, 'Afbeelding (PNG) van wat je ziet'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.length).toBeGreaterThan(2000)

    const tldrPath = await fromFilesMenu(page, 'Bord als .tldr')
    const tldr = JSON.parse(readFileSync(tldrPath, 'utf8'))
    expect(tldr.tldrawFileFormatVersion).toBeGreaterThan(0)

    // Everything at once, before a board is deleted: one ZIP with the minutes, the notes, the board.
    const zip = unzipSync(readFileSync(await fromFilesMenu(page, 'Alles downloaden (ZIP)')))
    expect(Object.keys(zip).sort()).toEqual(['LEESMIJ.txt', 'records.json', 'versions.json', 'Één café  reünie.csv', 'Één café  reünie.pdf', 'Één café  reünie.tldr'].sort())
    // The versions list as the server gives it (GET /api/boards/:id/versions).
    const versionsApi = await (await fetch(`${suite.server.url}/api/boards/${board.id}/versions`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json()
    expect(Object.keys(JSON.parse(strFromU8(zip['versions.json'])))).toEqual(Object.keys(versionsApi))
    expect(strFromU8(zip['Één café  reünie.pdf'].subarray(0, 5))).toBe('%PDF-')
    expect(strFromU8(zip['Één café  reünie.csv'])).toContain(';Losse notities;Über ’t idee — één;Anne;Gemeente Utrecht;;')
    const saved = JSON.parse(strFromU8(zip['records.json'])) as { records: Record<string, { type?: string; props?: { richText?: unknown } }> }
    expect(Object.values(saved.records).filter((r) => r.type === 'note')).toHaveLength(3)
    expect(JSON.parse(strFromU8(zip['Één café  reünie.tldr'])).tldrawFileFormatVersion).toBeGreaterThan(0)

    // Into a new board, by someone else: the shapes arrive with their text and their authors.
    const other = await createBoardViaApi(suite.server, 'Vervolg')
    const page2 = await (await suite.newContext()).newPage()
    await page2.goto(other.facilitatorUrl)
    await join(page2, 'Bas', 'Procesbureau Samen')
    await openFiles(page2)
    const chooser = page2.waitForEvent('filechooser', { timeout: WAIT })
    await page2.getByRole('button', { name: 'Importeer .tldr' }).click()
    await (await chooser).setFiles(tldrPath)
    await page2.getByRole('alert').filter({ hasText: '3 vormen geïmporteerd' }).waitFor({ timeout: WAIT })
    for (const text of texts) await note(page2, text).waitFor({ timeout: WAIT })
    const listed = async () =>
      ((await (await fetch(`${suite.server.url}/api/boards/${other.id}/notes?key=${other.facilitatorKey}`)).json()).notes as { text: string; author: string }[])
        .map((n) => `${n.text} | ${n.author}`)
        .sort()
    await expect.poll(listed, { timeout: WAIT }).toEqual(texts.map((t) => `${t} | Anne`).sort())

    // Brought in again, onto the board that has them already: beside them, not on top of them.
    await openFiles(page2)
    const again = page2.waitForEvent('filechooser', { timeout: WAIT })
    await page2.getByRole('button', { name: 'Importeer .tldr' }).click()
    await (await again).setFiles(tldrPath)
    await expect.poll(() => page2.locator('.tl-note__container').count(), { timeout: WAIT }).toBe(6)
    const boxes = await page2.locator('.tl-shape[data-shape-type="note"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true)
    }
    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
