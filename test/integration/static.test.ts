// The page and its files: served compressed, cached by content hash, and never broken by a new build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { removeDataDir, startServer, type RunningServer } from '../helpers/server.ts'
import { CANVAS_VIEW, LIST_VIEW, screenFiles } from '../helpers/bundle.ts'

const dist = resolve(import.meta.dirname, '../../dist')
let server: RunningServer
let clientDir = ''

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('the client is not built: run npm run build before the tests')
  clientDir = mkdtempSync(join(tmpdir(), 'waterlijn-client-'))
  cpSync(dist, clientDir, { recursive: true })
  server = await startServer({ env: { CLIENT_DIR: clientDir } })
})
afterAll(async () => {
  await server.stop()
  removeDataDir(server.dataDir)
  rmSync(clientDir, { recursive: true, force: true })
})

describe('the built client', () => {
  it('serves the page and its script compressed, with long caching for hashed files only', async () => {
    const page = await fetch(`${server.url}/b/some-board-id-1234567`)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1]
    expect(script).toBeDefined()

    const plain = await fetch(server.url + script, { headers: { 'accept-encoding': 'identity' } })
    const plainBody = Buffer.from(await plain.arrayBuffer())
    expect(plain.headers.get('cache-control')).toContain('immutable')
    expect(plain.headers.get('content-type')).toContain('javascript')

    // fetch() would decode for us: ask with a raw request to see what travels over the wire.
    const { request } = await import('node:http')
    const compressed = await new Promise<{ encoding?: string; body: Buffer }>((res, rej) => {
      request(server.url + script, { headers: { 'accept-encoding': 'br, gzip' } }, (r) => {
        const chunks: Buffer[] = []
        r.on('data', (c) => chunks.push(c))
        r.on('end', () => res({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }))
      })
        .on('error', rej)
        .end()
    })
    expect(compressed.encoding).toBe('br')
    expect(compressed.body.length).toBeLessThan(plainBody.length / 2)
    expect(brotliDecompressSync(compressed.body).equals(plainBody)).toBe(true)

    const again = await fetch(server.url + script, { headers: { 'if-none-match': plain.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache')
    expect((await fetch(`${server.url}/assets/nope.js`)).status).toBe(404)
  })

  it('keeps serving one consistent version when the build on disk is replaced', async () => {
    const html = await (await fetch(`${server.url}/`)).text()
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]
    rmSync(clientDir, { recursive: true, force: true })
    const res = await fetch(server.url + script)
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    expect(await (await fetch(`${server.url}/`)).text()).toBe(html)
    expect(server.process.exitCode).toBeNull()
  })

  it('the list view (forty phones on one wifi) loads at most 150 KB gzipped, without the canvas code', async () => {
    const list = screenFiles(dist, LIST_VIEW)
    const canvas = screenFiles(dist, CANVAS_VIEW)
    expect(list.gzipBytes).toBeLessThanOrEqual(150 * 1024)
    // None of tldraw: the canvas chunk and the list share nothing but the page and the common code.
    const canvasOnly = canvas.files.filter((f) => !list.files.some((l) => l.file === f.file))
    expect(canvasOnly.map((f) => f.file).some((f) => f.includes('BoardView'))).toBe(true)
    for (const f of list.files) expect(f.file).not.toMatch(/BoardView|tldraw/)
    const served = await Promise.all(list.files.map((f) => fetch(`${server.url}/${f.file}`).then((r) => r.status)))
    expect(served.every((status) => status === 200)).toBe(true)
    // The build's manifest is for tools, not served to browsers.
    expect((await fetch(`${server.url}/.vite/manifest.json`)).status).not.toBe(200)
  })
})

