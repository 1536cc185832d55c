/**
 * tldraw's text shape, except that a template's label (a locked text part of its drawing) shows its words
 * in this reader's language, on screen and in exported images. The board keeps the words of whoever
 * placed the template: writing a translation into it would switch the labels for everybody in the room.
 */
import {
  TextShapeUtil,
  createComputedCache,
  getDisplayValues,
  renderHtmlFromRichTextForMeasurement,
  toRichText,
  type Editor,
  type SvgExportContext,
  type TLRichText,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from 'tldraw'
import type { ReactElement } from 'react'
import type { Language } from '../../shared/i18n/index.ts'
import { partRefOf, templateLabels } from '../../shared/templates/labels.ts'
import { readerLanguage } from './readerLanguage.ts'

/** A frame record's labels per language, as rich text; a changed frame is a new record, so never stale. */
const labelsByFrame = new WeakMap<TLShape, Map<Language, Map<string, TLRichText> | null>>()

function labelsOf(frame: TLShape, language: Language): Map<string, TLRichText> | null {
  let perLanguage = labelsByFrame.get(frame)
  if (!perLanguage) labelsByFrame.set(frame, (perLanguage = new Map()))
  if (!perLanguage.has(language)) {
    const texts = templateLabels(frame as TLShape & { props: { w: number; h: number } }, language)
    perLanguage.set(language, texts && new Map([...texts].map(([partId, text]) => [partId, toRichText(text)])))
  }
  return perLanguage.get(language)!
}

/** The last shown version of each label record: the same object while nothing changed, so React and the measurement caches keep theirs. */
const shownByLabel = new WeakMap<TLTextShape, { frame: TLShape; language: Language; shown: TLTextShape }>()

/** The shape as this reader sees it: for a template label, its words in the reader's language. */
function shownLabel(editor: Editor, shape: TLTextShape): TLTextShape {
  const part = partRefOf(shape.meta)
  if (!part) return shape
  const frame = editor.getShape(part.frameId as TLShapeId)
  if (!frame) return shape
  const language = readerLanguage(editor)
  const cached = shownByLabel.get(shape)
  if (cached && cached.frame === frame && cached.language === language) return cached.shown
  const richText = labelsOf(frame, language)?.get(part.partId)
  const shown = richText ? { ...shape, props: { ...shape.props, richText } } : shape
  shownByLabel.set(shape, { frame, language, shown })
  return shown
}

/** Matches tldraw's own measure of a text shape, for the shown words: a longer translation may take another line. */
const MIN_WIDTH = 16

const shownSize = createComputedCache('template label size', (editor: Editor, shape: TLTextShape) => {
  const shown = shownLabel(editor, shape)
  if (shown === shape) return undefined
  const util = editor.getShapeUtil(shape) as TemplateLabelShapeUtil
  const dv = getDisplayValues(util, shown)
  const fixedWidth = shown.props.autoSize ? null : Math.max(MIN_WIDTH, Math.floor(shown.props.w))
  const measured = editor.textMeasure.measureHtml(renderHtmlFromRichTextForMeasurement(editor, shown.props.richText), {
    lineHeight: dv.lineHeight,
    fontWeight: dv.fontWeight,
    fontStyle: dv.fontStyle,
    padding: '0px',
    fontFamily: dv.fontFamily,
    fontSize: dv.fontSize,
    maxWidth: fixedWidth,
  })
  return { width: fixedWidth ?? Math.max(MIN_WIDTH, measured.w + 1), height: Math.max(dv.fontSize, measured.h) }
})

export class TemplateLabelShapeUtil extends TextShapeUtil {
  override getMinDimensions(shape: TLTextShape) {
    return shownSize.get(this.editor, shape.id) ?? super.getMinDimensions(shape)
  }

  override getText(shape: TLTextShape) {
    return super.getText(shownLabel(this.editor, shape))
  }

  override component(shape: TLTextShape): ReactElement {
    return super.component(shownLabel(this.editor, shape))
  }

  override toSvg(shape: TLTextShape, ctx: SvgExportContext) {
    return super.toSvg(shownLabel(this.editor, shape), ctx)
  }
}
