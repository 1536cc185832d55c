/**
 * The concluding part in real browsers: the facilitator asks where every organisation stands, a partner
 * on a laptop and one on a phone answer for their own organisation and the facilitator sees the answers
 * come in; the facilitator records follow-up agreements (one owned, one "nog niet belegd", one made
 * from a partner's note) and the next meeting.
 */
import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Agreements } from '../../shared/board/agreements.ts'
import type { CommitmentAnswer } from '../../shared/board/commitment.ts'
import { BoardMapKeys, DocKeys, organisationKey } from '../../shared/protocol.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { browserSuite, createBoardViaApi, join, joinOnPhone, note, typeIntoNewNote, WAIT } from './harness.ts'

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')
mkdirSync(SCREENSHOTS, { recursive: true })

describe('commitment and follow-up agreements', { timeout: 180_000 }, () => {
  const suite = browserSuite()

  it('partners answer for their own organisation; the facilitator records agreements, one from a note', async () => {
    const board = await createBoardViaApi(suite.server, 'Afronding')
    const facilitator = await (await suite.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const anne = await (await suite.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')
    const phone = await (await suite.newContext({ phone: true })).newPage()
    await phone.goto(board.joinUrl)
    await joinOnPhone(phone, 'Bram', 'Woonstichting De Brug')

    // Anne writes what could become an agreement.
    await anne.getByRole('button', { name: 'Notitie toevoegen' }).click()
    await typeIntoNewNote(anne, 'Werkbezoek aan de wijk organiseren')
    await note(facilitator, 'Werkbezoek aan de wijk').waitFor({ state: 'attached', timeout: WAIT })

    // The question.
    await facilitator.getByRole('button', { name: 'Afronding', exact: true }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Afronding: commitment en vervolgafspraken' })
    await panel.getByLabel('Vraag aan de organisaties').fill('Doen jullie mee met de coalitie?')
    await panel.getByRole('button', { name: 'Vraag stellen' }).click()
    await panel.getByText('0 van 2 organisaties hebben geantwoord.').waitFor({ timeout: WAIT })

    // Anne answers on her laptop, for her organisation.
    const card = anne.getByRole('region', { name: 'Doen jullie mee met de coalitie?' })
    await card.getByText('Jouw antwoord geldt voor Gemeente Utrecht.').waitFor({ timeout: WAIT })
    await card.getByLabel('Doet mee onder voorwaarden').check()
    await card.getByLabel('Toelichting (mag leeg blijven)').fill('Als de wethouder instemt')
    await card.getByRole('button', { name: 'Antwoord geven' }).click()
    await card.getByText('Nu: Doet mee onder voorwaarden (door Anne)').waitFor({ timeout: WAIT })
    await anne.screenshot({ path: joinPath(SCREENSHOTS, 'commitment-card.png') })

    // Bram answers on his phone, in the list.
    const list = phone.getByRole('region', { name: 'Doen jullie mee met de coalitie?' })
    await list.getByLabel('Nader gesprek nodig').check()
    await list.getByRole('button', { name: 'Antwoord geven' }).tap()
    await list.getByText('Nu: Nader gesprek nodig (door Bram)').waitFor({ timeout: WAIT })
    // Phone text stays readable.
    const smallest = await list.evaluate((el) => Math.min(...[...el.querySelectorAll('*')].filter((e) => e.textContent?.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize))))
    expect(smallest).toBeGreaterThanOrEqual(16)

    await panel.getByText('2 van 2 organisaties hebben geantwoord.').waitFor({ timeout: WAIT })
    expect(await panel.getByLabel('Waar staat Gemeente Utrecht').inputValue()).toBe('conditional')
    expect(await panel.getByLabel('Waar staat Woonstichting De Brug').inputValue()).toBe('talk')
    await panel.getByText('“Als de wethouder instemt”').waitFor({ timeout: WAIT })

    // Two agreements: one for an organisation, one nobody takes on yet.
    const form = panel.getByRole('form', { name: 'Nieuwe afspraak' })
    await form.getByLabel('Wat').fill('Plan van aanpak schrijven')
    await form.getByLabel('Wie').selectOption('Gemeente Utrecht')
    await form.getByLabel('Wanneer').fill('1 maart')
    await form.getByLabel('Soort').selectOption({ label: 'Plan van aanpak' })
    await form.getByRole('button', { name: 'Afspraak toevoegen' }).click()
    // An empty agreement is refused with a clear message.
    await form.getByRole('button', { name: 'Afspraak toevoegen' }).click()
    await form.getByRole('alert').filter({ hasText: 'Schrijf op wat er afgesproken is.' }).waitFor({ timeout: WAIT })
    await form.getByLabel('Wat').fill('Financiering zoeken voor de uitvoering')
    await form.getByLabel('Soort').selectOption({ label: 'Initiatiefvoorstel' })
    await form.getByRole('button', { name: 'Afspraak toevoegen' }).click()
    const agreements = panel.getByRole('list', { name: 'Vervolgafspraken' })
    await agreements.getByText('Financiering zoeken voor de uitvoering').waitFor({ timeout: WAIT })
    expect(await agreements.getByRole('listitem').filter({ hasText: 'Financiering zoeken' }).textContent()).toContain('Nog niet belegd')

    // Anne's note becomes an agreement: the facilitator selects it on the canvas.
    await facilitator.locator('.tl-canvas').click({ position: { x: 10, y: 300 } })
    await facilitator.keyboard.press('Shift+1')
    await note(facilitator, 'Werkbezoek aan de wijk').click()
    await panel.getByRole('button', { name: /Geselecteerde notitie als afspraak/ }).click()
    expect(await form.getByLabel('Wat').inputValue()).toBe('Werkbezoek aan de wijk organiseren')
    await form.getByLabel('Wie').selectOption('Woonstichting De Brug')
    await form.getByRole('button', { name: 'Afspraak toevoegen' }).click()
    await agreements.getByText('Werkbezoek aan de wijk organiseren').waitFor({ timeout: WAIT })

    // Changing one: the owner moves.
    await agreements.getByRole('button', { name: 'Wijzig afspraak: Financiering zoeken voor de uitvoering' }).click()
    await panel.getByRole('form', { name: 'Afspraak wijzigen' }).getByLabel('Wanneer').fill('voor de zomer')
    await panel.getByRole('button', { name: 'Opslaan' }).first().click()
    await agreements.getByText('voor de zomer', { exact: false }).waitFor({ timeout: WAIT })

    // The next meeting.
    await panel.getByLabel('Datum').fill('2027-03-15')
    await panel.getByLabel('Tijd, plaats of toelichting').fill('14.00 uur, stadhuis')
    await panel.getByRole('region', { name: 'Volgende bijeenkomst' }).getByRole('button', { name: 'Opslaan' }).click()

    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'concluding-panel.png') })

    // On the projector: where everyone stands and who does what, large, live.
    await facilitator.getByRole('button', { name: 'Projector', exact: true }).click()
    await facilitator.getByRole('button', { name: 'Afronding tonen' }).click()
    const shown = facilitator.getByRole('region', { name: 'Afronding: commitment en vervolgafspraken' })
    for (const text of ['Doen jullie mee met de coalitie?', 'Doet mee onder voorwaarden', 'Nader gesprek nodig', 'Plan van aanpak schrijven', 'Nog niet belegd', 'Financiering zoeken voor de uitvoering', '14.00 uur, stadhuis']) {
      await shown.getByText(text, { exact: false }).first().waitFor({ timeout: WAIT })
    }
    // The facilitator's own organisation is not asked.
    expect(await shown.getByText('Procesbureau Samen').count()).toBe(0)
    const smallestOnProjector = await shown.evaluate((el) => Math.min(...[...el.querySelectorAll('th, td, li, h4')].map((e) => parseFloat(getComputedStyle(e).fontSize))))
    expect(smallestOnProjector).toBeGreaterThanOrEqual(24)
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'concluding-projector.png') })
    await facilitator.keyboard.press('Escape')
    await shown.waitFor({ state: 'detached', timeout: WAIT })
    await facilitator.getByRole('button', { name: 'Afronding', exact: true }).click()
    await phone.screenshot({ path: joinPath(SCREENSHOTS, 'commitment-phone.png'), fullPage: true })
    // Closing the question takes the card off the partners' screens; the answers stay.
    await panel.getByRole('button', { name: 'Vraag sluiten' }).click()
    await card.waitFor({ state: 'detached', timeout: WAIT })
    await list.waitFor({ state: 'detached', timeout: WAIT })

    // What the board now holds, as any client reads it.
    const reader = connectClient(suite.server.wsUrl, board.id, { key: board.facilitatorKey })
    try {
      await reader.synced
      const stored = await waitFor(() => {
        const value = reader.doc.getMap(DocKeys.board).get(BoardMapKeys.agreements) as Agreements | undefined
        return value?.nextMeeting ? value : null
      }, WAIT, 'the agreements stored')
      expect(stored.items.map((a) => [a.what, a.owner, a.due])).toEqual([
        ['Plan van aanpak schrijven', 'Gemeente Utrecht', '1 maart'],
        ['Financiering zoeken voor de uitvoering', null, 'voor de zomer'],
        ['Werkbezoek aan de wijk organiseren', 'Woonstichting De Brug', ''],
      ])
      expect(stored.items[2].noteId).toMatch(/^shape:/)
      expect(stored.nextMeeting).toEqual({ date: '2027-03-15', note: '14.00 uur, stadhuis' })
      const answers = reader.doc.getMap<CommitmentAnswer>(DocKeys.commitments)
      expect(answers.get(organisationKey('Gemeente Utrecht'))).toMatchObject({ level: 'conditional', remark: 'Als de wethouder instemt', name: 'Anne' })
      expect(answers.get(organisationKey('Woonstichting De Brug'))).toMatchObject({ level: 'talk', name: 'Bram' })
    } finally {
      reader.destroy()
    }
  })
})
