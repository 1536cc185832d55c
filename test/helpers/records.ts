/** Plain tldraw-shaped records for tests that run without tldraw. */
import { plainToRichText } from '../../shared/board/richText.ts'
import { TEMPLATE_META_KEY } from '../../shared/templates/instance.ts'
import type { TemplateKind } from '../../shared/templates/types.ts'

export function frameRecord(id: string, kind: TemplateKind, params: unknown, at: { x: number; y: number; w: number; h: number; rotation?: number; name?: string }) {
  return {
    id,
    typeName: 'shape' as const,
    type: 'frame',
    x: at.x,
    y: at.y,
    rotation: at.rotation ?? 0,
    parentId: 'page:page',
    index: 'a1',
    props: { w: at.w, h: at.h, name: at.name ?? kind },
    meta: { [TEMPLATE_META_KEY]: { kind, version: 1, params } },
  }
}

export function noteRecord(id: string, text: string, at: { x: number; y: number; parentId?: string; rotation?: number }, author = { author: 'Anne', organisation: 'Gemeente Utrecht', authorId: 'a1' }) {
  return {
    id,
    typeName: 'shape' as const,
    type: 'note',
    x: at.x,
    y: at.y,
    rotation: at.rotation ?? 0,
    parentId: at.parentId ?? 'page:page',
    index: 'a2',
    props: { richText: plainToRichText(text), scale: 1, color: 'blue' },
    meta: author,
  }
}
