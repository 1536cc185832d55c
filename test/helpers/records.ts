/** Plain tldraw 5 records for tests that run without tldraw: complete, so the server's schema check accepts them. */
import { plainToRichText } from '../../shared/board/richText.ts'
import { NOTE_PROPS as DEFAULT_NOTE_PROPS } from '../../shared/board/placeNote.ts'
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
    isLocked: false,
    opacity: 1,
    props: { w: at.w, h: at.h, name: at.name ?? kind, color: 'black' },
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
    isLocked: false,
    opacity: 1,
    props: { ...NOTE_PROPS, richText: plainToRichText(text) },
    meta: author,
  }
}

/** tldraw 5's default note props, in blue. */
export const NOTE_PROPS = { ...DEFAULT_NOTE_PROPS, color: 'blue' }
