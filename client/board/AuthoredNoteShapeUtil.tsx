/**
 * tldraw's note, with a footer line naming its author and organisation ("Anne · Gemeente Utrecht"), on
 * screen and in exported images. Equality matters in a coalition: every note says whose it is.
 */
import { NoteShapeUtil, type SvgExportContext, type TLNoteShape } from 'tldraw'
import type { ReactElement } from 'react'
import { isPrivateRecord, type AuthorMeta } from '../../shared/protocol.ts'
import { translate } from '../../shared/i18n/index.ts'
import { useLanguage } from '../i18n/language.ts'
import { VoteDots } from '../facilitator/voting.tsx'
import { displayName, useDisplayNames } from '../facilitator/displayNames.ts'
import { EXPORT_MARKER, exportTextPass } from '../export/textPass.ts'

/** The author meta of a shape, if it has a complete one. */
export function authorOf(shape: { meta: unknown }): AuthorMeta | null {
  const meta = shape.meta as Partial<AuthorMeta> | undefined
  if (!meta || typeof meta.author !== 'string' || typeof meta.organisation !== 'string') return null
  return { authorId: String(meta.authorId ?? ''), author: meta.author, organisation: meta.organisation }
}

const FOOTER_FONT_SIZE = 14
const FOOTER_FONT_FAMILY = "'tldraw_sans', sans-serif"
/** Room the byline keeps from the note's sides, as the screen's padding does. */
const FOOTER_SIDE = 8

/**
 * The longest start of `text` that fits `maxWidth`, with an ellipsis when it is cut, as the screen shows
 * a long byline: an exported image has no overflow to hide it, so a long name would run off the note
 * and, on the last note, off the image.
 */
export function fitWithEllipsis(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text
  const chars = [...text]
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (measure(chars.slice(0, mid).join('').trimEnd() + '…') <= maxWidth) low = mid
    else high = mid - 1
  }
  return chars.slice(0, low).join('').trimEnd() + '…'
}

function Byline({ shape }: { shape: TLNoteShape }) {
  const language = useLanguage((s) => s.language)
  const names = useDisplayNames((s) => s.names)
  const author = authorOf(shape)
  const scale = shape.props.scale
  if (!author) return null
  const text = translate(language, 'note.byline', { author: names[author.authorId] || author.author, organisation: author.organisation })
  return (
    <div
      className="waterlijn-note-byline"
      title={text}
      style={{ fontSize: FOOTER_FONT_SIZE * scale, padding: `${3 * scale}px ${8 * scale}px ${5 * scale}px` }}
    >
      {text}
    </div>
  )
}

/** On a note written in a private round and not yet revealed: only its author has it. */
function PrivateBadge({ shape }: { shape: TLNoteShape }) {
  const language = useLanguage((s) => s.language)
  if (!isPrivateRecord(shape)) return null
  const scale = shape.props.scale
  return (
    <div className="waterlijn-note-private" style={{ fontSize: 13 * scale, padding: `${3 * scale}px ${8 * scale}px` }}>
      {translate(language, 'private.badge')}
    </div>
  )
}

export class AuthoredNoteShapeUtil extends NoteShapeUtil {
  override component(shape: TLNoteShape): ReactElement {
    return (
      <>
        {super.component(shape)}
        <Byline shape={shape} />
        <PrivateBadge shape={shape} />
        <VoteDots shape={shape} />
      </>
    )
  }

  override toSvg(shape: TLNoteShape, ctx: SvgExportContext): ReactElement {
    const drawn = this.svgWithByline(shape, ctx)
    // While a PDF is made: marked, so the PDF's text pass finds the drawing (client/export/textPass.ts).
    const token = exportTextPass(ctx)
    return token ? <g {...{ [EXPORT_MARKER]: token }}>{drawn}</g> : drawn
  }

  private svgWithByline(shape: TLNoteShape, ctx: SvgExportContext): ReactElement {
    const base = super.toSvg(shape, ctx)
    const author = authorOf(shape)
    if (!author) return base
    const bounds = this.editor.getShapeGeometry(shape).bounds
    const full = translate(useLanguage.getState().language, 'note.byline', { author: displayName(author.authorId, author.author), organisation: author.organisation })
    const font = { fontFamily: FOOTER_FONT_FAMILY, fontSize: FOOTER_FONT_SIZE, fontWeight: 'normal', fontStyle: 'normal', lineHeight: 1.25, maxWidth: null, padding: '0px' }
    const width = bounds.w / shape.props.scale - 2 * FOOTER_SIDE
    const text = fitWithEllipsis(full, width, (candidate) => this.editor.textMeasure.measureText(candidate, font).w)
    return (
      <>
        {base}
        <text
          x={FOOTER_SIDE}
          y={bounds.h / shape.props.scale - 7}
          fontFamily={FOOTER_FONT_FAMILY}
          fontSize={FOOTER_FONT_SIZE}
          fill="#1d1d1d"
          fillOpacity={0.75}
        >
          {text}
        </text>
      </>
    )
  }
}
