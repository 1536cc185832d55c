/** Registers the service worker (client/sw.ts) and hands it the files this page loaded, for offline reloads. */
import type { CacheFilesMessage } from './sw.ts'

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // Everything loaded so far, and what comes later (tldraw loads fonts, icons and translations
        // when it needs them).
        new PerformanceObserver((list) => {
          const message: CacheFilesMessage = { type: 'cache-files', urls: list.getEntries().map((e) => e.name) }
          registration.active?.postMessage(message)
        }).observe({ type: 'resource', buffered: true })
      })
      .catch((error) => console.warn('Offline support is not available:', error))
  })
}
