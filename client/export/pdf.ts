/**
 * The minutes as a PDF: a title page (board, date, who took part, how many notes), one landscape page
 * per template frame (and one for what lies outside the templates) drawn as vectors with real text, and
 * every note as text, grouped as the minutes group them. Loaded only when a facilitator makes a PDF.
 */
import { jsPDF } from 'jspdf'
import { svg2pdf } from 'svg2pdf.js'
import type { Editor, TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { buildMinutes, type MinutesSection } from '../../shared/board/minutes.ts'
import { collectNotes, type NoteReport } from '../../shared/board/notes.ts'
import { translate, type Language, type MessageKey } from '../../shared/i18n/index.ts'
import { BoardMapKeys, DocKeys, ORGANISATION_COLOUR_HEX, type OrganisationEntry, type PersonEntry } from '../../shared/protocol.ts'
import { countVoters, isVotingRound, ranking, tally } from '../../shared/voting.ts'
import { useDisplayNames } from '../facilitator/displayNames.ts'
import { framesForMinutes } from '../files/files.ts'
import { templateFrames } from '../templates/render.ts'
import { shownFrameName } from '../../shared/templates/names.ts'
import type { TemplateKind } from '../../shared/templates/types.ts'
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

interface Participants {
  organisations: { name: string; colour: string | null; people: string[] }[]
}

/** The organisations in order of arrival, with everyone who joined (as renamed) and every note's author. */
function participants(doc: Y.Doc, notes: NoteReport[]): Participants {
  const entries = [...doc.getMap<OrganisationEntry>(DocKeys.organisations).values()].sort((a, b) => a.index - b.index)
  const key = (name: string) => name.trim().toLocaleLowerCase('nl')
  const byKey = new Map<string, { name: string; colour: string | null; people: Set<string> }>()
  for (const entry of entries) byKey.set(key(entry.name), { name: entry.name, colour: ORGANISATION_COLOUR_HEX[entry.colour] ?? null, people: new Set() })
  const add = (person: string, organisation: string) => {
    const found = byKey.get(key(organisation)) ?? { name: organisation, colour: null, people: new Set<string>() }
    byKey.set(key(organisation), found)
    found.people.add(person)
  }
  const names = useDisplayNames.getState().names
  for (const [authorId, person] of doc.getMap<Partial<PersonEntry>>(DocKeys.people).entries()) {
    if (typeof person?.name === 'string' && typeof person.organisation === 'string') add(names[authorId] || person.name, person.organisation)
  }
  for (const note of notes) if (note.author) add(note.author, note.organisation ?? '')
  return {
    organisations: [...byKey.values()].map((o) => ({ name: o.name, colour: o.colour, people: [...o.people].sort((a, b) => a.localeCompare(b, 'nl')) })),
  }
}

/** The day of the workshop: the day the first note was made, else today. */
function workshopDate(notes: NoteReport[], language: Language): string {
  const first = notes.map((n) => n.createdAt).filter((d): d is string => !!d).sort()[0]
  const date = first ? new Date(first) : new Date()
  return date.toLocaleDateString(language === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
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
}

function titlePage(pdf: jsPDF, paper: Paper, options: PdfOptions, notes: NoteReport[], doc: Y.Doc, contents: string[]) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(options.language, key, vars)
  const flow = new Flow(pdf, paper)
  flow.y = MARGIN + 40
  flow.write(options.title || 'Waterlijn', { size: 28 })
  flow.write(t('export.pdf.subtitle'), { size: 15, colour: MUTED, gapBefore: 4 })
  flow.write(t('export.pdf.date', { date: workshopDate(notes, options.language) }), { size: 12, gapBefore: 18 })
  flow.write(t('export.pdf.noteCount', { count: notes.length }), { size: 12, gapBefore: 2 })

  const { organisations } = participants(doc, notes)
  if (organisations.length) {
    flow.write(t('export.pdf.participants'), { size: 16, gapBefore: 24, keepWith: 30 })
    for (const org of organisations) {
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

/** "Anne · Gemeente Utrecht", and "· 3 stemmen" when the note got votes. */
function bylineOf(note: NoteReport, language: Language, votes: VoteResult | null): string {
  const by = note.author
    ? translate(language, 'note.byline', { author: note.author, organisation: note.organisation ?? '' }).replace(/ · $/, '')
    : translate(language, 'export.pdf.unknownAuthor')
  const count = votes?.counts.get(note.id) ?? 0
  return count > 0 ? `${by} · ${translate(language, 'export.pdf.votes', { count })}` : by
}

function minutesPages(pdf: jsPDF, paper: Paper, sections: MinutesSection[], language: Language, votes: VoteResult | null) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars)
  const flow = new Flow(pdf, paper)
  flow.newPage()
  flow.write(t('export.pdf.minutes'), { size: 22 })
  for (const section of sections) {
    flow.write(section.template?.name ?? t('minutes.loose'), { size: 17, gapBefore: 18, keepWith: 40 })
    for (const group of section.groups) {
      if (section.template) flow.write(group.heading, { size: 13, colour: '#1f5f8b', gapBefore: 10, keepWith: 30 })
      if (group.notes.length === 0) flow.write(t('minutes.empty'), { size: 11, indent: 8, colour: MUTED, gapBefore: 4 })
      for (const note of group.notes) {
        flow.write(`• ${note.text || '—'}`, { size: 11.5, indent: 8, gapBefore: 5, keepWith: 14 })
        flow.write(bylineOf(note, language, votes), { size: 9.5, indent: 18, colour: MUTED })
      }
    }
  }
}

/** The last voting round, as far as it may be seen: closed, or open with its counts shown. */
interface VoteResult {
  counts: Map<string, number>
  open: boolean
  perPerson: number
  voters: number
}

function voteResult(doc: Y.Doc): VoteResult | null {
  const round = doc.getMap(DocKeys.board).get(BoardMapKeys.voting)
  if (!isVotingRound(round) || (round.open && round.hideResults)) return null
  const entries = [...doc.getMap<unknown>(DocKeys.votes).entries()]
  return { counts: tally(round, entries), open: round.open, perPerson: round.votesPerPerson, voters: countVoters(round, entries) }
}

/** The outcome of the vote: the notes with votes, most first, each with who wrote it and where it is. */
function votingPages(pdf: jsPDF, paper: Paper, result: VoteResult, ranked: { note: NoteReport; votes: number }[], language: Language) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars)
  const flow = new Flow(pdf, paper)
  flow.newPage()
  flow.write(t('voting.results'), { size: 22 })
  flow.write(t('export.pdf.votingRules', { perPerson: result.perPerson, voters: result.voters }), { size: 11, colour: MUTED, gapBefore: 6 })
  if (result.open) flow.write(t('export.pdf.votingOpen'), { size: 11, colour: MUTED })
  if (ranked.length === 0) flow.write(t('voting.none'), { size: 12, gapBefore: 14 })
  for (const { note, votes } of ranked) {
    flow.write(`${translate(language, 'export.pdf.votes', { count: votes })} — ${note.text || '—'}`, { size: 12.5, gapBefore: 10, keepWith: 14 })
    const where = note.template ? [shownFrameName(note.template.name, note.template.kind as TemplateKind, language), note.zone?.label].filter(Boolean).join(' — ') : t('minutes.loose')
    flow.write(`${bylineOf(note, language, null)} · ${where}`, { size: 9.5, indent: 18, colour: MUTED })
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
  const allFrames = framesForMinutes(editor)
  const chosen = options.scope === 'selected' ? selectedFrameIds(editor) : null
  if (chosen && chosen.size === 0) throw new NothingSelectedError()
  const frames = chosen ? allFrames.filter((f) => chosen.has(f.id)) : allFrames
  const allNotes = collectNotes(editor.store.allRecords(), language, useDisplayNames.getState().names)
  const notes = chosen ? allNotes.filter((n) => n.template && chosen.has(n.template.id)) : allNotes
  const sections = buildMinutes(notes, frames, language)
  // The vote belongs to the minutes; for a selection, only when its notes got votes.
  const votes = options.minutes ? voteResult(doc) : null
  // Ties in the order of the minutes.
  const ranked = votes ? ranking(votes.counts, sections.flatMap((s) => s.groups.flatMap((g) => g.notes))) : []
  const votePage = !!votes && (ranked.length > 0 || !chosen)

  // What lies outside the templates gets a page of its own (whole board only).
  const templateIds = new Set(allFrames.map((f) => f.id))
  const loose = chosen ? [] : editor.getSortedChildIdsForParent(editor.getCurrentPageId()).filter((id) => !templateIds.has(id))
  const drawings: { heading: string; ids: TLShapeId[] }[] = frames.map((f) => ({ heading: shownFrameName(f.name, f.kind as TemplateKind, language), ids: [f.id as TLShapeId] }))
  if (loose.length) drawings.push({ heading: translate(language, 'minutes.loose'), ids: loose })

  const total = drawings.length + (votePage ? 1 : 0) + (options.minutes ? 1 : 0) + 2
  let done = 0
  const step = async () => {
    onProgress(++done, total)
    await nextFrame()
  }
  onProgress(done, total)

  const pdf = new jsPDF({ unit: 'pt', format: paper, orientation: 'portrait', compress: true, putOnlyUsedFonts: true })
  pdf.setProperties({ title: options.title, subject: translate(language, 'export.pdf.subtitle'), creator: 'Waterlijn' })
  await registerFonts(pdf)
  await nextFrame()
  const contents = [
    ...drawings.map((d) => d.heading),
    ...(votePage ? [translate(language, 'voting.results')] : []),
    ...(options.minutes ? [translate(language, 'export.pdf.minutes')] : []),
  ]
  titlePage(pdf, paper, options, notes, doc, contents)
  await step()
  const textPass = createTextPass()
  for (const drawing of drawings) {
    await drawingPage(pdf, editor, paper, drawing.heading, drawing.ids, textPass)
    await step()
  }
  if (votes && votePage) {
    votingPages(pdf, paper, votes, ranked, language)
    await step()
  }
  if (options.minutes) {
    minutesPages(pdf, paper, sections, language, votes)
    await step()
  }
  footers(pdf, options.title, language)
  const blob = pdf.output('blob')
  await step()
  return { blob, pages: pdf.getNumberOfPages() }
}
