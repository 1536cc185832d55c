/** What a person's editor does on top of tldraw: author meta on every shape, the organisation colour, language. */
import { Box, DefaultColorStyle, createShapeId, startEditingShapeWithRichText, type Editor, type TLShapeId } from 'tldraw'
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

const NOTE_SIZE = 200
const GAP = 24

/**
 * Where a new note goes: the middle of what the person sees, or else the nearest free spot around it,
 * so notes added one after another (by one person or by several at once) do not hide each other.
 */
export function freeSpotNear(editor: Editor, center: { x: number; y: number }): { x: number; y: number } {
  const taken = editor
    .getCurrentPageShapes()
    .map((shape) => editor.getShapePageBounds(shape))
    .filter((b): b is Box => !!b)
  const step = NOTE_SIZE + GAP
  const candidates: { x: number; y: number; d: number }[] = []
  for (let row = -3; row <= 3; row++) {
    for (let col = -4; col <= 4; col++) {
      candidates.push({ x: center.x - NOTE_SIZE / 2 + col * step, y: center.y - NOTE_SIZE / 2 + row * step, d: Math.hypot(col, row * 1.2) })
    }
  }
  candidates.sort((a, b) => a.d - b.d)
  for (const c of candidates) {
    const box = new Box(c.x - GAP / 2, c.y - GAP / 2, NOTE_SIZE + GAP, NOTE_SIZE + GAP)
    if (!taken.some((t) => t.collides(box))) return { x: c.x, y: c.y }
  }
  return { x: center.x - NOTE_SIZE / 2, y: center.y - NOTE_SIZE / 2 }
}

/** Creates a note in the organisation's colour where the person is looking, selects it and opens it for typing. */
export function addNoteInView(editor: Editor, colour: OrganisationColour): TLShapeId {
  const { x, y } = freeSpotNear(editor, editor.getViewportPageBounds().center)
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add note')
  editor.setCurrentTool('select')
  editor.createShape({ id, type: 'note', x, y, props: { color: colour } })
  editor.select(id)
  startEditingShapeWithRichText(editor, id)
  return id
}
