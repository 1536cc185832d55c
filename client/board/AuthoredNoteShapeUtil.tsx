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
    const text = translate(useLanguage.getState().language, 'note.byline', { author: displayName(author.authorId, author.author), organisation: author.organisation })
    return (
      <>
        {base}
        <text
          x={8}
          y={bounds.h / shape.props.scale - 7}
          fontFamily="'tldraw_sans', sans-serif"
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
