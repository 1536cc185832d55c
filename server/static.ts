/**
 * The built client, read into memory once at start (about 7 MB with its precompressed copies). A build
 * written while the server runs cannot break a workshop: people keep getting one consistent version
 * (the page and the files it names) until the server restarts, and a file vanishing from disk cannot
 * take the server down.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, relative, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

interface StaticFile {
  body: Buffer
  br?: Buffer
  gzip?: Buffer
  type: string
  etag: string
}

export interface StaticFiles {
  /** The page (index.html) as built, or null when there is no build. */
  indexHtml: string | null
  /** Serves the file at the request's path; false when there is none. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean
}

function walk(dir: string): string[] {
  // Dot-directories of the build (the bundler's manifest) are for tools, not for browsers.
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.')) return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

export function loadStaticFiles(dir: string): StaticFiles {
  const files = new Map<string, StaticFile>()
  if (!existsSync(join(dir, 'index.html'))) return { indexHtml: null, serve: () => false }
  for (const path of walk(dir)) {
    if (path.endsWith('.br') || path.endsWith('.gz')) continue
    const body = readFileSync(path)
    const url = '/' + relative(dir, path).split(sep).join('/')
    files.set(url, {
      body,
      br: existsSync(`${path}.br`) ? readFileSync(`${path}.br`) : undefined,
      gzip: existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : undefined,
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    })
  }
  return {
    indexHtml: files.get('/index.html')!.body.toString('utf8'),
    serve(req, res, pathname) {
      const file = files.get(pathname)
      if (!file) return false
      const headers: Record<string, string | number> = {
        'content-type': file.type,
        etag: file.etag,
        vary: 'accept-encoding',
        // Build files carry a content hash in their name; anything else (sw.js) is checked every time.
        'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      }
      if (req.headers['if-none-match'] === file.etag) {
        res.writeHead(304, headers)
        res.end()
        return true
      }
      const accepts = String(req.headers['accept-encoding'] ?? '')
      let body = file.body
      if (file.br && /\bbr\b/.test(accepts)) {
        body = file.br
        headers['content-encoding'] = 'br'
      } else if (file.gzip && /\bgzip\b/.test(accepts)) {
        body = file.gzip
        headers['content-encoding'] = 'gzip'
      }
      headers['content-length'] = body.length
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
      return true
    },
  }
}
