/**
 * The shape utils of a board: tldraw's defaults, with the note replaced by one that shows its author, and
 * the text and frame by ones that show a template's labels and heading in the reader's language.
 */
import { defaultShapeUtils } from 'tldraw'
import { AuthoredNoteShapeUtil } from './AuthoredNoteShapeUtil.tsx'
import { TemplateFrameShapeUtil } from '../templates/TemplateFrameShapeUtil.tsx'
import { TemplateLabelShapeUtil } from '../templates/TemplateLabelShapeUtil.tsx'

const replaced = new Set(['note', 'text', 'frame'])

export const boardShapeUtils = [
  ...defaultShapeUtils.filter((u) => !replaced.has(u.type)),
  AuthoredNoteShapeUtil,
  TemplateLabelShapeUtil,
  TemplateFrameShapeUtil,
]
