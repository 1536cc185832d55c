/**
 * The workshop templates in real browsers: the facilitator places the iceberg, the message house and the
 * coalition Venn; a partner puts notes into zones through the zone picker; the server's notes API names
 * those zones; bringing the waterline down moves a note above water; a partner cannot remove a template.
 * Screenshots of each template are saved under __screenshots__/ to look at.
 */
import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRecords, type KeyValueEntry } from '../../shared/board/records.ts'
import { DocKeys } from '../../shared/protocol.ts'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { addNoteInZone, browserSuite, placeAllTemplates, createBoardViaApi, join, placeTemplate, note, typeIntoNewNote, WAIT } from './harness.ts'

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')

interface ListedNote {
  text: string
  author: string
  template: { kind: string } | null
  zone: { id: string; label: string; partners?: { name: string }[]; insideDomain?: boolean } | null
}

describe('workshop templates', { timeout: 150_000 }, () => {
  const suite = browserSuite()

  it('the zone picker: the template in view first, the same order every time, a filter from ten zones', async () => {
    const board = await createBoardViaApi(suite.server, 'Waar hoort het')
    const facilitator = await (await suite.newContext()).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    // The Venn is placed last, so the facilitator looks at it, and a partner arriving starts there.
    await placeAllTemplates(facilitator)

    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    const picker = partner.getByRole('dialog', { name: 'Waar hoort je notitie?' })
    const open = async () => {
      await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
      await picker.waitFor({ timeout: WAIT })
      return { groups: await picker.getByRole('heading', { level: 3 }).allTextContents(), zones: await picker.locator('.zone-picker__group button').allTextContents() }
    }
    const first = await open()
    expect(first.groups).toEqual(['Domein van de coalitie', 'IJsberg en waterlijn', 'Message house'])
    expect(first.zones.length).toBeGreaterThan(10)
    await picker.getByRole('button', { name: 'Annuleren' }).click()
    expect(await open()).toEqual(first)

    const filter = picker.getByLabel('Zoek een vak')
    // Every word counts, in any order and case: "waarden" alone also finds "voorwaarden".
    await filter.fill('waarden')
    await expect.poll(() => picker.locator('.zone-picker__group button').count(), { timeout: WAIT }).toBeLessThan(first.zones.length)
    for (const zone of await picker.locator('.zone-picker__group button').allTextContents()) expect(zone.toLowerCase()).toContain('waarden')
    await filter.fill('Trots onder')
    await expect.poll(() => picker.locator('.zone-picker__group button').allTextContents(), { timeout: WAIT }).toEqual(['Onder de waterlijn — identiteit en trots'])
    await filter.fill('xyz')
    await picker.getByText('Geen vak gevonden met deze woorden.').waitFor({ timeout: WAIT })
    await filter.fill('')
    expect(await picker.locator('.zone-picker__group button').count()).toBe(first.zones.length)
    await picker.getByRole('button', { name: 'Onder de waterlijn — waarden', exact: true }).click()
    await typeIntoNewNote(partner, 'Gevonden met het filter')
    await note(facilitator, 'Gevonden met het filter').waitFor({ state: 'attached', timeout: WAIT })
    expect(suite.pageErrors).toEqual([])
  })

  it('places all three templates, and notes picked into zones are reported in those zones', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    const board = await createBoardViaApi(suite.server, 'Werkconferentie Wonen en Zorg')
    const notesApi = `${suite.server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`
    const listNotes = async () => ((await (await fetch(notesApi)).json()) as { notes: ListedNote[] }).notes

    const facilitator = await (await suite.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')

    await placeTemplate(facilitator, 'IJsberg en waterlijn')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'iceberg.png') })
    await placeTemplate(facilitator, 'Message house')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'message-house.png') })
    await placeTemplate(facilitator, 'Domein van de coalitie', async () => {
      await facilitator.getByLabel('Partner 1', { exact: true }).fill('Gemeente')
      await facilitator.getByLabel('Partner 2', { exact: true }).fill('Woonstichting')
      await facilitator.getByLabel('Partner 3', { exact: true }).fill('Zorggroep')
    })
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'coalition-venn.png') })

    // A partner joins and uses the zone picker.
    const partner = await (await suite.newContext()).newPage()
    await partner.goto(board.joinUrl)
    await join(partner, 'Anne', 'Gemeente Utrecht')
    await addNoteInZone(partner, 'Gedeeld door Gemeente en Woonstichting', 'Betaalbare woningen voor ouderen')
    await addNoteInZone(partner, 'Onder de waterlijn — waarden', 'Eerlijkheid en één stem')
    await addNoteInZone(partner, 'Pijler 2 — boodschap', 'Samen zorgen we voor de wijk')

    const listed = await waitFor(async () => {
      const notes = await listNotes()
      return notes.length === 3 && notes.every((n) => n.text) ? notes : null
    }, WAIT, 'three notes with text in the notes API')
    const byText = (text: string) => listed.find((n) => n.text === text)!
    expect(byText('Betaalbare woningen voor ouderen')).toMatchObject({
      author: 'Anne',
      template: { kind: 'coalition-venn' },
      zone: { label: 'Gedeeld door Gemeente en Woonstichting', partners: [{ name: 'Gemeente' }, { name: 'Woonstichting' }], insideDomain: true },
    })
    expect(byText('Eerlijkheid en één stem').zone?.label).toBe('Onder de waterlijn — waarden')
    expect(byText('Samen zorgen we voor de wijk').zone?.label).toBe('Pijler 2 — boodschap')

    // The facilitator brings the waterline down twice: the note on values is above water now.
    // Zoom to see the whole board (tldraw: Shift+1), then pick the iceberg by its name.
    await facilitator.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await facilitator.keyboard.press('Shift+1')
    await note(facilitator, 'Eerlijkheid en één stem').waitFor({ timeout: WAIT })
    await facilitator.locator('.tl-frame-heading', { hasText: 'IJsberg en waterlijn' }).click()
    const controls = facilitator.getByRole('region', { name: 'Sjabloon: IJsberg en waterlijn' })
    await controls.getByRole('button', { name: 'Waterlijn omlaag' }).click()
    await controls.getByRole('button', { name: 'Waterlijn omlaag' }).click()
    await waitFor(
      async () => (await listNotes()).find((n) => n.text === 'Eerlijkheid en één stem')?.zone?.label === 'Boven de waterlijn — waarden',
      WAIT,
      'the values note above water',
    )
    await facilitator.keyboard.press('Escape')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'iceberg-lowered.png') })

    // A fourth partner joins the coalition: the diagram lays itself out again, the note keeps its zone,
    // and the facilitator is told which combinations four circles cannot give a place of their own.
    await facilitator.locator('.tl-frame-heading', { hasText: 'Domein van de coalitie' }).click()
    const vennControls = facilitator.getByRole('region', { name: 'Sjabloon: Domein van de coalitie' })
    await vennControls.getByRole('button', { name: 'Partner toevoegen' }).click()
    await vennControls.getByLabel('Partner 4', { exact: true }).fill('Bibliotheek')
    await vennControls.getByRole('button', { name: 'Partners bijwerken' }).click()
    await vennControls.getByText(/Geen eigen plek binnen het domein voor: .*Gemeente \+ Zorggroep/).waitFor({ timeout: WAIT })
    await waitFor(async () => {
      const venn = (await listNotes()).find((n) => n.text === 'Betaalbare woningen voor ouderen')
      return venn?.zone?.label === 'Gedeeld door Gemeente en Woonstichting' && venn.zone.partners?.length === 2
    }, WAIT, 'the Venn note still shared by Gemeente and Woonstichting')
    await facilitator.keyboard.press('Escape')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'coalition-venn-4.png') })

    // A partner cannot remove the templates: select everything and delete.
    const reader = connectClient(suite.server.wsUrl, board.id)
    await reader.synced
    const templateShapes = () =>
      [...readRecords(reader.doc.getArray<KeyValueEntry>(DocKeys.records)).values()].filter((r) => {
        const record = r as { typeName?: string; type?: string; meta?: Record<string, unknown> }
        return record.typeName === 'shape' && (record.meta?.[PART_META_KEY] || record.type === 'frame')
      }).length
    const before = templateShapes()
    expect(before).toBeGreaterThan(20)
    await partner.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await partner.keyboard.press('Control+a')
    await partner.keyboard.press('Delete')
    // Anything the delete sent would arrive before this later note does.
    await partner.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await partner.getByRole('dialog', { name: 'Waar hoort je notitie?' }).getByRole('button', { name: 'Los op het bord, waar ik nu kijk' }).click()
    await typeIntoNewNote(partner, 'Teken')
    await waitFor(async () => (await listNotes()).some((n) => n.text === 'Teken'), WAIT, 'the marker note')
    expect(templateShapes()).toBe(before)
    reader.destroy()

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
