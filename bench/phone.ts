/**
 * `npm run bench:phone`: what a partner on a phone waits for on a slow venue wifi. The real server,
 * Debian's Chromium as a 390×844 touch phone, the network throttled by Chromium's own emulation
 * (1.5 Mbit/s down and up, 150 ms latency), an empty browser cache every run.
 *
 * From opening the join link to the join screen, from "Meedoen" to the list ready to write, and from
 * opening the link to the first note placed in a zone of the iceberg (typing itself is instant here).
 * For comparison the same on the canvas, the way a laptop would get it on that wifi. Also the bytes
 * each screen downloads (gzip), from the build's manifest.
 */
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { iceberg } from '../shared/templates/iceberg/index.ts'
import { CANVAS_VIEW, LIST_VIEW, screenFiles } from '../test/helpers/bundle.ts'
import { connected, launchChromium, WAIT } from '../test/helpers/browser.ts'
import { frameRecord } from '../test/helpers/records.ts'
import { createBoard, waitFor } from '../test/helpers/server.ts'
import { connectClient } from '../test/helpers/yclient.ts'
import { hardLimit, startBenchServer } from './lib/harness.ts'
import { percentile, sortedCopy } from './lib/stats.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
const RUNS = Number(values.runs)
const ZONE = 'Boven de waterlijn — gedeelde ambitie'
/** 1.5 Mbit/s in bytes per second, and the round trip a busy venue wifi adds. */
const THROTTLE = { offline: false, latency: 150, downloadThroughput: (1.5 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 }

interface Run {
  joinScreenMs: number
  readyMs: number
  firstNoteMs: number
}

async function throttledPage(browser: Browser, phone: boolean): Promise<Page> {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    ...(phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
    locale: 'nl-NL',
    serviceWorkers: 'block',
  })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', THROTTLE)
  return page
}

async function listRun(browser: Browser, joinUrl: string, i: number): Promise<Run> {
  const page = await throttledPage(browser, true)
  const start = performance.now()
  await page.goto(joinUrl, { waitUntil: 'commit' })
  await page.getByLabel('Je naam').waitFor({ timeout: 60_000 })
  const joinScreenMs = performance.now() - start
  await page.getByLabel('Je naam').fill(`Telefoon ${i}`)
  await page.getByLabel('Je organisatie').fill('Woonstichting Oost')
  const joinedAt = performance.now()
  await page.getByRole('button', { name: /Meedoen/ }).tap()
  await page.getByRole('heading', { name: 'Notitie schrijven' }).waitFor({ timeout: 60_000 })
  await connected(page)
  const readyMs = performance.now() - joinedAt
  await page.getByLabel('Je notitie').fill(`Eerste notitie ${i}`)
  await page.getByLabel('Waar hoort hij?').selectOption({ label: ZONE })
  await page.getByRole('button', { name: 'Plaatsen' }).tap()
  await page.locator('.list-note', { hasText: `Eerste notitie ${i}` }).waitFor({ timeout: 60_000 })
  const firstNoteMs = performance.now() - start
  await page.context().close()
  return { joinScreenMs, readyMs, firstNoteMs }
}

async function canvasRun(browser: Browser, joinUrl: string, i: number): Promise<Run> {
  const page = await throttledPage(browser, false)
  const start = performance.now()
  await page.goto(joinUrl, { waitUntil: 'commit' })
  await page.getByLabel('Je naam').waitFor({ timeout: 60_000 })
  const joinScreenMs = performance.now() - start
  await page.getByLabel('Je naam').fill(`Laptop ${i}`)
  await page.getByLabel('Je organisatie').fill('Gemeente Utrecht')
  const joinedAt = performance.now()
  await page.getByLabel('Je organisatie').press('Enter')
  await page.locator('.tl-canvas').waitFor({ timeout: 120_000 })
  await connected(page)
  const readyMs = performance.now() - joinedAt
  await page.getByRole('button', { name: 'Notitie toevoegen' }).click()
  await page.getByRole('dialog', { name: 'Waar hoort je notitie?' }).getByRole('button', { name: ZONE, exact: true }).click()
  await page.locator('.tl-shape [contenteditable="true"]').waitFor({ timeout: WAIT })
  await page.keyboard.type(`Notitie van laptop ${i}`)
  await page.keyboard.press('Escape')
  await page.locator('.tl-note__container', { hasText: `Notitie van laptop ${i}` }).waitFor({ timeout: 60_000 })
  const firstNoteMs = performance.now() - start
  await page.context().close()
  return { joinScreenMs, readyMs, firstNoteMs }
}

function summary(name: string, runs: Run[]) {
  const row = (key: keyof Run) => {
    const sorted = sortedCopy(runs.map((r) => r[key]))
    return `median ${Math.round(percentile(sorted, 0.5))} ms, worst ${Math.round(sorted[sorted.length - 1])} ms`
  }
  console.log(`${name}:`)
  console.log(`  link → join screen:      ${row('joinScreenMs')}`)
  console.log(`  "Meedoen" → ready:       ${row('readyMs')}`)
  console.log(`  link → first note shown: ${row('firstNoteMs')}`)
}

async function main() {
  hardLimit(15 * 60_000)
  const dist = resolve(import.meta.dirname, '../dist')
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  const list = screenFiles(dist, LIST_VIEW)
  const canvas = screenFiles(dist, CANVAS_VIEW)
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log(`list view downloads ${kb(list.gzipBytes)} gzipped (${list.files.length} files); the canvas ${kb(canvas.gzipBytes)} (${canvas.files.length} files)`)

  const server = await startBenchServer({})
  const browser = await launchChromium()
  try {
    const board = await createBoard(server, 'Verkenning op de telefoon')
    const facilitator = connectClient(server.wsUrl, board.id, { key: board.facilitatorKey })
    await facilitator.synced
    facilitator.records.set('shape:ice', frameRecord('shape:ice', 'iceberg', iceberg.defaultParams('nl'), { x: 0, y: 0, ...iceberg.defaultSize, name: 'IJsberg en waterlijn' }))
    await waitFor(async () => (await (await fetch(`${server.url}/api/boards/${board.id}/notes?key=${board.facilitatorKey}`)).status) === 200, 5000, 'the board')
    const listRuns: Run[] = []
    const canvasRuns: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      listRuns.push(await listRun(browser, board.joinUrl, i))
      canvasRuns.push(await canvasRun(browser, board.joinUrl, i))
      process.stdout.write('.')
    }
    console.log(`\n${RUNS} runs each, throttled to 1.5 Mbit/s and 150 ms, empty cache:`)
    summary('phone, list view', listRuns)
    summary('laptop, canvas', canvasRuns)
    facilitator.destroy()
  } finally {
    await browser.close()
    await server.dispose()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
