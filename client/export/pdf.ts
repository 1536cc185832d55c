/**
 * The minutes as a PDF: a title page (board, date, who took part, what is in it), one landscape page
 * per template frame (in the programme's order when the board has one; and one for what lies outside the
 * templates) drawn as vectors with real text, the vote, every note as text part by part of the
 * programme, and a page with the commitment and the follow-up agreements. All the text comes from the
 * one minutes model, as in the Word document and the Markdown. Loaded only when a facilitator makes a PDF.
 */
import { jsPDF } from 'jspdf'
import { svg2pdf } from 'svg2pdf.js'
import type { Editor, TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { buildMinutesDocument, minutesSourceOf, noteByline, type MinutesAgreement, type MinutesDocument } from '../../shared/board/minutesDocument.ts'
import { translate, type Language, type MessageKey } from '../../shared/i18n/index.ts'
import { templateFrames } from '../templates/render.ts'
import { createTextPass, PDF_FAMILIES, textifySvg, type PdfFamily } from './svgText.ts'
import { setExportTextPass, type TextPass } from './textPass.ts'
import drawFontUrl from './fonts/ShantellSans-Informal-Regular.ttf?url'
import sansFontUrl from './fonts/IBMPlexSans-Medium.ttf?url'

export type Paper = 'a4' | 'a3'

export interface PdfOptions {
  title: string
  language: Language
  paper: Paper
  /** 'selected': only the template frames that are (or hold something) selected, and their notes. */
  scope: 'all' | 'selected'
  minutes: boolean
}

export interface PdfResult {
  blob: Blob
  pages: number
}

export class NothingSelectedError extends Error {}

const MARGIN = 40
const INK = '#1d2433'
const MUTED = '#5b6478'
const SANS: PdfFamily = 'pdf_sans'

async function fontBase64(url: string): Promise<string> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

let fonts: Promise<[string, string]> | null = null

/** The two fonts, fetched once per page load; a failed fetch is tried again next time. */
function loadFonts(): Promise<[string, string]> {
  fonts ??= Promise.all([fontBase64(drawFontUrl), fontBase64(sansFontUrl)]).catch((error: unknown) => {
    fonts = null
    throw error
  })
  return fonts
}

/**
 * Fetches what a PDF needs before it is asked for: this code is loaded by then, and the service worker
 * keeps both it and the fonts, so a facilitator whose wifi drops at the end still gets the minutes.
 */
export async function preparePdf(): Promise<void> {
  await loadFonts()
}

/** tldraw's hand-drawn font for 'draw', IBM Plex Sans for everything else (serif and mono too). */
async function registerFonts(pdf: jsPDF): Promise<void> {
  const [draw, sans] = await loadFonts()
  pdf.addFileToVFS('ShantellSans-Informal-Regular.ttf', draw)
  pdf.addFileToVFS('IBMPlexSans-Medium.ttf', sans)
  for (const family of PDF_FAMILIES) {
    const file = family === 'pdf_draw' ? 'ShantellSans-Informal-Regular.ttf' : 'IBMPlexSans-Medium.ttf'
    pdf.addFont(file, family, 'normal', 'normal', 'Identity-H')
    // Bold text on the board comes out in the regular weight rather than in another font.
    pdf.addFont(file, family, 'bold', 'bold', 'Identity-H')
  }
}

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** The template frame that is, or holds, each selected shape. */
function selectedFrameIds(editor: Editor): Set<string> {
  const frames = new Set(templateFrames(editor).map((f) => f.frame.id as string))
  const chosen = new Set<string>()
  for (const id of editor.getSelectedShapeIds()) {
    for (let shape = editor.getShape(id); shape; shape = editor.getShape(shape.parentId as TLShapeId)) {
      if (frames.has(shape.id)) {
        chosen.add(shape.id)
        break
      }
    }
  }
  return chosen
}

/** Writes lines of text from `y` down, starting a new portrait page when the page is full. */
class Flow {
  y = MARGIN
  constructor(
    private readonly pdf: jsPDF,
    private readonly paper: Paper,
  ) {}

  private get width() {
    return this.pdf.internal.pageSize.getWidth() - 2 * MARGIN
  }

  private get bottom() {
    return this.pdf.internal.pageSize.getHeight() - MARGIN - 18
  }

  newPage() {
    this.pdf.addPage(this.paper, 'portrait')
    this.y = MARGIN
  }

  /** Room for `height` points, or a new page. */
  need(height: number) {
    if (this.y + height > this.bottom) this.newPage()
  }

  write(text: string, opts: { size: number; colour?: string; indent?: number; gapBefore?: number; keepWith?: number }) {
    const { pdf } = this
    pdf.setFont(SANS, 'normal')
    pdf.setFontSize(opts.size)
    pdf.setTextColor(opts.colour ?? INK)
    const indent = opts.indent ?? 0
    const lines = pdf.splitTextToSize(text, this.width - indent) as string[]
    const lineHeight = opts.size * 1.3
    this.y += opts.gapBefore ?? 0
    this.need(lineHeight * Math.min(lines.length, 2) + (opts.keepWith ?? 0))
    for (const line of lines) {
      this.need(lineHeight)
      pdf.text(line, MARGIN + indent, this.y + opts.size)
      this.y += lineHeight
    }
  }

  /**
   * A table over the text width: `widths` are fractions of it. Cells wrap within their column; the
   * header row (shaded) comes again on top of each page the table runs onto.
   */
  table(header: string[], rows: string[][], widths: number[], opts: { gapBefore?: number } = {}) {
    const { pdf } = this
    const size = 10.5
    const lineHeight = size * 1.3
    const pad = 5
    const x = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w * this.width], [MARGIN])
    const layout = (cells: string[]) => cells.map((cell, i) => pdf.splitTextToSize(cell || ' ', widths[i] * this.width - 2 * pad) as string[])
    const heightOf = (lines: string[][]) => Math.max(...lines.map((l) => l.length)) * lineHeight + 2 * pad
    const drawRow = (lines: string[][], isHeader: boolean) => {
      const h = heightOf(lines)
      if (isHeader) {
        pdf.setFillColor('#e8edf3')
        pdf.rect(MARGIN, this.y, this.width, h, 'F')
      }
      pdf.setFont(SANS, 'normal')
      pdf.setFontSize(size)
      pdf.setTextColor(INK)
      lines.forEach((cell, i) => cell.forEach((line, j) => pdf.text(line, x[i] + pad, this.y + pad + size + j * lineHeight)))
      pdf.setDrawColor('#a9b3c1')
      pdf.setLineWidth(0.5)
      pdf.line(MARGIN, this.y + h, MARGIN + this.width, this.y + h)
      this.y += h
    }
    const head = layout(header)
    this.y += opts.gapBefore ?? 0
    const body = rows.map(layout)
    this.need(heightOf(head) + (body[0] ? heightOf(body[0]) : 0))
    drawRow(head, true)
    for (const row of body) {
      if (this.y + heightOf(row) > this.bottom) {
        this.newPage()
        drawRow(head, true)
      }
      drawRow(row, false)
    }
  }
}

/** Everything the text pages say, in the language of the minutes. */
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

function titlePage(pdf: jsPDF, paper: Paper, minutes: MinutesDocument, contents: string[], t: Translate) {
  const flow = new Flow(pdf, paper)
  flow.y = MARGIN + 40
  flow.write(minutes.title || 'Waterlijn', { size: 28 })
  flow.write(t('export.pdf.subtitle'), { size: 15, colour: MUTED, gapBefore: 4 })
  flow.write(t('export.pdf.date', { date: minutes.date }), { size: 12, gapBefore: 18 })
  flow.write(t('export.pdf.noteCount', { count: minutes.noteCount }), { size: 12, gapBefore: 2 })

  if (minutes.participants.length) {
    flow.write(t('export.pdf.participants'), { size: 16, gapBefore: 24, keepWith: 30 })
    for (const org of minutes.participants) {
      flow.need(36)
      if (org.colour) {
        pdf.setFillColor(org.colour)
        pdf.roundedRect(MARGIN, flow.y + 6, 10, 10, 2, 2, 'F')
      }
      flow.write(org.name, { size: 12, indent: 18, gapBefore: 6 })
      if (org.people.length) flow.write(org.people.join(', '), { size: 10.5, indent: 18, colour: MUTED })
    }
  }
  if (contents.length) {
    flow.write(t('export.pdf.contents'), { size: 16, gapBefore: 24, keepWith: 30 })
    for (const line of contents) flow.write(`• ${line}`, { size: 11.5, indent: 4, gapBefore: 2 })
  }
}

/** The outcome of the vote: the notes with votes, most first, each with who wrote it and where it is. */
function votingPages(pdf: jsPDF, paper: Paper, minutes: MinutesDocument, t: Translate) {
  const votes = minutes.votes!
  const flow = new Flow(pdf, paper)
  flow.newPage()
  flow.write(t('voting.results'), { size: 22 })
  flow.write(t('export.pdf.votingRules', { perPerson: votes.perPerson, voters: votes.voters }), { size: 11, colour: MUTED, gapBefore: 6 })
  if (votes.open) flow.write(t('export.pdf.votingOpen'), { size: 11, colour: MUTED })
  if (votes.ranked.length === 0) flow.write(t('voting.none'), { size: 12, gapBefore: 14 })
  for (const { note, votes: count, where } of votes.ranked) {
    flow.write(`${t('export.pdf.votes', { count })} — ${note.text || '—'}`, { size: 12.5, gapBefore: 10, keepWith: 14 })
    flow.write(`${noteByline(note, minutes.language)} · ${where}`, { size: 9.5, indent: 18, colour: MUTED })
  }
}

/** Every note as text: part by part of the programme (with its timing), template, group and zone. */
function minutesPages(pdf: jsPDF, paper: Paper, minutes: MinutesDocument, t: Translate) {
  const flow = new Flow(pdf, paper)
  flow.newPage()
  flow.write(t('export.pdf.minutes'), { size: 22 })
  for (const part of minutes.parts) {
    // Without a programme the one part holding everything needs no heading of its own.
    if (minutes.hasProgramme) {
      flow.write(part.heading, { size: 19, gapBefore: 22, keepWith: 50 })
      if (part.timing) flow.write(part.timing, { size: 10.5, colour: MUTED, gapBefore: 2 })
    }
    for (const section of part.sections) {
      flow.write(section.template?.name ?? t('minutes.loose'), { size: 16, gapBefore: 16, keepWith: 40 })
      if (section.group) {
        flow.write(t('minutes.group', { name: section.group.name }), { size: 11.5, gapBefore: 4 })
        flow.write(section.group.members.length ? t('minutes.groupMembers', { members: section.group.members.join(', ') }) : t('minutes.noMembers'), { size: 10, colour: MUTED })
      }
      for (const group of section.groups) {
        if (section.template) flow.write(group.heading, { size: 13, colour: '#1f5f8b', gapBefore: 10, keepWith: 30 })
        if (group.notes.length === 0) flow.write(t('minutes.empty'), { size: 11, indent: 8, colour: MUTED, gapBefore: 4 })
        for (const note of group.notes) {
          flow.write(`• ${note.text || '—'}`, { size: 11.5, indent: 8, gapBefore: 5, keepWith: 14 })
          flow.write(noteByline(note, minutes.language, minutes.voteCounts[note.id] ?? 0), { size: 9.5, indent: 18, colour: MUTED })
        }
      }
    }
  }
}

/** The conclusions exist when someone answered the commitment question or an agreement was made. */
function hasConclusions(minutes: MinutesDocument): boolean {
  return !!minutes.commitment || minutes.agreements.count > 0 || !!minutes.agreements.nextMeeting
}

/** Where each organisation stands, and the follow-up agreements by owner, the unassigned apart. */
function conclusionsPages(pdf: jsPDF, paper: Paper, minutes: MinutesDocument, t: Translate) {
  const flow = new Flow(pdf, paper)
  flow.newPage()
  if (minutes.commitment) {
    flow.write(t('minutes.commitment'), { size: 22 })
    flow.write(minutes.commitment.question, { size: 11.5, colour: MUTED, gapBefore: 4 })
    flow.table(
      [t('minutes.commitmentOrganisation'), t('minutes.commitmentLevel'), t('minutes.commitmentRemark')],
      minutes.commitment.rows.map((r) => [r.organisation, r.level ?? t('commitment.noAnswer'), [r.remark, r.by && `— ${r.by}`].filter(Boolean).join(' ')]),
      [0.3, 0.25, 0.45],
      { gapBefore: 10 },
    )
  }
  const { agreements } = minutes
  if (agreements.count === 0 && !agreements.nextMeeting) return
  flow.write(t('minutes.agreements'), { size: 22, gapBefore: minutes.commitment ? 30 : 0, keepWith: 60 })
  if (agreements.count === 0) flow.write(t('minutes.agreementsNone'), { size: 11.5, gapBefore: 6 })
  const agreementTable = (items: MinutesAgreement[]) =>
    flow.table([t('minutes.agreementWhat'), t('minutes.agreementWhen'), t('minutes.agreementKind')], items.map((a) => [a.what, a.due, a.kind]), [0.55, 0.2, 0.25], { gapBefore: 6 })
  for (const { owner, items } of agreements.owned) {
    flow.write(owner, { size: 14, colour: '#1f5f8b', gapBefore: 14, keepWith: 50 })
    agreementTable(items)
  }
  if (agreements.unassigned.length) {
    flow.write(t('agreements.unassigned'), { size: 14, colour: '#1f5f8b', gapBefore: 14, keepWith: 60 })
    flow.write(t('minutes.unassignedNote'), { size: 10, colour: MUTED })
    agreementTable(agreements.unassigned)
  }
  flow.write(agreements.nextMeeting ? t('minutes.nextMeeting', { date: agreements.nextMeeting }) : t('minutes.nextMeetingNone'), { size: 12.5, gapBefore: 18 })
}

/** One landscape page: a heading, and the shapes' SVG scaled to fill the rest of the page. */
async function drawingPage(pdf: jsPDF, editor: Editor, paper: Paper, heading: string, ids: TLShapeId[], textPass: TextPass) {
  pdf.addPage(paper, 'landscape')
  const pageW = pdf.internal.pageSize.getWidth()
  const pageH = pdf.internal.pageSize.getHeight()
  pdf.setFont(SANS, 'normal')
  pdf.setFontSize(16)
  pdf.setTextColor(INK)
  pdf.text(heading, MARGIN, MARGIN + 12)
  // Only this export gets the text pass: a PNG someone makes meanwhile stays as it is.
  setExportTextPass(textPass)
  const exported = await editor.getSvgElement(ids, { background: true, padding: 16 }).finally(() => setExportTextPass(null))
  if (!exported) return
  // A copy: tldraw still owns the exported element and takes it down itself.
  const svg = await textifySvg(exported.svg.cloneNode(true) as SVGSVGElement)
  const top = MARGIN + 28
  const areaW = pageW - 2 * MARGIN
  const areaH = pageH - top - MARGIN - 14
  // Frames fill the page; a few loose notes are not blown up beyond their size on the board.
  const scale = Math.min(areaW / exported.width, areaH / exported.height, 1)
  const w = exported.width * scale
  const h = exported.height * scale
  await drawSvg(svg, pdf, { x: MARGIN + (areaW - w) / 2, y: top + (areaH - h) / 2, width: w, height: h })
}

/** Shapes svg2pdf.js converts in one go; a template with 80 notes takes several hundred milliseconds at once. */
const SHAPES_PER_SLICE = 30

/**
 * svg2pdf.js converts a drawing in one piece, blocking the page meanwhile. tldraw's export puts every
 * shape at the top level of the SVG, in drawing order, so the drawing goes in slices of shapes, each
 * with the same viewport and definitions, back to front, with a pause in between for the board.
 */
async function drawSvg(svg: SVGSVGElement, pdf: jsPDF, box: { x: number; y: number; width: number; height: number }) {
  const defs = [...svg.children].filter((child) => child.localName === 'defs')
  const shapes = [...svg.children].filter((child) => child.localName !== 'defs')
  for (let i = 0; i < shapes.length; i += SHAPES_PER_SLICE) {
    const slice = svg.cloneNode(false) as SVGSVGElement
    for (const def of defs) slice.append(def.cloneNode(true))
    slice.append(...shapes.slice(i, i + SHAPES_PER_SLICE))
    await svg2pdf(slice, pdf, box)
    if (i + SHAPES_PER_SLICE < shapes.length) await nextFrame()
  }
}

function footers(pdf: jsPDF, title: string, language: Language) {
  const pages = pdf.getNumberOfPages()
  for (let page = 1; page <= pages; page++) {
    pdf.setPage(page)
    const w = pdf.internal.pageSize.getWidth()
    const h = pdf.internal.pageSize.getHeight()
    pdf.setFont(SANS, 'normal')
    pdf.setFontSize(8.5)
    pdf.setTextColor(MUTED)
    pdf.text(title, MARGIN, h - MARGIN / 2)
    pdf.text(translate(language, 'export.pdf.page', { page, pages }), w - MARGIN, h - MARGIN / 2, { align: 'right' })
  }
}

export async function buildPdf(editor: Editor, doc: Y.Doc, options: PdfOptions, onProgress: (done: number, total: number) => void): Promise<PdfResult> {
  const { language, paper } = options
  const t: Translate = (key, vars) => translate(language, key, vars)
  const chosen = options.scope === 'selected' ? selectedFrameIds(editor) : null
  if (chosen && chosen.size === 0) throw new NothingSelectedError()
  const minutes = buildMinutesDocument(minutesSourceOf(doc, editor.store.allRecords(), options.title), {
    language,
    now: Date.now(),
    frameIds: chosen ?? undefined,
  })
  // The vote and the conclusions belong to the minutes.
  const votePage = options.minutes && !!minutes.votes
  const conclusionsPage = options.minutes && hasConclusions(minutes)

  // A drawing per template frame, in the order of the minutes (the programme's, when there is one);
  // what lies outside the templates gets a page of its own (whole board only).
  const frameSections = minutes.parts.flatMap((part) => part.sections.filter((s) => s.template))
  const drawings: { heading: string; ids: TLShapeId[] }[] = frameSections.map((s) => ({ heading: s.template!.name, ids: [s.template!.id as TLShapeId] }))
  const templateIds = new Set(templateFrames(editor).map((f) => f.frame.id as string))
  const loose = chosen ? [] : editor.getSortedChildIdsForParent(editor.getCurrentPageId()).filter((id) => !templateIds.has(id))
  if (loose.length) drawings.push({ heading: t('minutes.loose'), ids: loose })

  const total = drawings.length + (votePage ? 1 : 0) + (options.minutes ? 1 : 0) + (conclusionsPage ? 1 : 0) + 2
  let done = 0
  const step = async () => {
    onProgress(++done, total)
    await nextFrame()
  }
  onProgress(done, total)

  const pdf = new jsPDF({ unit: 'pt', format: paper, orientation: 'portrait', compress: true, putOnlyUsedFonts: true })
  pdf.setProperties({ title: options.title, subject: t('export.pdf.subtitle'), creator: 'Waterlijn' })
  pdf.setLanguage(language === 'nl' ? 'nl' : 'en-GB')
  await registerFonts(pdf)
  await nextFrame()
  const contents = [
    ...drawings.map((d) => d.heading),
    ...(votePage ? [t('voting.results')] : []),
    ...(options.minutes ? [t('export.pdf.minutes')] : []),
    ...(conclusionsPage ? [[minutes.commitment && t('minutes.commitment'), minutes.agreements.count > 0 || minutes.agreements.nextMeeting ? t('minutes.agreements') : null].filter(Boolean).join(' · ')] : []),
  ]
  titlePage(pdf, paper, minutes, contents, t)
  await step()
  const textPass = createTextPass()
  for (const drawing of drawings) {
    await drawingPage(pdf, editor, paper, drawing.heading, drawing.ids, textPass)
    await step()
  }
  if (votePage) {
    votingPages(pdf, paper, minutes, t)
    await step()
  }
  if (options.minutes) {
    minutesPages(pdf, paper, minutes, t)
    await step()
  }
  if (conclusionsPage) {
    conclusionsPages(pdf, paper, minutes, t)
    await step()
  }
  footers(pdf, options.title, language)
  const blob = pdf.output('blob')
  await step()
  return { blob, pages: pdf.getNumberOfPages() }
}
