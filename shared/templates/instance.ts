/** How a placed template is recorded on the board: a tldraw frame whose meta says which template it is. */
import type { TemplateKind } from './types.ts'

/** Key in a frame's `meta`. */
export const TEMPLATE_META_KEY = 'waterlijnTemplate'

/** Key in the meta of each piece of a template's drawing (part of the file format): `{ frameId, partId }`. */
export const PART_META_KEY = 'waterlijnPart'

export interface TemplateInstanceMeta<Params = unknown> {
  kind: TemplateKind
  /** Version of this record's shape, for later changes. */
  version: 1
  params: Params
}

export function templateMetaOf(meta: unknown): TemplateInstanceMeta | null {
  if (!meta || typeof meta !== 'object') return null
  const value = (meta as Record<string, unknown>)[TEMPLATE_META_KEY]
  if (!value || typeof value !== 'object') return null
  const t = value as Partial<TemplateInstanceMeta>
  if (typeof t.kind !== 'string' || t.version !== 1 || !t.params || typeof t.params !== 'object') return null
  return t as TemplateInstanceMeta
}

/** A template's frame or a piece of its drawing: only the facilitator changes these. */
export function isTemplateShape(shape: { type?: unknown; meta?: unknown }): boolean {
  const meta = shape.meta && typeof shape.meta === 'object' ? (shape.meta as Record<string, unknown>) : null
  if (!meta) return false
  return !!meta[PART_META_KEY] || (shape.type === 'frame' && !!templateMetaOf(meta))
}
