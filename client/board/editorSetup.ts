/** What a person's editor does on top of tldraw: author meta on every shape, the organisation colour, language. */
import { DefaultColorStyle, createShapeId, startEditingShapeWithRichText, type Editor, type TLShapeId } from 'tldraw'
import type { AuthorMeta, OrganisationColour } from '../../shared/protocol.ts'
import type { Language } from '../../shared/i18n/index.ts'

/**
 * Stamps `meta: AuthorMeta` on every shape this person creates (drawn, pasted, duplicated): remote shapes
 * arrive with source 'remote' and keep their own author. Returns the unregister function.
 */
export function stampAuthorOnCreate(editor: Editor, author: AuthorMeta): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user') return shape
    return { ...shape, meta: { ...shape.meta, ...author } }
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

/**
 * Creates a note in the organisation's colour in the middle of what the person sees, a little offset
 * when another note already sits there, selects it and opens it for typing.
 */
export function addNoteInView(editor: Editor, colour: OrganisationColour): TLShapeId {
  const center = editor.getViewportPageBounds().center
  let x = center.x - NOTE_SIZE / 2
  let y = center.y - NOTE_SIZE / 2
  // Cascade so several notes added in a row do not hide each other.
  for (let i = 0; i < 20 && editor.getShapesAtPoint({ x: x + NOTE_SIZE / 2, y: y + NOTE_SIZE / 2 }, { hitInside: true }).some((s) => s.type === 'note'); i++) {
    x += 24
    y += 24
  }
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add note')
  editor.setCurrentTool('select')
  editor.createShape({ id, type: 'note', x, y, props: { color: colour } })
  editor.select(id)
  startEditingShapeWithRichText(editor, id)
  return id
}
