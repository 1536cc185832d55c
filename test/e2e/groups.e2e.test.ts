/**
 * Groups per sub-theme in real browsers: the facilitator splits two partners from different organisations
 * evenly into two groups, each with its own template frame beside what was on the board; each partner
 * (one on a laptop's canvas, one on a phone's list) is told their group, finds its frame first where a
 * note goes, and their note lands in it; the facilitator's overview shows the groups, their members and
 * notes; "Iedereen terug naar plenair" ends it for everyone.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { GroupsState } from '../../shared/board/groups.ts'
import type { Programme } from '../../shared/board/programme.ts'
import { readRecords, type KeyValueEntry } from '../../shared/board/records.ts'
import { BoardMapKeys, DocKeys } from '../../shared/protocol.ts'
import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { runAxe } from '../helpers/axe.ts'
import { waitFor } from '../helpers/server.ts'
import { connectClient } from '../helpers/yclient.ts'
import { browserSuite, createBoardViaApi, join, joinOnPhone, placeTemplate, typeIntoNewNote, WAIT } from './harness.ts'

interface ListedNote {
  text: string
  author: string
  template: { id: string; kind: string; name: string } | null
}

const SCREENSHOTS = joinPath(import.meta.dirname, '__screenshots__')

/** axe-core's WCAG 2.1 AA rules find nothing wrong in our own markup on this screen. */
async function accessible(page: Page, screen: string): Promise<void> {
  const report = await runAxe(page)
  expect.soft(report.ours.map((v) => `${v.id}: ${v.help}\n${v.nodes.join('\n')}`), screen).toEqual([])
}

type Shape = { id: string; typeName: string; type: string; parentId: string; x: number; y: number; props: { w: number; h: number; name?: string } }

describe('groups per sub-theme', { timeout: 180_000 }, () => {
  const suite = browserSuite()

  it('split evenly: each partner is told their group, writes into its frame first, and is brought back to the plenary', async () => {
    const board = await createBoardViaApi(suite.server, 'Werkconferentie Wonen en Zorg')
    const notesApi = `${suite.server.url}/api/boards/${board.id}/notes`
    const listNotes = async () => ((await (await fetch(notesApi, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json()) as { notes: ListedNote[] }).notes

    const facilitator = await (await suite.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    // Something on the board already: the group frames must not cover it.
    await placeTemplate(facilitator, 'IJsberg en waterlijn')

    // The session is in its central part: the groups' frames belong to it.
    const reader = connectClient(suite.server.wsUrl, board.id, { key: board.facilitatorKey })
    await reader.synced
    const programme: Programme = {
      parts: [
        { id: 'begin', title: 'Begin', preset: null, minutes: 15, frameIds: [], startedAt: 1, endedAt: 2 },
        { id: 'midden', title: 'Centraal deel', preset: null, minutes: 45, frameIds: [], startedAt: 2, endedAt: null },
      ],
      currentId: 'midden',
    }
    reader.doc.getMap(DocKeys.board).set(BoardMapKeys.programme, programme)

    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')

    const karim = await (await suite.newContext({ phone: true })).newPage()
    await karim.goto(board.joinUrl)
    await joinOnPhone(karim, 'Karim', 'Zorggroep Noord')

    // The facilitator's panel: two groups, a sub-theme and a template each, divided evenly.
    await facilitator.getByRole('button', { name: 'Groepen', exact: true }).click()
    const panel = facilitator.getByRole('dialog', { name: 'Groepen per deelthema' })
    const preview = panel.getByRole('list', { name: 'Zo worden de groepen' })
    // Both partners are divided, one per group (they are of different organisations); the facilitator is in neither.
    await expect.poll(() => preview.textContent(), { timeout: WAIT }).toMatch(/Groep 1:.*(Anne|Karim).*Groep 2:.*(Anne|Karim)/)
    expect(await preview.textContent()).not.toContain('Bas')
    await panel.getByLabel('Deelthema van groep 1').fill('Wonen en zorg')
    await panel.getByLabel('Deelthema van groep 2').fill('Werk en inkomen')
    await panel.getByRole('group', { name: 'Groep 2', exact: true }).getByLabel('Sjabloon').selectOption({ label: 'Message house' })
    expect(await panel.getByLabel('Evenredig verdelen').isChecked()).toBe(true)
    await accessible(facilitator, 'the groups panel before the split')
    await panel.getByRole('button', { name: 'Groepen maken' }).click()

    // The overview: both groups, their members with their organisation, no notes yet.
    await panel.getByText('2 groepen werken apart.').waitFor({ timeout: WAIT })
    const groupOf = async (name: string) => {
      for (const theme of ['Wonen en zorg', 'Werk en inkomen']) {
        const members = panel.getByRole('list', { name: `Deelnemers van ${theme}` })
        if ((await members.count()) > 0 && (await members.textContent())!.includes(name)) return theme
      }
      return null
    }
    const anneGroup = await groupOf('Anne')
    const karimGroup = await groupOf('Karim')
    expect([anneGroup, karimGroup].sort()).toEqual(['Werk en inkomen', 'Wonen en zorg'])
    expect(await panel.getByRole('list', { name: `Deelnemers van ${anneGroup}` }).textContent()).toContain('Anne (Gemeente Utrecht)')
    expect(await panel.getByRole('list', { name: `Deelnemers van ${karimGroup}` }).textContent()).toContain('Karim (Zorggroep Noord)')
    const section = (theme: string) => panel.getByRole('region', { name: theme })
    expect(await section('Wonen en zorg').textContent()).toContain('IJsberg en waterlijn · 0 notities')
    expect(await section('Werk en inkomen').textContent()).toContain('Message house · 0 notities')

    // Two new frames named after the sub-themes, side by side, clear of the iceberg that was there; in the running part.
    const shapes = () => [...readRecords<Shape>(reader.doc.getArray<KeyValueEntry<Shape>>(DocKeys.records)).values()].filter((r) => r.typeName === 'shape')
    await waitFor(() => shapes().filter((s) => s.type === 'frame').length === 3, WAIT, 'three frames')
    const frames = shapes().filter((s) => s.type === 'frame')
    const byName = (name: string) => frames.find((f) => f.props.name === name)!
    const [iceberg, wonen, werk] = [byName('IJsberg en waterlijn'), byName('Wonen en zorg'), byName('Werk en inkomen')]
    expect(wonen && werk && iceberg).toBeTruthy()
    const apart = (a: Shape, b: Shape) => a.x + a.props.w <= b.x || b.x + b.props.w <= a.x || a.y + a.props.h <= b.y || b.y + b.props.h <= a.y
    expect([apart(iceberg, wonen), apart(iceberg, werk), apart(wonen, werk)]).toEqual([true, true, true])
    expect(wonen.y).toBe(werk.y)
    const split = reader.doc.getMap(DocKeys.board).get(BoardMapKeys.groups) as GroupsState
    expect(split.active).toBe(true)
    expect(split.groups.map((g) => [g.name, g.frameId])).toEqual([
      ['Wonen en zorg', wonen.id],
      ['Werk en inkomen', werk.id],
    ])
    await waitFor(() => ((reader.doc.getMap(DocKeys.board).get(BoardMapKeys.programme) as Programme).parts[1].frameIds.length === 2), WAIT, 'the frames in the running part')
    expect((reader.doc.getMap(DocKeys.board).get(BoardMapKeys.programme) as Programme).parts.map((p) => p.frameIds)).toEqual([[], [wonen.id, werk.id]])

    // Anne, on the canvas: told her group, and her view went there by itself.
    const anneBanner = anne.getByRole('status').filter({ hasText: `Jouw groep: ${anneGroup}` })
    await anneBanner.waitFor({ timeout: WAIT })
    const anneFrame = byName(anneGroup!)
    await expect.poll(() => frameHeadingInView(anne, anneGroup!), { timeout: WAIT }).toBe(true)
    // Karim, on the phone: the same banner, readable.
    const karimBanner = karim.getByRole('status').filter({ hasText: `Jouw groep: ${karimGroup}` })
    await karimBanner.waitFor({ timeout: WAIT })
    const bannerSizes = await karimBanner.evaluate((el) => [el, ...el.querySelectorAll('*')].map((e) => parseFloat(getComputedStyle(e).fontSize)))
    expect(Math.min(...bannerSizes)).toBeGreaterThanOrEqual(16)
    await accessible(karim, 'the list view with the group banner')
    await accessible(anne, 'the canvas with the group banner')

    // "Bekijk" takes the facilitator's own view to a group's frame; "Iedereen hierheen" takes Anne to Karim's group.
    const bringEveryoneTo = async (theme: string) => {
      await section(theme).getByRole('button', { name: `Bekijk ${theme}` }).click()
      await expect.poll(() => frameHeadingInView(facilitator, theme), { timeout: WAIT }).toBe(true)
      await facilitator.getByRole('button', { name: 'Iedereen hierheen' }).click()
    }
    await bringEveryoneTo(karimGroup!)
    await expect.poll(async () => (await frameHeadingInView(anne, karimGroup!)) && !(await frameHeadingInView(anne, anneGroup!)), { timeout: WAIT }).toBe(true)
    // Looking at the other group's frame, Anne is still offered her own group's zones first.
    await anne.getByRole('button', { name: 'Notitie toevoegen' }).click()
    const picker = anne.getByRole('dialog', { name: 'Waar hoort je notitie?' })
    await picker.waitFor({ timeout: WAIT })
    expect((await picker.getByRole('heading', { level: 3 }).allTextContents())[0]).toBe(anneGroup)
    await picker.locator('.zone-picker__group button').first().click()
    await typeIntoNewNote(anne, 'Anne schrijft in haar groep')

    // The facilitator shows Anne's group; Karim's list still offers his own group's zones first.
    await bringEveryoneTo(anneGroup!)
    await karim.getByRole('status').filter({ hasText: `De procesbegeleider haalt iedereen naar ${anneGroup}` }).waitFor({ timeout: WAIT })
    const place = karim.getByLabel('Waar hoort hij?')
    expect(await place.locator('optgroup').first().getAttribute('label')).toBe(karimGroup)
    await karim.getByLabel('Je notitie').fill('Karim schrijft in zijn groep')
    await place.selectOption({ index: 1 })
    await karim.getByRole('button', { name: 'Plaatsen' }).tap()
    await karim.getByRole('status').filter({ hasText: `Geplaatst in ${karimGroup} — ` }).waitFor({ timeout: WAIT })

    // Both notes lie in the writer's own group frame.
    await waitFor(async () => (await listNotes()).length === 2, WAIT, 'both notes on the board')
    const notes = await listNotes()
    expect(notes.find((n) => n.author === 'Anne')?.template).toMatchObject({ id: anneFrame.id, name: anneGroup })
    expect(notes.find((n) => n.author === 'Karim')?.template).toMatchObject({ id: byName(karimGroup!).id, name: karimGroup })
    // The overview counts them.
    await expect.poll(() => section(anneGroup!).textContent(), { timeout: WAIT }).toContain('1 notitie')
    await expect.poll(() => section(karimGroup!).textContent(), { timeout: WAIT }).toContain('1 notitie')
    await accessible(facilitator, 'the groups overview')
    mkdirSync(SCREENSHOTS, { recursive: true })
    await facilitator.screenshot({ path: joinPath(SCREENSHOTS, 'groups-overview.png') })
    await anne.screenshot({ path: joinPath(SCREENSHOTS, 'groups-partner.png') })
    await karim.screenshot({ path: joinPath(SCREENSHOTS, 'groups-phone.png') })

    // Back to the plenary: the banners go, the groups stay (inactive) for the minutes, everyone sees the whole.
    await panel.getByRole('button', { name: 'Iedereen terug naar plenair' }).click()
    await anneBanner.waitFor({ state: 'detached', timeout: WAIT })
    await karimBanner.waitFor({ state: 'detached', timeout: WAIT })
    await panel.getByText('Iedereen is terug in het plenair. De groepen blijven in het verslag.').waitFor({ timeout: WAIT })
    await expect.poll(async () => (await frameHeadingInView(anne, 'Wonen en zorg')) && (await frameHeadingInView(anne, 'Werk en inkomen')), { timeout: WAIT }).toBe(true)
    const after = reader.doc.getMap(DocKeys.board).get(BoardMapKeys.groups) as GroupsState
    expect(after.active).toBe(false)
    expect(after.groups.map((g) => g.members.length)).toEqual([1, 1])

    reader.destroy()
    expect(suite.pageErrors).toEqual([])
  })

  it('someone who joins after the split is "Nog niet ingedeeld" until the facilitator adds them by hand', async () => {
    const board = await createBoardViaApi(suite.server, 'Later erbij')
    const facilitator = await (await suite.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await facilitator.goto(board.facilitatorUrl)
    await join(facilitator, 'Bas', 'Procesbureau Samen')
    const anne = await (await suite.newContext()).newPage()
    await anne.goto(board.joinUrl)
    await join(anne, 'Anne', 'Gemeente Utrecht')

    // By keyboard: the panel opens with the focus in it, the fields are filled and the split made.
    await facilitator.getByRole('button', { name: 'Groepen', exact: true }).focus()
    await facilitator.keyboard.press('Enter')
    const panel = facilitator.getByRole('dialog', { name: 'Groepen per deelthema' })
    await panel.getByRole('list', { name: 'Zo worden de groepen' }).filter({ hasText: 'Anne' }).waitFor({ timeout: WAIT })
    await panel.getByLabel('Deelthema van groep 1').fill('Wonen en zorg')
    await panel.getByLabel('Deelthema van groep 2').fill('Werk en inkomen')
    await panel.getByLabel('Deelthema van groep 2').press('Enter')
    await panel.getByText('2 groepen werken apart.').waitFor({ timeout: WAIT })

    const joep = await (await suite.newContext()).newPage()
    await joep.goto(board.joinUrl)
    await join(joep, 'Joep', 'Woonstichting')
    const waiting = panel.getByRole('region', { name: 'Nog niet ingedeeld' })
    await waiting.getByText('Joep (Woonstichting)').waitFor({ timeout: WAIT })
    // Joep is in no group: nothing special on his screen.
    expect(await joep.locator('.group-banner').count()).toBe(0)

    await waiting.getByLabel('Groep van Joep').selectOption({ label: 'Werk en inkomen' })
    await joep.getByRole('status').filter({ hasText: 'Jouw groep: Werk en inkomen' }).waitFor({ timeout: WAIT })
    await waiting.waitFor({ state: 'detached', timeout: WAIT })
    await expect.poll(() => panel.getByRole('list', { name: 'Deelnemers van Werk en inkomen' }).textContent(), { timeout: WAIT }).toContain('Joep (Woonstichting)')
    // His "ga erheen" goes to the group's frame.
    await joep.getByRole('button', { name: 'Ga erheen' }).click()
    await expect.poll(() => frameHeadingInView(joep, 'Werk en inkomen'), { timeout: WAIT }).toBe(true)
    expect(suite.pageErrors).toEqual([])
  })
})

/** Whether a frame's name (its heading on the canvas) lies inside the window. */
async function frameHeadingInView(page: Page, name: string): Promise<boolean> {
  const heading = page.locator('.tl-frame-heading', { hasText: name })
  if ((await heading.count()) !== 1) return false
  const box = await heading.boundingBox()
  const size = page.viewportSize()!
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height
}
