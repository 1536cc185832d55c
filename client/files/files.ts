/** Files to keep working elsewhere: the notes as CSV, the board as .tldr (and back), a PNG of the view. */
import { exportAs, parseTldrawJsonFile, serializeTldrawJsonBlob, type Editor, type TLContent, type TLShape } from 'tldraw'
import { notesCsv } from '../../shared/board/csv.ts'
import { buildMinutes, type TemplateOnBoard } from '../../shared/board/minutes.ts'
import { collectNotes } from '../../shared/board/notes.ts'
import type { Language } from '../../shared/i18n/index.ts'
import { keepingAuthors } from '../board/editorSetup.ts'
import { useDisplayNames } from '../facilitator/displayNames.ts'
import { templateFrames } from '../templates/render.ts'
import { readingOrder } from '../../shared/templates/geometry.ts'

/** A file name from the board's title: letters, digits, spaces and dashes only. */
export function fileName(title: string, extension: string): string {
  const base = title.normalize('NFC').replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'waterlijn'
  return `${base}.${extension}`
}

/** Hands a file to the browser's downloads. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The template frames as the minutes need them, left to right, top to bottom. */
export function framesForMinutes(editor: Editor): TemplateOnBoard[] {
  const placed = templateFrames(editor).map(({ frame, meta }) => ({ frame, meta, bounds: editor.getShapePageBounds(frame.id) }))
  return readingOrder(placed, ({ bounds }) => bounds ?? { x: 0, y: 0, w: 0, h: 0 })
    .map(({ frame, meta }) => ({ id: frame.id, kind: meta.kind, name: frame.props.name, params: meta.params, size: { w: frame.props.w, h: frame.props.h } }))
}

/** Every note as CSV, grouped as in the minutes. */
export function notesCsvText(editor: Editor, language: Language, votes: (noteId: string) => number | null): string {
  const notes = collectNotes(editor.store.allRecords(), language, useDisplayNames.getState().names)
  return notesCsv(buildMinutes(notes, framesForMinutes(editor), language), language, votes)
}

export function downloadNotesCsv(editor: Editor, title: string, language: Language, votes: (noteId: string) => number | null): void {
  download(new Blob([notesCsvText(editor, language, votes)], { type: 'text/csv;charset=utf-8' }), fileName(title, 'csv'))
}

export async function downloadTldr(editor: Editor, title: string): Promise<void> {
  download(await serializeTldrawJsonBlob(editor), fileName(title, 'tldr'))
}

/** The selection, or else everything in view, as a PNG. */
export async function downloadPng(editor: Editor, title: string): Promise<void> {
  const selected = editor.getSelectedShapeIds()
  const view = editor.getViewportPageBounds()
  const ids = selected.length
    ? selected
    : editor.getCurrentPageShapes().filter((s) => editor.getShapePageBounds(s)?.collides(view)).map((s) => s.id)
  if (ids.length === 0) return
  await exportAs(editor, ids, { format: 'png', name: fileName(title, 'png').replace(/\.png$/, ''), background: true })
}

export class ImportError extends Error {}

/** Space between the board's content and a file brought in beside it. */
const IMPORT_GAP = 200

/** Puts the shapes of a .tldr file onto this board (new ids, so nothing on the board is overwritten). */
export function importTldr(editor: Editor, json: string): number {
  const parsed = parseTldrawJsonFile({ json, schema: editor.store.schema })
  if (!parsed.ok) throw new ImportError(parsed.error.type)
  const records = parsed.value.allRecords()
  const shapes = records.filter((r): r is TLShape => r.typeName === 'shape')
  const shapeIds = new Set(shapes.map((s) => s.id))
  const content: TLContent = {
    shapes,
    bindings: records.filter((r) => r.typeName === 'binding') as TLContent['bindings'],
    assets: records.filter((r) => r.typeName === 'asset') as TLContent['assets'],
    rootShapeIds: shapes.filter((s) => !shapeIds.has(s.parentId as TLShape['id'])).map((s) => s.id),
    schema: editor.store.schema.serialize(),
  }
  if (shapes.length === 0) return 0
  const before = editor.getCurrentPageBounds()
  editor.markHistoryStoppingPoint('import')
  keepingAuthors(() => editor.putContentOntoCurrentPage(content, { select: true }))
  // What comes in lands beside what is on the board, never on top of it: notes would hide each other.
  const placed = editor.getSelectionPageBounds()
  if (before && placed && before.collides(placed)) {
    editor.nudgeShapes(editor.getSelectedShapeIds(), { x: before.maxX + IMPORT_GAP - placed.minX, y: before.minY - placed.minY })
  }
  editor.zoomToSelection({ animation: { duration: 300 } })
  return shapes.length
}
