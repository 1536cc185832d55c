/** Real headless Chromium against the real server, for the end-to-end tests: one browser and server per file. */
import { afterAll, beforeAll, expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { startServer, type RunningServer } from '../helpers/server.ts'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const WAIT = 20_000

export interface BrowserSuite {
  readonly server: RunningServer
  /** Every request a page tried to make to anywhere but the server. */
  readonly foreignRequests: string[]
  readonly pageErrors: string[]
  newContext(options?: { serviceWorkers?: 'allow' | 'block'; viewport?: { width: number; height: number } }): Promise<BrowserContext>
}

/** Registers beforeAll/afterAll that start the server and Chromium; call inside a describe. */
export function browserSuite(): BrowserSuite {
  let server: RunningServer
  let browser: Browser
  const foreignRequests: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  function watch(page: Page): void {
    const origin = new URL(server.url).origin
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).host !== new URL(origin).host) foreignRequests.push(ws.url())
    })
    page.on('pageerror', (error) => pageErrors.push(error.message))
  }

  return {
    get server() {
      return server
    },
    foreignRequests,
    pageErrors,
    async newContext(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        locale: 'nl-NL',
        // Blocked unless a test is about offline reloads: the board itself must not depend on it.
        serviceWorkers: options.serviceWorkers ?? 'block',
      })
      const origin = new URL(server.url).origin
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url())
        if (url.origin === origin) return route.continue()
        foreignRequests.push(url.href)
        return route.abort('blockedbyclient')
      })
      context.on('page', watch)
      return context
    },
  }
}

export async function connected(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Verbonden — alles is opgeslagen' }).waitFor({ timeout: WAIT })
}

/** The join screen: name, organisation, Enter. Waits until the canvas is there and connected. */
export async function join(page: Page, name: string, organisation: string): Promise<void> {
  await page.getByLabel('Je naam').fill(name)
  await page.getByLabel('Je organisatie').fill(organisation)
  await page.getByLabel('Je organisatie').press('Enter')
  await page.locator('.tl-canvas').waitFor({ timeout: WAIT })
  await connected(page)
}

/** Waits until the note being edited has the keyboard focus, types, and leaves the note. */
export async function typeIntoNewNote(page: Page, text: string): Promise<void> {
  const editor = page.locator('.tl-shape [contenteditable="true"]')
  await editor.waitFor({ timeout: WAIT })
  await expect.poll(() => editor.evaluate((el) => el === document.activeElement), { timeout: WAIT }).toBe(true)
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

export function note(page: Page, text: string): Locator {
  return page.locator('.tl-shape').filter({ has: page.locator('.tl-note__container', { hasText: text }) })
}

export async function createBoardViaApi(server: RunningServer, title: string) {
  const res = await fetch(server.url + '/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  return (await res.json()) as import('../../shared/protocol.ts').CreateBoardResponse
}
