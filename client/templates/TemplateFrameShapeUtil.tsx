/**
 * tldraw's frame, except that a template frame's heading shows the name it was given when placed
 * ("IJsberg en waterlijn 2") in this reader's language; a name the facilitator typed stays as typed.
 * The board keeps the stored name, so a switch of language changes nobody else's screen.
 */
import { FrameShapeUtil, type Editor, type SvgExportContext, type TLFrameShape } from 'tldraw'
import type { ReactElement } from 'react'
import type { Language } from '../../shared/i18n/index.ts'
import { templates } from '../../shared/templates/index.ts'
import { templateMetaOf } from '../../shared/templates/instance.ts'
import { shownFrameName } from '../../shared/templates/names.ts'
import { readerLanguage } from './readerLanguage.ts'

/** The last shown version of each frame record: the same object while nothing changed, so tldraw's heading measurement stays cached. */
const shownByFrame = new WeakMap<TLFrameShape, { language: Language; shown: TLFrameShape }>()

function shownFrame(editor: Editor, shape: TLFrameShape): TLFrameShape {
  const meta = templateMetaOf(shape.meta)
  if (!meta || !(meta.kind in templates)) return shape
  const language = readerLanguage(editor)
  const cached = shownByFrame.get(shape)
  if (cached?.language === language) return cached.shown
  const name = shownFrameName(shape.props.name, meta.kind, language)
  const shown = name === shape.props.name ? shape : { ...shape, props: { ...shape.props, name } }
  shownByFrame.set(shape, { language, shown })
  return shown
}

export class TemplateFrameShapeUtil extends FrameShapeUtil {
  override onBeforeUpdate(prev: TLFrameShape, next: TLFrameShape) {
    // The heading's rename field starts from the shown name: leaving it unchanged would otherwise store
    // the translation, a change to the board that nobody made.
    const meta = templateMetaOf(next.meta)
    if (!meta || !(meta.kind in templates) || prev.props.name === next.props.name) return
    if (shownFrameName(prev.props.name, meta.kind, readerLanguage(this.editor)) !== next.props.name) return
    return { ...next, props: { ...next.props, name: prev.props.name } }
  }

  override getGeometry(shape: TLFrameShape) {
    // The heading's size (and so where it can be clicked) is that of the shown name.
    return super.getGeometry(shownFrame(this.editor, shape))
  }

  override getText(shape: TLFrameShape) {
    return super.getText(shownFrame(this.editor, shape))
  }

  override getAriaDescriptor(shape: TLFrameShape) {
    return super.getAriaDescriptor(shownFrame(this.editor, shape))
  }

  override component(shape: TLFrameShape): ReactElement {
    return super.component(shownFrame(this.editor, shape))
  }

  override toSvg(shape: TLFrameShape, ctx: SvgExportContext) {
    return super.toSvg(shownFrame(this.editor, shape), ctx)
  }
}
