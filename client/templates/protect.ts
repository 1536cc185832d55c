/** A template's frame or a piece of its drawing: only the facilitator changes these (see facilitator/protectWork.ts). */
import type { TLShape } from 'tldraw'
import { templateMetaOf } from '../../shared/templates/instance.ts'
import { PART_META_KEY } from './render.ts'

export function isTemplateShape(shape: TLShape): boolean {
  return !!shape.meta[PART_META_KEY] || (shape.type === 'frame' && !!templateMetaOf(shape.meta))
}
