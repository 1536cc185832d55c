/**
 * The board's rules (shared/board/rules.ts) in a partner's own editor, so the page never sends what the
 * server would undo: each edits and deletes only their own notes and drawings, may move someone else's
 * note (clustering), and leaves the templates and the page alone. Refusals are said out loud, not silent.
 * The facilitator may do everything.
 */
import type { Editor, TLRecord } from 'tldraw'
import { DOCUMENT_RECORD_TYPES, recordVerdict, type Actor } from '../../shared/board/rules.ts'
import { isTemplateShape } from '../../shared/templates/instance.ts'

type Json = Record<string, unknown>

export function protectOthersWork(editor: Editor, actor: Actor, refuse: (reason: 'others' | 'template') => void): () => void {
  const context = { get: (id: string) => editor.store.get(id as TLRecord['id']) as unknown as Json | undefined, validate: () => null }
  const say = (before: Json | undefined, after: Json | undefined) => refuse(isTemplateShape((before ?? after) as Json) ? 'template' : 'others')
  const offs = DOCUMENT_RECORD_TYPES.flatMap((typeName) => [
    editor.sideEffects.registerBeforeCreateHandler(typeName, (record, source) => {
      if (source !== 'user') return record
      const verdict = recordVerdict(actor, undefined, record as unknown as Json, context)
      // A refused create cannot be cancelled here; it never happens from the page's own tools.
      return verdict.allow && 'value' in verdict ? (verdict.value as unknown as typeof record) : record
    }),
    editor.sideEffects.registerBeforeChangeHandler(typeName, (prev, next, source) => {
      if (source !== 'user') return next
      const verdict = recordVerdict(actor, prev as unknown as Json, next as unknown as Json, context)
      if (!verdict.allow) {
        // A finger that lands on a template while panning with two drags it a little first: the
        // template stays, without a warning for what nobody meant to do.
        if (!(editor.getInstanceState().isCoarsePointer && isTemplateShape(prev as unknown as Json) && onlyMoved(prev as unknown as Json, next as unknown as Json))) {
          say(prev as unknown as Json, undefined)
        }
        return prev
      }
      if (!('value' in verdict)) return next
      if (verdict.reason.startsWith('only moved')) say(prev as unknown as Json, undefined)
      return verdict.value as unknown as typeof next
    }),
    editor.sideEffects.registerBeforeDeleteHandler(typeName, (record, source) => {
      if (source !== 'user') return
      if (recordVerdict(actor, record as unknown as Json, undefined, context).allow) return
      say(record as unknown as Json, undefined)
      return false
    }),
  ])
  return () => {
    for (const off of offs) off()
  }
}

/** Only the position changed (a drag), nothing else of the shape. */
function onlyMoved(before: Json, after: Json): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].every((key) => key === 'x' || key === 'y' || JSON.stringify(before[key]) === JSON.stringify(after[key]))
}
