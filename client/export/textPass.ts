/**
 * While a PDF is being made, the shapes' SVG export calls the PDF's text pass (`createTextPass` in
 * svgText.ts, loaded with the PDF code) and marks its drawing with the token it returns. Outside a PDF
 * export, and for PNG files, nothing changes.
 */
import type { SvgExportContext } from 'tldraw'

/** The attribute that marks a shape's exported SVG with the text pass's token. */
export const EXPORT_MARKER = 'data-waterlijn-export'

export type TextPass = (ctx: SvgExportContext) => string

let current: TextPass | null = null

export function setExportTextPass(pass: TextPass | null): void {
  current = pass
}

/** The token to mark this export's SVG with, or null when no PDF is being made. */
export function exportTextPass(ctx: SvgExportContext): string | null {
  return current ? current(ctx) : null
}
