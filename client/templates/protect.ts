/** Partners cannot move, resize, unlock or delete a template's frame or drawing; the facilitator can. */
import type { Editor, TLShape } from 'tldraw'
import { templateMetaOf } from '../../shared/templates/instance.ts'
import { PART_META_KEY } from './render.ts'

export function isTemplateShape(shape: TLShape): boolean {
  return !!shape.meta[PART_META_KEY] || (shape.type === 'frame' && !!templateMetaOf(shape.meta))
}

/** Registers the guards for a partner's editor; returns the function that removes them. */
export function protectTemplates(editor: Editor): () => void {
  const offChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user' || !isTemplateShape(prev)) return next
    return prev
  })
  const offDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    if (source === 'user' && isTemplateShape(shape)) return false
    return
  })
  return () => {
    offChange()
    offDelete()
  }
}
