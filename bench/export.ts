/**
 * `npm run bench:export`: how long the facilitator waits for the PDF of a big board, and whether the
 * board stays usable meanwhile. The real server, Debian's Chromium, the facilitator's own menu.
 *
 * The board: six templates placed through the template picker (two icebergs, two message houses, two
 * coalition Venns), 500 notes in their zones and some loose ones, written by 24 people of 8
 * organisations. One note is made through the page ("Notitie toevoegen"); the others are copies of that
 * record, written by a stock y-websocket client the way a partner's page writes them, each placed in a
 * zone with the board's own placement code. Then "Exporteer als PDF" → "PDF maken", timed from the click
 * to the download, several times; the PDF is checked with poppler-utils (page count, every note's text
 * and byline in the minutes and on the drawing pages, no raster images).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { readRecords, type KeyValueEntry } from '../shared/board/records.ts'
import { NOTE_SIZE } from '../shared/board/notes.ts'
import { DocKeys, type JoinResponse } from '../shared/protocol.ts'
import { findFreeSpot, templates, type Rect } from '../shared/templates/index.ts'
import { templateMetaOf } from '../shared/templates/instance.ts'
import { plainToRichText, richTextToPlain } from '../shared/board/richText.ts'
import { addNoteInZone, join as joinBoard, launchChromium, placeTemplate, WAIT } from '../test/helpers/browser.ts'
import { createBoard, waitFor } from '../test/helpers/server.ts'
import { connectClient } from '../test/helpers/yclient.ts'
import { hardLimit, startBenchServer } from './lib/harness.ts'
import { percentile, sortedCopy } from './lib/stats.ts'

const { values: args } = parseArgs({
  options: {
    notes: { type: 'string', default: '500' },
    loose: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    paper: { type: 'string', default: 'A4' },
    'keep-pdf': { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
  },
})
const NOTES = Number(args.notes)
const LOOSE = Math.min(Number(args.loose), NOTES - 1)
const RUNS = Number(args.runs)
const PAPER = args.paper === 'A3' ? 'A3' : 'A4'
const TARGET_MS = 10_000
if (!(NOTES >= 2 && NOTES <= 3000 && LOOSE >= 0 && RUNS >= 1)) {
  console.error('bench:export: --notes 2…3000, --loose 0 or more, --runs 1 or more')
  process.exit(2)
}

hardLimit(15 * 60_000)

const ORGANISATIONS: [string, string[]][] = [
  ['Gemeente Utrecht', ['Anne de Vries', 'Mohamed El Amrani', 'Ingrid Bakker']],
  ['Woonstichting Reünie', ['Zoë Jansen', 'Pieter van Dijk', 'Fatma Yılmaz']],
  ['Zorggroep Oost', ['Joost Visser', 'Noëlle Smit', 'Karin Mulder']],
  ['Bibliotheek Rivierenland', ['Sanne de Graaf', 'Daan Bos', 'Eva Hendriks']],
  ['Welzijn Vooruit', ['Lotte Meijer', 'Sem de Boer', 'Iris Dekker']],
  ['GGD Midden', ['Ruben Vos', 'Julia Peters', 'Thijs Kok']],
  ['Huurdersvereniging Één Dak', ['Marieke Koster', 'Ahmed Benali', 'Femke Prins']],
  ['Procesbureau Samen', ['Bas', 'Chloë van Leeuwen', 'Wouter Brouwer']],
]
const PEOPLE = ORGANISATIONS.flatMap(([organisation, people]) => people.map((author, i) => ({ author, organisation, authorId: `bench-${organisation}-${i}` })))

const SUBJECTS = [
  'Ouderen in de wijk',
  'De gemeente',
  'Onze huurders',
  'Buren',
  'Het buurthuis',
  'De zorggroep',
  'Jongeren uit Reünie',
  'De wijkteams',
  'De bibliotheek',
  'Vrijwilligers',
]
const PHRASES = [
  'willen één loket voor wonen en zorg',
  'hebben behoefte aan rust en duidelijkheid',
  'zijn trots op wat de coöperatie al bereikte',
  'zoeken betaalbare woningen dichtbij familie',
  'maken zich zorgen over financiële risico’s',
  'stellen de naïeve vraag die niemand durft',
  'delen kennis over zorg dichtbij',
  'bouwen aan vertrouwen tussen de partners',
  'vragen om een eerlijke verdeling van taken',
  'werken al samen — soms zonder het te weten',
]
const ENDS = ['', 'in de hele regio', 'ook ’s avonds en in het weekend', 'zodat niemand tussen wal en schip valt', 'met aandacht voor wie het moeilijk heeft']

/**
 * Note n's text: different for every n below 500, 5 to 17 words, with Dutch accents. No word is wider
 * than a note: tldraw shrinks the font of a note with such a word when it is typed, not when a copy
 * arrives from elsewhere, so such a word would be broken in two on screen and in the PDF.
 */
function noteText(n: number): string {
  const subject = SUBJECTS[n % SUBJECTS.length]
  const phrase = PHRASES[Math.floor(n / SUBJECTS.length) % PHRASES.length]
  const end = ENDS[Math.floor(n / (SUBJECTS.length * PHRASES.length)) % ENDS.length]
  const round = Math.floor(n / (SUBJECTS.length * PHRASES.length * ENDS.length))
  return [subject, phrase, end, round ? `(ronde ${round + 1})` : ''].filter(Boolean).join(' ')
}

/** Fractional index keys 'b00', 'b01', …: valid, ordered, and above the template drawing's 'a…' keys. */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const indexKey = (i: number) => `b${DIGITS[Math.floor(i / 62) % 62]}${DIGITS[i % 62]}`

interface ShapeRecord {
  id: string
  typeName: string
  type: string
  x: number
  y: number
  parentId: string
  index: string
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

const pdftotext = (path: string, ...rest: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...rest, path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
const flat = (text: string) => text.replace(/\s+/g, ' ')
const pageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1])

async function buildBoard(page: Page, boardUrl: string, wsUrl: string, boardId: string, apiBase: string, facilitatorKey: string) {
  await page.goto(boardUrl)
  await joinBoard(page, 'Bas', 'Procesbureau Samen')
  const partners = async (names: string[]) => {
    for (let i = 0; i < names.length; i++) {
      if (i >= 3) await page.getByRole('button', { name: 'Partner toevoegen' }).click()
      await page.getByLabel(`Partner ${i + 1}`, { exact: true }).fill(names[i])
    }
  }
  await placeTemplate(page, 'IJsberg en waterlijn')
  // The note every other note is a copy of: made by the page itself, so its record is the app's.
  await addNoteInZone(page, 'Boven de waterlijn — gedeelde ambitie', noteText(0))
  await placeTemplate(page, 'Message house')
  await placeTemplate(page, 'Domein van de coalitie', () => partners(['Gemeente', 'Woonstichting', 'Zorggroep']))
  await placeTemplate(page, 'IJsberg en waterlijn')
  await placeTemplate(page, 'Message house', async () => {
    await page.getByLabel('Aantal pijlers').selectOption('5')
  })
  await placeTemplate(page, 'Domein van de coalitie', () => partners(['Bibliotheek', 'Welzijn', 'GGD', 'Huurders']))

  // Every organisation joins, as their laptops do: the server hands out the colours.
  const colours = new Map<string, string>()
  for (const [organisation, people] of ORGANISATIONS) {
    const res = await fetch(`${apiBase}/api/boards/${boardId}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: people[0], organisation }),
    })
    if (!res.ok) throw new Error(`join ${organisation}: ${res.status}`)
    colours.set(organisation, ((await res.json()) as JoinResponse).organisation.colour)
  }

  // The facilitator's key: the copies carry the note's authors, which only the facilitator may write.
  const client = connectClient(wsUrl, boardId, { key: facilitatorKey })
  await client.synced
  const all = () => [...readRecords(client.doc.getArray<KeyValueEntry<ShapeRecord>>(DocKeys.records)).values()]
  const pageNotes = await waitFor(() => all().filter((r) => r.typeName === 'shape' && r.type === 'note' && (r.props.richText as object | undefined)), WAIT, 'the first note')
  const model = pageNotes[0]
  const frames = all()
    .filter((r) => r.typeName === 'shape' && r.type === 'frame' && templateMetaOf(r.meta))
    .sort((a, b) => a.y - b.y || a.x - b.x)
  if (frames.length !== 6) throw new Error(`expected 6 template frames, found ${frames.length}`)

  const notes: ShapeRecord[] = []
  const occupied = new Map<string, Rect[]>(frames.map((f) => [f.id, []]))
  occupied.get(model.parentId)?.push({ x: model.x, y: model.y, w: NOTE_SIZE, h: NOTE_SIZE })
  const zoneLists = frames.map((frame) => {
    const meta = templateMetaOf(frame.meta)!
    const definition = templates[meta.kind] as (typeof templates)['iceberg']
    const size = { w: frame.props.w as number, h: frame.props.h as number }
    const params = meta.params as ReturnType<typeof definition.defaultParams>
    return { frame, definition, size, params, zones: definition.layout(params, size, 'nl').zones }
  })
  const right = Math.max(...frames.map((f) => f.x + (f.props.w as number))) + 400
  const top = Math.min(...frames.map((f) => f.y))
  const created = new Date(Date.parse('2026-11-20T09:30:00+01:00'))
  for (let n = 1; n < NOTES; n++) {
    const person = PEOPLE[(n * 7) % PEOPLE.length]
    const base = {
      ...model,
      id: `shape:bench-export-${n}`,
      index: indexKey(n),
      props: { ...model.props, color: colours.get(person.organisation), richText: plainToRichText(noteText(n)) },
      meta: { ...model.meta, ...person, createdAt: new Date(created.getTime() + n * 20_000).toISOString() },
    }
    if (n <= LOOSE) {
      notes.push({ ...base, parentId: 'page:page', x: right + ((n - 1) % 5) * 240, y: top + Math.floor((n - 1) / 5) * 240 })
      continue
    }
    const target = zoneLists[n % zoneLists.length]
    const zone = target.zones[Math.floor(n / zoneLists.length) % target.zones.length]
    const taken = occupied.get(target.frame.id)!
    const { position } = findFreeSpot({
      frame: target.size,
      area: zone.area,
      note: { w: NOTE_SIZE, h: NOTE_SIZE },
      occupied: taken,
      inZone: (p) => target.definition.zoneAt(target.params, target.size, p, 'nl')?.id === zone.id,
    })
    taken.push({ ...position, w: NOTE_SIZE, h: NOTE_SIZE })
    notes.push({ ...base, parentId: target.frame.id, x: position.x, y: position.y })
  }
  for (let i = 0; i < notes.length; i += 50) {
    client.doc.transact(() => {
      for (const note of notes.slice(i, i + 50)) client.records.set(note.id, note)
    })
  }
  return { client, frames: frames.length, expected: [model, ...notes] }
}

interface Run {
  ms: number
  longestTaskMs: number
  blockedMs: number
  longTasks: number
  sawProgress: boolean
  path: string
}

async function exportOnce(page: Page): Promise<Run> {
  const menu = page.getByRole('group', { name: 'Exporteer als PDF' })
  if (!(await menu.isVisible())) await page.getByRole('button', { name: 'Exporteer als PDF' }).click()
  await menu.getByLabel(PAPER).check()
  await menu.getByLabel('Het hele bord').check()
  await menu.getByLabel('Verslag: alle notities als tekst').setChecked(true)
  // Main-thread tasks over 50 ms while the PDF is made: what would make the board feel stuck.
  await page.evaluate(() => {
    const w = window as unknown as { __benchTasks: number[]; __benchObserver?: PerformanceObserver }
    w.__benchObserver?.disconnect()
    w.__benchTasks = []
    w.__benchObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__benchTasks.push(entry.duration)
    })
    w.__benchObserver.observe({ type: 'longtask' })
  })
  const progress = menu.getByRole('status').filter({ hasText: /stap \d+ van \d+/ })
  const sawProgress = progress.waitFor({ timeout: 120_000 }).then(
    () => true,
    () => false,
  )
  const started = performance.now()
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), menu.getByRole('button', { name: 'PDF maken' }).click()])
  const ms = performance.now() - started
  const path = (await download.path())!
  const tasks = await page.evaluate(() => {
    const w = window as unknown as { __benchTasks: number[]; __benchObserver?: PerformanceObserver }
    w.__benchObserver?.disconnect()
    return w.__benchTasks
  })
  return {
    ms,
    longestTaskMs: Math.max(0, ...tasks),
    blockedMs: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    longTasks: tasks.length,
    sawProgress: await sawProgress,
    path,
  }
}

function check(path: string, expected: ShapeRecord[], pages: number, frames: number) {
  const texts = expected.map((n) => ({
    text: flat(richTextToPlain(n.props.richText)),
    byline: `${n.meta.author} · ${n.meta.organisation}`,
  }))
  const drawingPages = frames + (LOOSE > 0 ? 1 : 0)
  const drawings = flat(pdftotext(path, '-raw', '-f', '2', '-l', String(1 + drawingPages)))
  const minutes = flat(pdftotext(path, '-raw', '-f', String(2 + drawingPages)))
  const inMinutes = texts.filter((t) => minutes.includes(`${t.text} ${t.byline}`)).length
  const missing = texts.filter((t) => !drawings.includes(t.text)).map((t) => t.text)
  const onDrawings = texts.length - missing.length
  if (missing.length) console.log(`  not found on the drawing pages (${missing.length}), e.g.: ${missing.slice(0, 5).join(' | ')}`)
  const images = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').slice(2).length
  return { pages, inMinutes, onDrawings, images, bytes: statSync(path).size }
}

async function main() {
  const server = await startBenchServer({})
  const browser = await launchChromium()
  const work = mkdtempSync(join(tmpdir(), 'waterlijn-bench-export-'))
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'nl-NL', serviceWorkers: 'block', acceptDownloads: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const board = await createBoard(server, 'Verkenningsbijeenkomst Wonen, Welzijn en Zorg — grote sessie')
    console.log(`bench:export: building the board (${NOTES} notes, ${LOOSE} of them loose, 6 templates)…`)
    const setupStart = performance.now()
    const built = await buildBoard(page, board.facilitatorUrl, server.wsUrl, board.id, server.url, board.facilitatorKey)
    const apiNotes = async () =>
      ((await (await fetch(`${server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`)).json()) as { notes: { zone: unknown; template: unknown }[] }).notes
    const listed = await waitFor(
      async () => {
        const notes = await apiNotes()
        return notes.length === NOTES ? notes : null
      },
      60_000,
      `${NOTES} notes in the server's notes API`,
    )
    const inZones = listed.filter((n) => n.zone).length
    // And in the facilitator's page: every note shape rendered, the whole board in view.
    await page.keyboard.press('Shift+1')
    await waitFor(async () => (await page.locator('.tl-shape[data-shape-type="note"]').count()) >= NOTES, 60_000, `${NOTES} notes on the facilitator's page`)
    console.log(`bench:export: board ready in ${((performance.now() - setupStart) / 1000).toFixed(1)} s (${inZones} notes in a zone)`)

    const runs: Run[] = []
    // --profile <file>: a V8 CPU profile of the page during the last run (open it in Chromium's DevTools).
    const cdp = args.profile ? await context.newCDPSession(page) : null
    for (let i = 0; i < RUNS; i++) {
      const profiling = cdp && i === RUNS - 1
      if (profiling) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'))
      const run = await exportOnce(page)
      if (profiling) writeFileSync(args.profile!, JSON.stringify((await cdp.send('Profiler.stop')).profile))
      const kept = join(work, `run-${i + 1}.pdf`)
      copyFileSync(run.path, kept)
      runs.push({ ...run, path: kept })
      console.log(`  run ${i + 1}: ${(run.ms / 1000).toFixed(2)} s, longest main-thread task ${Math.round(run.longestTaskMs)} ms, ${run.longTasks} tasks over 50 ms`)
    }
    const last = runs[runs.length - 1]
    const verified = check(last.path, built.expected, pageCount(last.path), built.frames)
    if (args['keep-pdf']) copyFileSync(last.path, args['keep-pdf'])
    built.client.destroy()

    const times = runs.map((r) => r.ms)
    const slowest = Math.max(...times)
    const complete = verified.inMinutes === NOTES && verified.onDrawings === NOTES && verified.images === 0
    const lines = [
      `| measure | result |`,
      `| --- | --- |`,
      `| board | ${NOTES} notes (${NOTES - LOOSE} in 6 template frames, ${inZones} of them in a zone; ${LOOSE} loose), 24 people of 8 organisations, ${PAPER}, whole board, minutes on |`,
      `| click → download, each run | ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} |`,
      `| click → download, median / slowest | ${(percentile(sortedCopy(times), 50) / 1000).toFixed(2)} s / ${(slowest / 1000).toFixed(2)} s |`,
      `| PDF | ${verified.pages} pages, ${(verified.bytes / 1024).toFixed(0)} KiB, ${verified.images} raster images |`,
      `| text found by pdftotext | minutes: ${verified.inMinutes} of ${NOTES} notes with their byline; drawing pages: ${verified.onDrawings} of ${NOTES} note texts |`,
      `| page usable meanwhile | longest main-thread task ${runs.map((r) => `${Math.round(r.longestTaskMs)} ms`).join(', ')}; time blocked beyond 50 ms per task ${runs.map((r) => `${(r.blockedMs / 1000).toFixed(2)} s`).join(', ')}; progress shown: ${runs.every((r) => r.sawProgress) ? 'yes' : 'no'} |`,
      `| page errors | ${errors.length ? errors.join('; ') : 'none'} |`,
    ]
    const verdict = `${slowest < TARGET_MS && complete && errors.length === 0 ? 'PASS' : 'FAIL'}: ${NOTES} notes and 6 frames exported in ${(slowest / 1000).toFixed(2)} s at most (target < ${TARGET_MS / 1000} s)${complete ? ', every note in the PDF' : ', NOT every note found in the PDF'}`
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
    const report = [`### ${new Date().toISOString().slice(0, 10)}: ${verdict}`, '', `Machine: ${machine}.`, '', ...lines, ''].join('\n')
    console.log('\n' + report)
    if (args.out) writeFileSync(args.out, report)
    await context.close()
    process.exitCode = verdict.startsWith('PASS') ? 0 : 1
  } finally {
    await browser.close()
    await server.dispose()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
