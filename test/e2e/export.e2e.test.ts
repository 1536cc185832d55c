/**
 * The minutes as a PDF in a real browser: three templates and notes with Dutch accents, exported through
 * the facilitator's menu. pdftotext must find every note's text, author and zone heading, also on the
 * drawing pages (real text, not pictures); the drawing pages hold no raster images; the page count and
 * paper size are right. The first pages are rendered to PNG under __screenshots__/ to look at. With a
 * programme and follow-up agreements the PDF follows the programme, and the Word minutes downloaded from
 * the same panel hold the board's notes. Needs poppler-utils (pdftotext, pdfinfo, pdfimages, pdftoppm).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { strFromU8, unzipSync } from 'fflate'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { addNoteInZone, browserSuite, createBoardViaApi, join, placeAllTemplates, placeTemplate, WAIT } from './harness.ts'

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')

const pdftotext = (path: string, ...args: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, path, '-'], { encoding: 'utf8' })
const flat = (text: string) => text.replace(/\s+/g, ' ')
const pageText = (path: string, page: number) => flat(pdftotext(path, '-raw', '-f', String(page), '-l', String(page)))
const pdfInfo = (path: string) => execFileSync('pdfinfo', [path], { encoding: 'utf8' })
const pageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(pdfInfo(path))![1])

interface PlacedNote {
  zone: string
  text: string
  author: string
  organisation: string
}

describe('PDF export', { timeout: 240_000 }, () => {
  const suite = browserSuite()



  async function exportPdf(page: Page, options: { paper?: 'A4' | 'A3'; selected?: boolean; minutes?: boolean } = {}): Promise<{ path: string; ms: number }> {
    const menu = page.getByRole('group', { name: 'Exporteer als PDF' })
    if (!(await menu.isVisible())) {
      // The PDF sits under "Meer" in the facilitator's row.
      const button = page.getByRole('button', { name: 'Exporteer als PDF' })
      if (!(await button.isVisible())) await page.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
      await button.click()
    }
    await menu.getByLabel(options.paper ?? 'A4').check()
    await menu.getByLabel(options.selected ? 'De geselecteerde sjablonen' : 'Het hele bord').check()
    await menu.getByLabel('Verslag: alle notities als tekst').setChecked(options.minutes ?? true)
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'export-menu.png') })
    const started = Date.now()
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), menu.getByRole('button', { name: 'PDF maken' }).click()])
    const path = (await download.path())!
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    return { path, ms: Date.now() - started }
  }

  it('three templates and accented notes: vector pages with real text, the minutes, A3 of a selection', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    const board = await createBoardViaApi(suite.server, 'Werkconferentie Één café — reünie')
    const facilitator = await (await suite.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await placeAllTemplates(facilitator)

    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')
    const zoë = await (await suite.newContext()).newPage()
    await zoë.goto(board.joinUrl)
    await join(zoë, 'Zoë', 'Woonstichting Reünie')

    const placed: PlacedNote[] = []
    const add = async (page: Page, author: string, organisation: string, zone: string, text: string) => {
      await addNoteInZone(page, zone, text)
      placed.push({ zone, text, author, organisation })
    }
    await add(anne, 'Anne', 'Gemeente Utrecht', 'Onder de waterlijn — waarden', 'Één café — naïef, reünie, über, ’t')
    await add(anne, 'Anne', 'Gemeente Utrecht', 'Boven de waterlijn — gedeelde ambitie', 'Iedereen een thuis in de wijk')
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Onder de waterlijn — identiteit en trots', 'Trots op onze coöperatie')
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Onder de waterlijn — zorgen en voorwaarden', 'Zorg over financiële risico’s')
    await add(anne, 'Anne', 'Gemeente Utrecht', 'Dak — kernboodschap (koepelverhaal)', 'Samen zorgen we voor een wijk waar ouderen thuis blijven')
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Pijler 1 — boodschap', 'Betaalbaar wonen blijft mogelijk')
    await add(anne, 'Anne', 'Gemeente Utrecht', 'Pijler 2 — boodschap', 'Zorg dichtbij, ook ’s nachts')
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Fundament — bewijs, feiten en waarden', '120 woningen per jaar — feit')
    await add(anne, 'Anne', 'Gemeente Utrecht', 'Gedeeld door Gemeente en Woonstichting', 'Betaalbare woningen voor ouderen')
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Gedeeld door Gemeente en Woonstichting', 'Naïeve plannen? Nee: één aanpak')
    // Away from the templates (the wheel pans the canvas; a partner starts on the facilitator's view,
    // zoomed out to the whole board), a loose note.
    await zoë.mouse.move(400, 400)
    await zoë.mouse.wheel(0, 1500)
    await add(zoë, 'Zoë', 'Woonstichting Reünie', 'Los op het bord, waar ik nu kijk', 'Volgende keer in het buurthuis')

    const notesApi = `${suite.server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`
    await waitFor(
      async () => {
        const notes = ((await (await fetch(notesApi)).json()) as { notes: { text: string; template: unknown }[] }).notes
        if (notes.length !== placed.length || !notes.every((n) => n.text)) return false
        if (notes.find((n) => n.text === 'Volgende keer in het buurthuis')?.template) throw new Error('the loose note landed in a template')
        return (await facilitator.locator('.tl-note__container').count()) >= placed.length
      },
      WAIT,
      'every note on the facilitator’s board',
    )

    // A dot-voting round: the facilitator opens and closes it, the two laptops put their dots on through
    // the vote API with the token each page got at join (the voting itself is tested in facilitation.e2e).
    const listed = ((await (await fetch(notesApi)).json()) as { notes: { id: string; text: string }[] }).notes
    const idOf = (text: string) => listed.find((n) => n.text === text)!.id
    await facilitator.getByRole('button', { name: 'Stemmen', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Stemronde starten' }).click()
    await anne.getByRole('status').filter({ hasText: 'Stemronde:' }).first().waitFor({ timeout: WAIT })
    const putDot = async (page: Page, text: string) => {
      const token = await page.evaluate((id) => JSON.parse(localStorage.getItem(`waterlijn.joined.${id}`) ?? '{}').token as string, board.id)
      const res = await fetch(`${suite.server.url}/api/boards/${board.id}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ noteId: idOf(text), action: 'add' }),
      })
      expect(res.status).toBe(200)
    }
    await putDot(anne, 'Betaalbare woningen voor ouderen')
    await putDot(anne, 'Trots op onze coöperatie')
    await putDot(zoë, 'Betaalbare woningen voor ouderen')
    await facilitator.getByRole('button', { name: 'Stemronde sluiten' }).click()
    const results = facilitator.getByRole('dialog', { name: 'Uitslag van de stemronde' })
    await results.getByRole('listitem').filter({ hasText: '2 ● Betaalbare woningen voor ouderen' }).waitFor({ timeout: WAIT })
    await results.getByRole('button', { name: 'Sluiten' }).click()

    // The whole board on A4.
    const whole = await exportPdf(facilitator)
    const bytes = statSync(whole.path).size
    console.log(`PDF of the whole board: ${bytes} bytes, ${whole.ms} ms, ${pageCount(whole.path)} pages`)
    copyFileSync(whole.path, joinPath(SCREENSHOTS, 'export-whole-board.pdf'))
    const info = pdfInfo(whole.path)
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)
    const pages = pageCount(whole.path)
    // Title page, the three templates, the loose note, the vote, then the minutes.
    expect(pages).toBeGreaterThanOrEqual(7)
    expect(pages).toBeLessThanOrEqual(8)
    const text = flat(pdftotext(whole.path))
    expect(text).toContain('Werkconferentie Één café — reünie')
    expect(text).toContain('11 notities')
    // Who took part, in order of arrival: also the facilitator, who wrote no note.
    expect(pageText(whole.path, 1)).toContain('Procesbureau Samen Bas Gemeente Utrecht Anne Woonstichting Reünie Zoë')

    // The drawing pages have each note as real text, in the order of the board, and no pictures.
    const drawingPages = [2, 3, 4, 5].map((p) => pageText(whole.path, p))
    expect(drawingPages[0]).toContain('IJsberg en waterlijn')
    expect(drawingPages[1]).toContain('Message house')
    expect(drawingPages[2]).toContain('Domein van de coalitie')
    expect(drawingPages[3]).toContain('Losse notities')
    expect(drawingPages[3]).toContain('Volgende keer in het buurthuis')
    const onDrawings = drawingPages.join(' ')
    for (const note of placed) {
      expect(onDrawings).toContain(note.text)
      expect(onDrawings).toContain(`${note.author} · ${note.organisation}`)
    }
    expect(drawingPages[0]).toContain('Onder de waterlijn — waarden')
    const images = execFileSync('pdfimages', ['-list', whole.path], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(images).toEqual([])
    // The notes in tldraw's hand-drawn font, the labels in its sans, both embedded, as on screen.
    const fonts = execFileSync('pdffonts', ['-f', '2', '-l', '2', whole.path], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(fonts.map((line) => line.split(/\s+/)[0]).sort()).toEqual(['pdf_draw', 'pdf_sans'])
    for (const line of fonts) expect(line).toMatch(/Identity-H\s+yes/)

    // The vote: notes with dots, most first, with who wrote them and where they are.
    const vote = pageText(whole.path, 6)
    expect(vote).toContain('Uitslag van de stemronde')
    expect(vote).toContain('Stemmen per persoon: 3. Aantal stemmers: 2.')
    expect(vote).toContain(
      '2 stemmen — Betaalbare woningen voor ouderen Anne · Gemeente Utrecht · Domein van de coalitie — Gedeeld door Gemeente en Woonstichting',
    )
    expect(vote).toContain('1 stem — Trots op onze coöperatie Zoë · Woonstichting Reünie · IJsberg en waterlijn — Onder de waterlijn — identiteit en trots')
    expect(vote.indexOf('2 stemmen')).toBeLessThan(vote.indexOf('1 stem —'))

    // The minutes: every note with its author and organisation (and its votes), under its zone heading.
    const minutes = Array.from({ length: pages - 6 }, (_, i) => pageText(whole.path, 7 + i)).join(' ')
    expect(minutes).toContain('Alle notities')
    for (const note of placed) {
      if (!note.zone.startsWith('Los op het bord')) expect(minutes).toContain(note.zone)
      expect(minutes).toContain(`${note.text} ${note.author} · ${note.organisation}`)
    }
    expect(minutes).toContain('Betaalbare woningen voor ouderen Anne · Gemeente Utrecht · 2 stemmen')
    expect(minutes).toContain('Trots op onze coöperatie Zoë · Woonstichting Reünie · 1 stem')
    expect(minutes).not.toContain('Iedereen een thuis in de wijk Anne · Gemeente Utrecht ·')
    expect(minutes.indexOf('IJsberg en waterlijn')).toBeLessThan(minutes.indexOf('Message house'))
    expect(minutes.indexOf('Dak — kernboodschap')).toBeLessThan(minutes.indexOf('Fundament — bewijs'))
    // The house as an outline: the pillar nobody wrote in is there too.
    expect(minutes).toContain('Pijler 3 — boodschap Geen notities.')
    expect(minutes).toContain('Losse notities')

    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '7', whole.path, joinPath(SCREENSHOTS, 'export-pdf')])

    // A3, only the message house (selected by its heading), without minutes.
    await facilitator.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await facilitator.keyboard.press('Shift+1')
    await facilitator.locator('.tl-frame-heading', { hasText: 'Message house' }).click()
    const house = await exportPdf(facilitator, { paper: 'A3', selected: true, minutes: false })
    expect(pdfInfo(house.path)).toMatch(/Page size:\s+841\.\d+ x 1190\.\d+ pts \(A3\)/)
    expect(pageCount(house.path)).toBe(2)
    const houseText = flat(pdftotext(house.path))
    expect(houseText).toContain('Samen zorgen we voor een wijk waar ouderen thuis blijven')
    expect(houseText).not.toContain('Één café — naïef')
    expect(houseText).not.toContain('Alle notities')

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })

  it('with a programme and agreements: the PDF follows the programme, and the Word minutes come from the same panel', async () => {
    const board = await createBoardViaApi(suite.server, 'Verkenning met programma')
    const facilitator = await (await suite.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await placeTemplate(facilitator, 'Message house')
    await addNoteInZone(facilitator, 'Onder de waterlijn — waarden', 'Vertrouwen in elkaar')
    await addNoteInZone(facilitator, 'Dak — kernboodschap (koepelverhaal)', 'Samen thuis in de wijk')
    const notesApi = `${suite.server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`
    const frameOf = await waitFor(
      async () => {
        const notes = ((await (await fetch(notesApi)).json()) as { notes: { text: string; template: { id: string } | null }[] }).notes
        const ids = Object.fromEntries(notes.map((n) => [n.text, n.template?.id]))
        return ids['Vertrouwen in elkaar'] && ids['Samen thuis in de wijk'] ? ids : null
      },
      WAIT,
      'both notes in their templates on the server',
    )

    // The programme (the house first, though it stands right of the iceberg) and the agreements, as the
    // facilitator's tools write them, through a stock client with the facilitator key.
    const writer = connectClient(suite.server.wsUrl, board.id, { key: board.facilitatorKey })
    await writer.synced
    const start = Date.parse('2026-12-02T09:00:00Z')
    writer.doc.transact(() => {
      const settings = writer.doc.getMap(DocKeys.board)
      settings.set(BoardMapKeys.programme, {
        currentId: null,
        parts: [
          { id: 'p1', title: 'Onze boodschap', preset: null, minutes: 20, frameIds: [frameOf['Samen thuis in de wijk']], startedAt: start, endedAt: start + 23 * 60_000 },
          { id: 'p2', title: 'Wat ons drijft', preset: null, minutes: 30, frameIds: [frameOf['Vertrouwen in elkaar']], startedAt: start + 23 * 60_000, endedAt: start + 50 * 60_000 },
        ],
      })
      settings.set(BoardMapKeys.agreements, {
        items: [
          { id: 'x1', what: 'Plan van aanpak opstellen', owner: 'Procesbureau Samen', due: '2027-03-01', kind: 'plan-of-approach', noteId: null, createdAt: '2026-12-02T10:00:00Z' },
          { id: 'x2', what: 'Zorgverzekeraar uitnodigen', owner: null, due: '', kind: 'other', noteId: null, createdAt: '2026-12-02T10:01:00Z' },
        ],
        nextMeeting: { date: '2027-03-12', note: 'buurthuis' },
      })
    })
    const minutesApi = `${suite.server.url}/api/boards/${board.id}/minutes?key=${board.facilitatorKey}`
    await waitFor(async () => (await (await fetch(minutesApi)).text()).includes('Zorgverzekeraar uitnodigen'), WAIT, 'the agreements on the server')
    writer.destroy()
    // The page opens again with what the server has: the board shows once the first state is in.
    await facilitator.reload()
    await facilitator.locator('nav.facilitator-bar').waitFor({ timeout: WAIT })

    // "Verslag als Word-document", from the export panel under "Meer".
    await facilitator.locator('nav.facilitator-bar').getByRole('button', { name: 'Meer', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Exporteer als PDF' }).click()
    const menu = facilitator.getByRole('group', { name: 'Exporteer als PDF' })
    const [word] = await Promise.all([facilitator.waitForEvent('download', { timeout: WAIT }), menu.getByRole('button', { name: 'Verslag als Word-document' }).click()])
    expect(word.suggestedFilename()).toBe('Verkenning met programma.docx')
    const files = unzipSync(new Uint8Array(readFileSync((await word.path())!)))
    const wordText = strFromU8(files['word/document.xml']).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    for (const s of ['Onze boodschap', 'Samen thuis in de wijk', 'Vertrouwen in elkaar', 'Bas · Procesbureau Samen', 'Plan van aanpak opstellen', 'Nog niet belegd']) expect(wordText).toContain(s)
    await facilitator.getByRole('alert').filter({ hasText: 'Het verslag is gedownload.' }).waitFor({ timeout: WAIT })

    const { path } = await exportPdf(facilitator)
    // Title page, the two drawings in the programme's order, the minutes, the agreements.
    expect(pageText(path, 2)).toContain('Message house')
    expect(pageText(path, 3)).toContain('IJsberg en waterlijn')
    const text = flat(pdftotext(path))
    const minutes = text.slice(text.indexOf('Alle notities', text.indexOf('In dit verslag') + 20))
    expect(minutes).toContain('Onze boodschap Gepland: 20 min · duurde 23 min Message house')
    expect(minutes).toContain('Wat ons drijft Gepland: 30 min · duurde 27 min IJsberg en waterlijn')
    expect(minutes.indexOf('Samen thuis in de wijk')).toBeLessThan(minutes.indexOf('Vertrouwen in elkaar'))
    const last = pageText(path, pageCount(path))
    expect(last).toContain('Vervolgafspraken')
    expect(last).toContain('Procesbureau Samen Wat Wanneer Soort Plan van aanpak opstellen 1 maart 2027 Plan van aanpak')
    expect(last).toContain('Nog niet belegd')
    expect(last.indexOf('Nog niet belegd')).toBeLessThan(last.indexOf('Zorgverzekeraar uitnodigen'))
    expect(last).toContain('Volgende bijeenkomst: 12 maart 2027 — buurthuis')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pageCount(path)), '-l', String(pageCount(path)), path, joinPath(SCREENSHOTS, 'export-agreements')])

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })

  it('the wifi drops at the end: the facilitator still makes the PDF, also after a reload without network', async () => {
    const board = await createBoardViaApi(suite.server, 'Slotronde zonder wifi')
    const context = await suite.newContext({ serviceWorkers: 'allow' })
    const facilitator = await context.newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await addNoteInZone(facilitator, 'Onder de waterlijn — waarden', 'Vertrouwen, ook zonder wifi')
    // Once the board has settled, the PDF code and both fonts are kept by the service worker.
    // (page.evaluate awaits the page's promise; waitForFunction would take the promise itself as truthy.)
    await waitFor(
      () =>
        facilitator.evaluate(async () => {
          const urls: string[] = []
          for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
          return urls.some((url) => /\/assets\/pdf-[\w-]+\.js$/.test(url)) && urls.filter((url) => url.endsWith('.ttf')).length === 2
        }),
      WAIT,
      'the PDF code and fonts kept for offline use',
    )

    await context.setOffline(true)
    await facilitator.reload()
    await facilitator.getByRole('status').filter({ hasText: /^Offline/ }).waitFor({ timeout: WAIT })
    const offline = await exportPdf(facilitator)
    const text = flat(pdftotext(offline.path))
    expect(text).toContain('Slotronde zonder wifi')
    expect(text).toContain('Vertrouwen, ook zonder wifi Bas · Procesbureau Samen')
    await context.setOffline(false)
    await context.close()
    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
