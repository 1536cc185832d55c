/**
 * The minutes as Markdown, to paste into an e-mail or a wiki and edit there: written from the one
 * minutes model, as the PDF and the Word document are. Everything people typed is escaped, so a note
 * can never make a heading, a list, a link or break a table.
 */
import { translate, type MessageKey } from '../i18n/index.ts'
import { noteByline, type MinutesAgreement, type MinutesDocument, type MinutesPart } from './minutesDocument.ts'

/** Characters with a meaning anywhere in a line: backslash, emphasis, code, links, HTML, tables, strike-through. */
const INLINE = /[\\`*_[\]<>|~]/g

/** One line of typed text as literal Markdown inline text. */
export function markdownText(text: string): string {
  const escaped = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(INLINE, (c) => `\\${c}`)
    // An entity ("&amp;") would be read as the character it names.
    .replace(/&(?=#?\w+;)/g, '\\&')
  // What only means something at the start of a line: a heading, a quote, a list item, a setext
  // underline or a thematic break ("+ ", "- ", "1. ", "1) ", "#", ">", "=", "---").
  return escaped.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
}

/** Typed text that may span lines: each line escaped on its own, joined by hard line breaks. */
function markdownLines(text: string, indent: string): string {
  const lines = text.split(/\r?\n/).map(markdownText).filter((line) => line !== '')
  return lines.length ? lines.join(`\\\n${indent}`) : '—'
}

function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map((c) => markdownText(c) || ' ').join(' | ')} |`
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)]
}

export function minutesMarkdown(doc: MinutesDocument): string {
  const { language } = doc
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars)
  const out: string[] = []
  const block = (...lines: string[]) => out.push(...lines, '')

  block(`# ${markdownText(doc.title || 'Waterlijn')}`)
  block(t('export.pdf.subtitle'))
  block(`${markdownText(t('export.pdf.date', { date: doc.date }))}  `, markdownText(t('export.pdf.noteCount', { count: doc.noteCount })))

  if (doc.participants.length) {
    block(`## ${t('minutes.participants')}`)
    block(...doc.participants.map((o) => `- **${markdownText(o.name)}**${o.people.length ? `: ${markdownText(o.people.join(', '))}` : ''}`))
  }

  if (doc.hasProgramme) {
    block(`## ${t('minutes.programme')}`)
    const programmed = doc.parts.filter((p) => p.programmed)
    block(...programmed.map((p, i) => `${i + 1}. ${markdownText(p.heading)}${p.timing ? ` — ${markdownText(p.timing)}` : ''}`))
  }

  if (doc.groups.length) {
    block(`## ${t('minutes.groups')}`)
    block(...doc.groups.map((g) => `- **${markdownText(g.name)}**: ${markdownText(g.members.length ? g.members.join(', ') : t('minutes.noMembers'))}`))
  }

  // Without a programme the notes come under one heading, as they always did.
  if (!doc.hasProgramme && doc.parts.length) block(`## ${t('export.pdf.minutes')}`)
  for (const part of doc.parts) writePart(part)

  if (doc.votes) {
    block(`## ${t('voting.results')}`)
    block(markdownText(t('export.pdf.votingRules', { perPerson: doc.votes.perPerson, voters: doc.votes.voters })))
    if (doc.votes.open) block(markdownText(t('export.pdf.votingOpen')))
    if (doc.votes.ranked.length === 0) block(markdownText(t('voting.none')))
    else {
      block(
        ...doc.votes.ranked.map(
          ({ note, votes, where }) =>
            `1. **${markdownText(t('export.pdf.votes', { count: votes }))}** — ${markdownLines(note.text, '   ')}\\\n   *${markdownText(`${noteByline(note, language)} · ${where}`)}*`,
        ),
      )
    }
  }

  if (doc.commitment) {
    block(`## ${t('minutes.commitment')}`)
    block(`*${markdownText(doc.commitment.question)}*`)
    block(
      ...table(
        [t('minutes.commitmentOrganisation'), t('minutes.commitmentLevel'), t('minutes.commitmentRemark')],
        doc.commitment.rows.map((r) => [r.organisation, r.level ?? t('commitment.noAnswer'), [r.remark, r.by && `— ${r.by}`].filter(Boolean).join(' ')]),
      ),
    )
  }

  const { agreements } = doc
  if (agreements.count > 0 || agreements.nextMeeting) {
    block(`## ${t('minutes.agreements')}`)
    if (agreements.count === 0) block(markdownText(t('minutes.agreementsNone')))
    const agreementTable = (items: MinutesAgreement[]) =>
      table([t('minutes.agreementWhat'), t('minutes.agreementWhen'), t('minutes.agreementKind')], items.map((a) => [a.what, a.due, a.kind]))
    for (const { owner, items } of agreements.owned) {
      block(`### ${markdownText(owner)}`)
      block(...agreementTable(items))
    }
    if (agreements.unassigned.length) {
      block(`### ${t('agreements.unassigned')}`)
      block(markdownText(t('minutes.unassignedNote')))
      block(...agreementTable(agreements.unassigned))
    }
    block(`**${markdownText(agreements.nextMeeting ? t('minutes.nextMeeting', { date: agreements.nextMeeting }) : t('minutes.nextMeetingNone'))}**`)
  }

  return `${out.join('\n').trimEnd()}\n`

  function writePart(part: MinutesPart) {
    // Without a programme the one trailing part needs no heading of its own.
    if (doc.hasProgramme) {
      block(`## ${markdownText(part.heading)}`)
      if (part.timing) block(`*${markdownText(part.timing)}*`)
    }
    for (const section of part.sections) {
      block(`### ${markdownText(section.template?.name ?? t('minutes.loose'))}`)
      if (section.group) {
        block(
          `**${markdownText(t('minutes.group', { name: section.group.name }))}**  `,
          markdownText(section.group.members.length ? t('minutes.groupMembers', { members: section.group.members.join(', ') }) : t('minutes.noMembers')),
        )
      }
      for (const group of section.groups) {
        if (section.template) block(`#### ${markdownText(group.heading)}`)
        if (group.notes.length === 0) {
          block(`*${markdownText(t('minutes.empty'))}*`)
          continue
        }
        block(...group.notes.map((note) => `- ${markdownLines(note.text, '  ')}\\\n  *${markdownText(noteByline(note, language, doc.voteCounts[note.id] ?? 0))}*`))
      }
    }
  }
}
