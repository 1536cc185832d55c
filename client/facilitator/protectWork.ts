/**
 * Partners are peers: each edits and deletes only their own notes and drawings. Moving someone else's
 * note (clustering) is fine. The facilitator may do everything. Refusals are said out loud, not silent.
 */
import type { Editor, TLShape } from 'tldraw'
import { isTemplateShape } from '../../shared/templates/instance.ts'

function ownerOf(shape: TLShape): string | null {
  const id = shape.meta.authorId
  return typeof id === 'string' && id ? id : null
}

export function protectOthersWork(editor: Editor, myAuthorId: string, refuse: (reason: 'others' | 'template') => void): () => void {
  const notMine = (shape: TLShape) => {
    const owner = ownerOf(shape)
    return owner !== null && owner !== myAuthorId
  }
  const offChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user') return next
    if (isTemplateShape(prev)) {
      refuse('template')
      return prev
    }
    if (!notMine(prev)) return next
    // Someone else's: where it is may change (clustering), what it is may not.
    const changedWhat =
      next.type !== prev.type ||
      next.isLocked !== prev.isLocked ||
      next.opacity !== prev.opacity ||
      JSON.stringify(next.props) !== JSON.stringify(prev.props) ||
      JSON.stringify(next.meta) !== JSON.stringify(prev.meta)
    if (!changedWhat) return next
    refuse('others')
    return { ...prev, x: next.x, y: next.y, rotation: next.rotation, parentId: next.parentId, index: next.index }
  })
  const offDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    if (source !== 'user') return
    if (isTemplateShape(shape)) {
      refuse('template')
      return false
    }
    if (notMine(shape)) {
      refuse('others')
      return false
    }
    return
  })
  return () => {
    offChange()
    offDelete()
  }
}
