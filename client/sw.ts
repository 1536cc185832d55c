/// <reference lib="webworker" />
/**
 * Service worker: lets a partner reload the board while the wifi is gone. Pages are fetched from the
 * network first and fall back to the last copy; the hashed build files are kept once seen. The board's
 * content itself is not here: it lives in the Y.Doc and its IndexedDB copy.
 */
declare const self: ServiceWorkerGlobalScope
/** Set at build time: a new build brings a new service worker, which drops the old build's files. */
declare const __WATERLIJN_BUILD__: string

const CACHE = `waterlijn-app-${__WATERLIJN_BUILD__}`
const PAGE_KEY = '/__page'

/** Messages the page sends after it loaded: every same-origin file it used, to keep for offline use. */
export interface CacheFilesMessage {
  type: 'cache-files'
  urls: string[]
}

self.addEventListener('install', () => {
  void self.skipWaiting()
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name)
      await self.clients.claim()
    })(),
  )
})

function isBuildFile(url: URL): boolean {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/')
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return

  // The privacy page is the server's own, not the app: it must never become the cached copy of the app.
  if (url.pathname === '/privacy') return

  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE)
        try {
          const response = await fetch(request)
          if (response.ok) await cache.put(PAGE_KEY, response.clone())
          return response
        } catch (error) {
          // Every page is the same single-page app: the last copy serves /, /b/… and /v/… alike.
          const cached = await cache.match(PAGE_KEY)
          if (cached) return cached
          throw error
        }
      })(),
    )
    return
  }

  if (isBuildFile(url)) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE)
        const cached = await cache.match(request)
        if (cached) return cached
        const response = await fetch(request)
        if (response.ok) await cache.put(request, response.clone())
        return response
      })(),
    )
  }
})

self.addEventListener('message', (event) => {
  const data = event.data as CacheFilesMessage | undefined
  if (data?.type !== 'cache-files') return
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      // On the first visit the page itself came before this worker was in charge: keep a copy now, so
      // a reload without network still opens the board.
      if (!(await cache.match(PAGE_KEY))) {
        try {
          const page = await fetch('/', { cache: 'no-cache' })
          if (page.ok) await cache.put(PAGE_KEY, page)
        } catch {
          // offline right now: the next visit tries again
        }
      }
      const wanted = new Set(
        data.urls.map((u) => new URL(u, self.location.origin)).filter(isBuildFile).map((u) => u.href),
      )
      for (const href of wanted) {
        if (!(await cache.match(href))) {
          try {
            const response = await fetch(href)
            if (response.ok) await cache.put(href, response)
          } catch {
            // offline right now: the next visit tries again
          }
        }
      }
    })(),
  )
})
