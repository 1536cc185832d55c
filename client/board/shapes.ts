/** The shape utils of a board: tldraw's defaults, with the note replaced by one that shows its author. */
import { defaultShapeUtils } from 'tldraw'
import { AuthoredNoteShapeUtil } from './AuthoredNoteShapeUtil.tsx'

export const boardShapeUtils = [...defaultShapeUtils.filter((u) => u.type !== 'note'), AuthoredNoteShapeUtil]
