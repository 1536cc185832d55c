/**
 * The words of a placed template as one reader reads them. The board keeps the labels in the language of
 * whoever placed the template; every reader sees them in their own language, worked out here from the
 * template's layout, so the shared board never changes because somebody switched language.
 */
import type { Language } from '../i18n/index.ts'
import { templates, type TemplateDefinition } from './index.ts'
import { PART_META_KEY, templateMetaOf } from './instance.ts'

/** What a drawing shape's meta says under PART_META_KEY: which frame, which part of its layout. */
export interface PartRef {
  frameId: string
  partId: string
}

export function partRefOf(meta: unknown): PartRef | null {
  if (!meta || typeof meta !== 'object') return null
  const value = (meta as Record<string, unknown>)[PART_META_KEY] as Partial<PartRef> | undefined
  if (!value || typeof value.frameId !== 'string' || typeof value.partId !== 'string') return null
  return { frameId: value.frameId, partId: value.partId }
}

/** A template frame as a record: its size and its meta (which template, which parameters). */
export interface FrameRecordLike {
  type?: unknown
  meta: unknown
  props: { w: number; h: number }
}

/**
 * Every label of a template frame by part id, in `language`; null when the record is no template frame
 * (or one of a kind this version does not know).
 */
export function templateLabels(frame: FrameRecordLike, language: Language): Map<string, string> | null {
  if (frame.type !== undefined && frame.type !== 'frame') return null
  const meta = templateMetaOf(frame.meta)
  if (!meta || !(meta.kind in templates)) return null
  const definition = templates[meta.kind] as TemplateDefinition<unknown>
  const labels = new Map<string, string>()
  for (const part of definition.layout(meta.params, { w: frame.props.w, h: frame.props.h }, language).parts) {
    if (part.kind === 'label') labels.set(part.id, part.text)
  }
  return labels
}
