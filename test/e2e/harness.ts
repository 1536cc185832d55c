/** Real headless Chromium against the real server, for the end-to-end tests: one browser and server per file. */
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../helpers/browser.ts'
import { createBoard, startServer, type RunningServer } from '../helpers/server.ts'

export { addNoteInZone, connected, join, joinOnPhone, note, placeAllTemplates, placeTemplate, typeIntoNewNote, WAIT } from '../helpers/browser.ts'

export interface BrowserSuite {
  readonly server: RunningServer
  /** Every request a page tried to make to anywhere but the server. */
  readonly foreignRequests: string[]
  readonly pageErrors: string[]
  /** Everything the page's Content-Security-Policy blocked; checked to be empty after every file. */
  readonly cspViolations: string[]
  /** `phone`: a 390×844 touch screen as a phone reports it (touch, mobile viewport, no hover). */
  newContext(options?: { serviceWorkers?: 'allow' | 'block'; viewport?: { width: number; height: number }; phone?: boolean }): Promise<BrowserContext>
}

const CSP_VIOLATION = 'CSP violation:'

/** Registers beforeAll/afterAll that start the server and Chromium; call inside a describe. */
export function browserSuite(): BrowserSuite {
  let server: RunningServer
  let browser: Browser
  const foreignRequests: string[] = []
  const pageErrors: string[] = []
  const cspViolations: string[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    // The page keeps the board's rules itself: the server never had to undo anything a person did in it.
    expect(server?.output().match(/.*guard\.repaired.*/g) ?? []).toEqual([])
    // Whatever the tests did in the page, the page's own policy never had to block any of it.
    expect(cspViolations).toEqual([])
  })

  function watch(page: Page): void {
    const origin = new URL(server.url).origin
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).host !== new URL(origin).host) foreignRequests.push(ws.url())
    })
    // Where and how, so a failure that shows once in many runs can be traced.
    page.on('pageerror', (error) => pageErrors.push(`${error.message} at ${page.url()}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`))
    page.on('console', (message) => {
      if (message.text().startsWith(CSP_VIOLATION)) cspViolations.push(`${page.url()}: ${message.text()}`)
    })
  }

  return {
    get server() {
      return server
    },
    foreignRequests,
    pageErrors,
    cspViolations,
    async newContext(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? (options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 }),
        ...(options.phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
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
      // The browser's own report of a blocked resource is not always a console message: the page says it.
      await context.addInitScript((prefix) => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`${prefix} ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
        })
      }, CSP_VIOLATION)
      context.on('page', watch)
      return context
    },
  }
}

/** A board made through the API, as the home page makes one. */
export const createBoardViaApi = createBoard
