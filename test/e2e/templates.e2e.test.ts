/**
 * The workshop templates in real browsers: the facilitator places the iceberg, the message house, the
 * coalition Venn, the coalition spectrum and the positioning; partners put notes into zones through the
 * zone picker; the server's notes API names those zones; bringing the waterline down moves a note above
 * water; a partner cannot remove a template. Screenshots of each template are saved under __screenshots__/.
 */
import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readRecords, type KeyValueEntry } from '../../shared/board/records.ts'
import { DocKeys } from '../../shared/protocol.ts'
import { PART_META_KEY } from '../../shared/templates/instance.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { addNoteInZone, browserSuite, placeAllTemplates, createBoardViaApi, join, placeTemplate, note, typeIntoNewNote, WAIT } from './harness.ts'

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')

/** A shape on the canvas showing exactly this text. */
const shapeWithText = (page: Page, text: string) => page.locator('.tl-shape').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })

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

  it('places the coalition spectrum and the positioning; each organisation’s marker and a note on a question land where they were put', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    const board = await createBoardViaApi(suite.server, 'Verkenning Zorg in de wijk')
    const notesApi = `${suite.server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`
    const listNotes = async () => ((await (await fetch(notesApi)).json()) as { notes: (ListedNote & { organisation: string })[] }).notes

    const facilitator = await (await suite.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')

    // The picker offers both, each with a line on what it is for.
    await facilitator.getByRole('button', { name: 'Sjablonen' }).click()
    const choices = facilitator.locator('.template-choice')
    await choices.filter({ hasText: 'Coalitiespectrum' }).getByText(/Directief, collectief of connectief/).waitFor({ timeout: WAIT })
    await choices.filter({ hasText: 'Positionering' }).getByText(/Monolithisch, branded of endorsed/).waitFor({ timeout: WAIT })
    await facilitator.keyboard.press('Escape')
    await choices.first().waitFor({ state: 'detached', timeout: WAIT })

    await placeTemplate(facilitator, 'Coalitiespectrum')
    // The three kinds, each with its meaning, and the prompt across the top.
    for (const text of ['Directief', 'Collectief', 'Connectief', 'ambitie bepaalt coalitie', 'coalitie vormt ambitie', 'ambitie beweegt coalitie']) {
      await shapeWithText(facilitator, text).first().waitFor({ timeout: WAIT })
    }
    await shapeWithText(facilitator, 'Waar zien jullie deze coalitie\\? Plaats de notitie van je organisatie\\.').waitFor({ timeout: WAIT })
    await facilitator.keyboard.press('Escape')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'coalition-spectrum.png') })

    await placeTemplate(facilitator, 'Positionering')
    for (const text of ['Monolithisch', 'Branded', 'Endorsed', 'Wie spreekt namens de alliantie\\?', 'Hoe belangrijk is zichtbaarheid van de afzonderlijke partners\\?']) {
      await shapeWithText(facilitator, text).first().waitFor({ timeout: WAIT })
    }
    await facilitator.keyboard.press('Escape')
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'positioning.png') })

    // Two organisations place their marker on the spectrum; one also answers a question of the positioning.
    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')
    const zoë = await (await suite.newContext()).newPage()
    await zoë.goto(board.joinUrl)
    await join(zoë, 'Zoë', 'Zorggroep Oost')

    await anne.getByRole('button', { name: 'Notitie toevoegen' }).click()
    const picker = anne.getByRole('dialog', { name: 'Waar hoort je notitie?' })
    await expect.poll(() => picker.getByRole('group', { name: 'Coalitiespectrum' }).getByRole('button').allTextContents(), { timeout: WAIT }).toEqual([
      'Directief — ambitie bepaalt coalitie',
      'Collectief — coalitie vormt ambitie',
      'Connectief — ambitie beweegt coalitie',
    ])
    expect(await picker.getByRole('group', { name: 'Positionering' }).getByRole('button').allTextContents()).toEqual([
      'Monolithisch — de alliantie centraal; de partners onzichtbaar',
      'Branded — de opgave centraal; de partners communiceren via eigen kanalen, de alliantie achter de coulissen',
      'Endorsed — de partners communiceren zelf en profileren zich als lid van de alliantie',
      'Hoe belangrijk is zichtbaarheid van de afzonderlijke partners?',
      'Draagt stevige positionering bij aan de communicatieve doelen? Welke?',
      'Wie spreekt namens de alliantie?',
      'Wat doe je als het spannend wordt? Hoe houd je elkaar vast?',
    ])
    await picker.getByRole('button', { name: 'Annuleren' }).click()

    await addNoteInZone(anne, 'Collectief — coalitie vormt ambitie', 'Gemeente Utrecht')
    await addNoteInZone(zoë, 'Connectief — ambitie beweegt coalitie', 'Zorggroep Oost')
    await addNoteInZone(anne, 'Wie spreekt namens de alliantie?', 'De wethouder, samen met de bestuurders')
    await addNoteInZone(zoë, 'Endorsed — de partners communiceren zelf en profileren zich als lid van de alliantie', 'Wij blijven zichtbaar als partner')

    const listed = await waitFor(async () => {
      const notes = await listNotes()
      return notes.length === 4 && notes.every((n) => n.text) ? notes : null
    }, WAIT, 'four notes with text in the notes API')
    const byText = (text: string) => listed.find((n) => n.text === text)!
    expect(byText('Gemeente Utrecht')).toMatchObject({ author: 'Anne', template: { kind: 'coalition-spectrum' }, zone: { id: 'spectrum.collective', label: 'Collectief — coalitie vormt ambitie' } })
    expect(byText('Zorggroep Oost')).toMatchObject({ author: 'Zoë', template: { kind: 'coalition-spectrum' }, zone: { id: 'spectrum.connective' } })
    expect(byText('De wethouder, samen met de bestuurders')).toMatchObject({ template: { kind: 'positioning' }, zone: { id: 'question.spokesperson', label: 'Wie spreekt namens de alliantie?' } })
    expect(byText('Wij blijven zichtbaar als partner')).toMatchObject({ template: { kind: 'positioning' }, zone: { id: 'choice.endorsed' } })
    // On the facilitator's canvas too.
    await note(facilitator, 'Wij blijven zichtbaar als partner').waitFor({ state: 'attached', timeout: WAIT })

    // The list (as the minutes read): the spectrum per organisation, the positioning by zone.
    await anne.getByRole('button', { name: 'Lijst', exact: true }).click()
    const spectrumList = anne.getByRole('region', { name: 'Coalitiespectrum' })
    await expect.poll(() => spectrumList.getByRole('heading', { level: 3 }).allTextContents(), { timeout: WAIT }).toEqual([
      'Gemeente Utrecht: Collectief — coalitie vormt ambitie',
      'Zorggroep Oost: Connectief — ambitie beweegt coalitie',
    ])
    expect(await anne.getByRole('region', { name: 'Positionering' }).getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Endorsed — de partners communiceren zelf en profileren zich als lid van de alliantie',
      'Wie spreekt namens de alliantie?',
    ])

    // A partner who reads English sees the spectrum in English; the board keeps Dutch for the others.
    await zoë.getByRole('button', { name: 'Switch to English' }).click()
    await zoë.locator('.tl-canvas').click({ position: { x: 5, y: 300 } })
    await zoë.keyboard.press('Shift+1')
    for (const text of ['Directive', 'Connective', 'the ambition moves the coalition', 'Who speaks on behalf of the alliance\\?']) {
      await shapeWithText(zoë, text).first().waitFor({ timeout: WAIT })
    }
    expect(await shapeWithText(zoë, 'Connectief').count()).toBe(0)
    await shapeWithText(facilitator, 'Connectief').first().waitFor({ timeout: WAIT })

    expect(suite.foreignRequests).toEqual([])
    expect(suite.pageErrors).toEqual([])
  })
})
