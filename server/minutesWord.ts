/**
 * The minutes as a Word document (.docx), to edit and send: written from the one minutes model, as the
 * PDF and the Markdown are. Real Heading 1–3 styles (Word's navigation pane and a table of contents
 * find them), tables with header rows for the commitment and the follow-up agreements, bullet lists for
 * the notes, and the document's language set, so spelling checks in Word and LibreOffice check Dutch
 * as Dutch.
 */
import { BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { translate, type MessageKey } from '../shared/i18n/index.ts'
import { noteByline, type MinutesAgreement, type MinutesDocument } from '../shared/board/minutesDocument.ts'

const MUTED = '5B6478'
const ZONE = '1F5F8B'
const HEADER_FILL = 'E8EDF3'
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'A9B3C1' }

/** Word keeps line breaks in a run as breaks, not as one long line. */
function runs(text: string, options: { italics?: boolean; bold?: boolean; color?: string; size?: number } = {}): TextRun[] {
  const lines = text.split(/\r?\n/)
  return lines.map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }))
}

const para = (text: string, options: { italics?: boolean; bold?: boolean; color?: string; spacingAfter?: number } = {}) =>
  new Paragraph({ children: runs(text, options), spacing: { after: options.spacingAfter ?? 120 } })

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ heading: level, children: runs(text) })

/** A table over the whole text width; the first row repeats on every page. */
function table(header: string[], rows: string[][], widths: number[]): Table {
  const cell = (text: string, width: number, isHeader: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      shading: isHeader ? { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } : undefined,
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
      children: [new Paragraph({ children: runs(text || ' ', { bold: isHeader }) })],
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, widths[i], true)) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, widths[i], false)) })),
    ],
  })
}

export async function minutesDocx(doc: MinutesDocument): Promise<Buffer> {
  const { language } = doc
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars)
  const body: (Paragraph | Table)[] = []
  const title = doc.title || 'Waterlijn'

  body.push(new Paragraph({ heading: HeadingLevel.TITLE, children: runs(title) }))
  body.push(para(t('export.pdf.subtitle'), { color: MUTED }))
  body.push(para(t('export.pdf.date', { date: doc.date }), { spacingAfter: 0 }))
  body.push(para(t('export.pdf.noteCount', { count: doc.noteCount })))

  if (doc.participants.length) {
    body.push(heading(t('minutes.participants'), HeadingLevel.HEADING_1))
    for (const o of doc.participants) {
      body.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [new TextRun({ text: o.name, bold: true }), ...(o.people.length ? [new TextRun({ text: `: ${o.people.join(', ')}` })] : [])],
        }),
      )
    }
  }

  if (doc.hasProgramme) {
    body.push(heading(t('minutes.programme'), HeadingLevel.HEADING_1))
    for (const part of doc.parts.filter((p) => p.programmed)) {
      body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: part.heading }), ...(part.timing ? [new TextRun({ text: ` — ${part.timing}`, color: MUTED })] : [])] }))
    }
  }

  if (doc.groups.length) {
    body.push(heading(t('minutes.groups'), HeadingLevel.HEADING_1))
    for (const g of doc.groups) {
      body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: g.name, bold: true }), new TextRun({ text: `: ${g.members.length ? g.members.join(', ') : t('minutes.noMembers')}` })] }))
    }
  }

  // Without a programme the notes come under one heading; with one, each part is a chapter.
  if (!doc.hasProgramme && doc.parts.length) body.push(heading(t('export.pdf.minutes'), HeadingLevel.HEADING_1))
  for (const part of doc.parts) {
    if (doc.hasProgramme) {
      body.push(heading(part.heading, HeadingLevel.HEADING_1))
      if (part.timing) body.push(para(part.timing, { italics: true, color: MUTED }))
    }
    for (const section of part.sections) {
      body.push(heading(section.template?.name ?? t('minutes.loose'), HeadingLevel.HEADING_2))
      if (section.group) {
        body.push(para(t('minutes.group', { name: section.group.name }), { bold: true, spacingAfter: 0 }))
        body.push(para(section.group.members.length ? t('minutes.groupMembers', { members: section.group.members.join(', ') }) : t('minutes.noMembers')))
      }
      for (const group of section.groups) {
        if (section.template) body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: group.heading, color: ZONE })] }))
        if (group.notes.length === 0) body.push(para(t('minutes.empty'), { italics: true, color: MUTED }))
        for (const note of group.notes) {
          body.push(
            new Paragraph({
              bullet: { level: 0 },
              children: [
                ...runs(note.text || '—'),
                new TextRun({ text: noteByline(note, language, doc.voteCounts[note.id] ?? 0), break: 1, color: MUTED, size: 18 }),
              ],
            }),
          )
        }
      }
    }
  }

  if (doc.votes) {
    body.push(heading(t('voting.results'), HeadingLevel.HEADING_1))
    body.push(para(t('export.pdf.votingRules', { perPerson: doc.votes.perPerson, voters: doc.votes.voters }), { color: MUTED }))
    if (doc.votes.open) body.push(para(t('export.pdf.votingOpen'), { color: MUTED }))
    if (doc.votes.ranked.length === 0) body.push(para(t('voting.none')))
    for (const { note, votes, where } of doc.votes.ranked) {
      body.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: `${t('export.pdf.votes', { count: votes })} — `, bold: true }),
            ...runs(note.text || '—'),
            new TextRun({ text: `${noteByline(note, language)} · ${where}`, break: 1, color: MUTED, size: 18 }),
          ],
        }),
      )
    }
  }

  if (doc.commitment) {
    body.push(heading(t('minutes.commitment'), HeadingLevel.HEADING_1))
    body.push(para(doc.commitment.question, { italics: true }))
    body.push(
      table(
        [t('minutes.commitmentOrganisation'), t('minutes.commitmentLevel'), t('minutes.commitmentRemark')],
        doc.commitment.rows.map((r) => [r.organisation, r.level ?? t('commitment.noAnswer'), [r.remark, r.by && `— ${r.by}`].filter(Boolean).join(' ')]),
        [30, 25, 45],
      ),
    )
  }

  const { agreements } = doc
  if (agreements.count > 0 || agreements.nextMeeting) {
    body.push(heading(t('minutes.agreements'), HeadingLevel.HEADING_1))
    if (agreements.count === 0) body.push(para(t('minutes.agreementsNone')))
    const agreementTable = (items: MinutesAgreement[]) =>
      table([t('minutes.agreementWhat'), t('minutes.agreementWhen'), t('minutes.agreementKind')], items.map((a) => [a.what, a.due, a.kind]), [55, 20, 25])
    for (const { owner, items } of agreements.owned) {
      body.push(heading(owner, HeadingLevel.HEADING_2))
      body.push(agreementTable(items))
    }
    if (agreements.unassigned.length) {
      body.push(heading(t('agreements.unassigned'), HeadingLevel.HEADING_2))
      body.push(para(t('minutes.unassignedNote'), { color: MUTED }))
      body.push(agreementTable(agreements.unassigned))
    }
    body.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: agreements.nextMeeting ? t('minutes.nextMeeting', { date: agreements.nextMeeting }) : t('minutes.nextMeetingNone'), bold: true })] }))
  }

  const document = new Document({
    title,
    subject: t('export.pdf.subtitle'),
    creator: 'Waterlijn',
    description: t('export.pdf.date', { date: doc.date }),
    styles: {
      default: {
        // The language every run is in, unless it says otherwise: Word and LibreOffice check spelling with it.
        document: { run: { language: { value: language === 'nl' ? 'nl-NL' : 'en-GB' }, font: 'Calibri', size: 22 } },
      },
    },
    sections: [{ children: body }],
  })
  return Packer.toBuffer(document)
}
