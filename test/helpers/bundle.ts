/**
 * What a screen downloads, from the build's manifest: the page's script and styles, the screen's chunk,
 * and every chunk they import statically (not the ones loaded later on demand), with their gzip sizes.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

interface ManifestChunk {
  file: string
  imports?: string[]
  css?: string[]
}

export interface ScreenFiles {
  files: { file: string; gzipBytes: number }[]
  gzipBytes: number
}

/** `entries`: manifest keys, e.g. 'index.html' and 'list/ListView.tsx'. */
export function screenFiles(dist: string, entries: string[]): ScreenFiles {
  const manifestPath = join(dist, '.vite', 'manifest.json')
  if (!existsSync(manifestPath)) throw new Error('no build manifest: build the client first (npm run build)')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>
  const seen = new Set<string>()
  const files = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    seen.add(key)
    const chunk = manifest[key]
    if (!chunk) throw new Error(`not in the build manifest: ${key}`)
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const entry of entries) visit(entry)
  const list = [...files].map((file) => {
    const path = join(dist, file)
    const gz = existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : gzipSync(readFileSync(path), { level: 9 })
    return { file, gzipBytes: gz.length }
  })
  return { files: list, gzipBytes: list.reduce((sum, f) => sum + f.gzipBytes, 0) }
}

/** What the list view downloads: the page and the list, never the canvas. */
export const LIST_VIEW = ['index.html', 'list/ListView.tsx']
/** What the canvas downloads on top of the page. */
export const CANVAS_VIEW = ['index.html', 'board/BoardView.tsx']
