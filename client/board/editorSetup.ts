/** What a person's editor does on top of tldraw: author meta on every shape, the organisation colour, language. */
import { Box, DefaultColorStyle, createShapeId, startEditingShapeWithRichText, type Editor, type TLShapeId } from 'tldraw'
import { looseSpot } from '../../shared/board/placeNote.ts'
import type { AuthorMeta, OrganisationColour } from '../../shared/protocol.ts'
import type { Language } from '../../shared/i18n/index.ts'

/**
 * Stamps `meta: AuthorMeta` on every shape this person creates (drawn, pasted, duplicated): remote shapes
 * arrive with source 'remote' and keep their own author. Returns the unregister function.
 */
let keepingAuthors_ = false

/** Runs `fn` without stamping: shapes brought in from a file keep the authors they had. */
export function keepingAuthors<T>(fn: () => T): T {
  keepingAuthors_ = true
  try {
    return fn()
  } finally {
    keepingAuthors_ = false
  }
}

export function stampAuthorOnCreate(editor: Editor, author: AuthorMeta): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user') return shape
    if (keepingAuthors_ && typeof shape.meta.author === 'string') return shape
    return { ...shape, meta: { ...shape.meta, ...author, createdAt: new Date().toISOString() } }
  })
}

/** The organisation's colour for the next shape of any of tldraw's tools. */
export function setOrganisationColour(editor: Editor, colour: OrganisationColour): void {
  editor.run(() => editor.setStyleForNextShapes(DefaultColorStyle, colour), { history: 'ignore' })
}

export function applyLanguage(editor: Editor, language: Language): void {
  editor.user.updateUserPreferences({ locale: language })
}

/**
 * Creates a note in the organisation's colour where the person is looking (the nearest free spot, never
 * on another note), keeps it in view, selects it and opens it for typing.
 */
export function addNoteInView(editor: Editor, colour: OrganisationColour): TLShapeId {
  const view = editor.getViewportPageBounds()
  const spot = looseSpot(editor.store.allRecords(), view.center, { x: view.x, y: view.y, w: view.w, h: view.h })
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add note')
  editor.setCurrentTool('select')
  editor.createShape({ id, type: 'note', x: spot.x, y: spot.y, props: { color: colour } })
  editor.select(id)
  showShape(editor, id)
  startEditingShapeWithRichText(editor, id)
  return id
}

/**
 * Brings a shape into view when it is not (a phone shows a small part of the board), and, for a note in
 * a template, the zone around it: a note on a blank background says nothing about where it belongs.
 */
export function showShape(editor: Editor, id: TLShapeId, around?: Box): void {
  const bounds = editor.getShapePageBounds(id)
  if (!bounds) return
  const view = editor.getViewportPageBounds()
  const target = around ? Box.Common([around, bounds]) : bounds
  if (view.contains(target)) return
  // Zoomed out just enough for the zone, and never so far that the note's text is unreadable.
  const zoom = Math.min(editor.getCamera().z, (editor.getViewportScreenBounds().w * 0.9) / target.w, (editor.getViewportScreenBounds().h * 0.9) / target.h)
  editor.zoomToBounds(target, { targetZoom: Math.max(zoom, 0.35), animation: { duration: 250 } })
}
