/**
 * tldraw draws every label and note text as HTML inside `<foreignObject>`, which no SVG-to-PDF converter
 * reads. Here the browser lays the exported SVG out, and each foreignObject is replaced by SVG `<text>`
 * lines at the places the browser measured, in the same font, so the PDF gets real, selectable text.
 */
import type { SvgExportContext } from 'tldraw'
import { EXPORT_MARKER, type TextPass } from './textPass.ts'

/**
 * The PDF's names for tldraw's four font families. They differ from the page's CSS names on purpose:
 * svg2pdf.js measures every text once more in the page, by a slow SVG layout for a font the page has
 * whose canvas width differs (tldraw's hand-drawn font does), by a fast canvas for one it lacks. Those
 * widths serve only text-anchor and bounding boxes, which these texts do not use; the letters are
 * placed where the browser put them.
 */
const PDF_NAME_OF = { tldraw_draw: 'pdf_draw', tldraw_sans: 'pdf_sans', tldraw_serif: 'pdf_serif', tldraw_mono: 'pdf_mono' } as const
export type PdfFamily = (typeof PDF_NAME_OF)[keyof typeof PDF_NAME_OF]
export const PDF_FAMILIES = Object.values(PDF_NAME_OF)

/** The PDF family for a CSS font-family value ("'tldraw_draw', sans-serif" → pdf_draw). */
export function pdfFamilyOf(cssFamily: string): PdfFamily {
  for (const [css, pdf] of Object.entries(PDF_NAME_OF)) if (cssFamily.includes(css) || cssFamily === pdf) return pdf
  return PDF_NAME_OF.tldraw_sans
}

const SVG_NS = 'http://www.w3.org/2000/svg'

interface Glyph {
  char: string
  /** Centre of the character's box, in the foreignObject's user space. */
  cx: number
  cy: number
}

interface Line {
  glyphs: Glyph[]
  node: Text
}

/** One line of text as it will be drawn. */
export interface MeasuredLine {
  text: string
  x: number
  y: number
  fontSize: number
  family: PdfFamily
  colour: string
}

let canvas: CanvasRenderingContext2D | null = null
function measureContext(): CanvasRenderingContext2D {
  canvas ??= document.createElement('canvas').getContext('2d')!
  return canvas
}

function isSpace(char: string): boolean {
  return /\s/.test(char)
}

/** Measures the text of one foreignObject, which must be laid out in the page. */
export function measureForeignObject(fo: SVGForeignObjectElement): MeasuredLine[] {
  const ctm = fo.getScreenCTM()
  if (!ctm) return []
  const inverse = ctm.inverse()
  // Screen pixels per user unit (the same in every direction: tldraw only rotates and scales evenly).
  const screenScale = Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c)) || 1
  const toLocal = (x: number, y: number) => new DOMPoint(x, y).matrixTransform(inverse)
  const lines: MeasuredLine[] = []
  const walker = document.createTreeWalker(fo, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const content = node.data
    if (!content.trim()) continue
    const element = node.parentElement
    if (!element) continue
    const style = getComputedStyle(element)
    if (style.visibility === 'hidden' || style.display === 'none') continue

    // Characters grouped into lines by where the browser put them.
    const found: Line[] = []
    let current: Line | null = null
    let lineHeight = 0
    for (let i = 0; i < content.length; ) {
      const char = String.fromCodePoint(content.codePointAt(i)!)
      range.setStart(node, i)
      range.setEnd(node, i + char.length)
      i += char.length
      const rect = range.getClientRects()[0]
      if (!rect || (rect.width === 0 && rect.height === 0)) continue
      const centre = toLocal(rect.x + rect.width / 2, rect.y + rect.height / 2)
      const height = rect.height / screenScale
      lineHeight = Math.max(lineHeight, height)
      if (!current || Math.abs(centre.y - current.glyphs[0].cy) > height / 2) {
        if (isSpace(char)) continue
        current = { glyphs: [], node }
        found.push(current)
      }
      current.glyphs.push({ char, cx: centre.x, cy: centre.y })
    }
    if (found.length === 0) continue

    // The font as the browser used it: size from the measured line box, baseline from the font's ascent.
    const ctx = measureContext()
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    const probe = ctx.measureText('Hg')
    const cssSize = parseFloat(style.fontSize) || 16
    const boxAtCss = probe.fontBoundingBoxAscent + probe.fontBoundingBoxDescent || cssSize
    const k = lineHeight > 0 ? lineHeight / boxAtCss : 1
    const fontSize = cssSize * k
    const ascent = probe.fontBoundingBoxAscent * k
    const box = boxAtCss * k
    for (const line of found) {
      let text = ''
      for (const g of line.glyphs) text += isSpace(g.char) ? (text.endsWith(' ') ? '' : ' ') : g.char
      text = text.trimEnd()
      if (!text) continue
      const first = line.glyphs[0]
      const firstWidth = ctx.measureText(first.char).width * k
      const cy = line.glyphs.reduce((sum, g) => sum + g.cy, 0) / line.glyphs.length
      lines.push({
        text,
        x: first.cx - firstWidth / 2,
        y: cy - box / 2 + ascent,
        fontSize,
        family: pdfFamilyOf(style.fontFamily),
        colour: style.color,
      })
    }
  }
  return lines
}

/** The `<text>` lines that stand in for one foreignObject, in its place and with its transform. */
function textGroup(fo: SVGForeignObjectElement, lines: MeasuredLine[]): SVGGElement {
  const group = document.createElementNS(SVG_NS, 'g')
  const transform = fo.getAttribute('transform')
  if (transform) group.setAttribute('transform', transform)
  for (const line of lines) {
    const text = document.createElementNS(SVG_NS, 'text')
    text.setAttribute('x', line.x.toFixed(2))
    text.setAttribute('y', line.y.toFixed(2))
    text.setAttribute('font-family', line.family)
    text.setAttribute('font-size', line.fontSize.toFixed(2))
    text.setAttribute('fill', line.colour)
    text.setAttribute('xml:space', 'preserve')
    text.textContent = line.text
    group.append(text)
  }
  return group
}

/**
 * Replaces every foreignObject under `root`, which must be laid out in the page, by `<text>` lines.
 * Everything is measured before anything changes, so the browser lays the drawing out once.
 */
function replaceForeignObjects(root: Element): void {
  const objects = [...root.querySelectorAll('foreignObject')]
  const measured = objects.map((fo) => measureForeignObject(fo))
  objects.forEach((fo, i) => fo.replaceWith(textGroup(fo, measured[i])))
}

/** SVG text the shapes drew themselves (a note's byline) is written in the PDF's fonts too. */
function usePdfFamilies(root: Element): void {
  for (const text of root.querySelectorAll('text[font-family]')) text.setAttribute('font-family', pdfFamilyOf(text.getAttribute('font-family')!))
}

/**
 * Lays `svg` out in the page (invisibly), replaces every foreignObject by `<text>` lines and returns
 * the SVG, detached again. Characters that need a font the PDF lacks are still written; the PDF reader
 * shows them as it can.
 */
export async function textifySvg(svg: SVGSVGElement): Promise<SVGSVGElement> {
  // Embedded web fonts and CSS are for browsers; the PDF has its own fonts.
  const stripStyles = () => {
    svg.querySelectorAll('style').forEach((style) => style.remove())
    usePdfFamilies(svg)
  }
  // Usually the text pass already did this while tldraw had the drawing laid out.
  if (!svg.querySelector('foreignObject')) {
    stripStyles()
    return svg
  }
  const host = document.createElement('div')
  host.setAttribute('aria-hidden', 'true')
  host.style.cssText = 'position:fixed;left:0;top:0;visibility:hidden;pointer-events:none;z-index:-1;contain:layout'
  host.append(svg)
  document.body.append(host)
  try {
    await document.fonts.ready
    replaceForeignObjects(svg)
    stripStyles()
  } finally {
    host.remove()
  }
  return svg
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * The text pass a PDF export hands to tldraw's SVG export (`setExportTextPass`). tldraw renders the
 * exported SVG inside the editor, lays it out with the page's own CSS, waits for the promises shapes
 * give `ctx.waitUntil`, and only then inlines the computed styles of every element inside a
 * foreignObject, which for hundreds of notes takes seconds. This pass replaces the foreignObjects by
 * `<text>` lines while they are laid out there, measured exactly as on screen, before that step, so
 * there is nothing left for it to do.
 */
export function createTextPass(): TextPass {
  const tokens = new WeakMap<SvgExportContext, string>()
  let count = 0
  return (ctx) => {
    let token = tokens.get(ctx)
    if (!token) {
      token = `pdf-${++count}-${Math.random().toString(36).slice(2)}`
      tokens.set(ctx, token)
      ctx.waitUntil(replaceRenderedText(token))
    }
    return token
  }
}

async function replaceRenderedText(token: string): Promise<void> {
  // The shapes are rendered in the same task as their SVG is collected; give it a few turns.
  let marker: Element | null = null
  for (let attempt = 0; attempt < 50 && !marker; attempt++) {
    await nextTask()
    marker = document.querySelector(`[${EXPORT_MARKER}="${token}"]`)
  }
  let svg = marker instanceof SVGElement ? marker.ownerSVGElement : null
  while (svg?.ownerSVGElement) svg = svg.ownerSVGElement
  if (!svg) return
  await document.fonts.ready
  replaceForeignObjects(svg)
}
