/**
 * The notes as CSV for a spreadsheet: one row per note. Semicolons between fields and a UTF-8 byte-order
 * mark, because that is what Excel on a Dutch Windows laptop reads without an import wizard; CRLF line
 * ends; fields with a quote, semicolon, comma or line break are quoted, quotes doubled (RFC 4180).
 * Text that a spreadsheet would take as a formula gets a leading apostrophe, so a note cannot run one.
 */
import { translate, type Language } from '../i18n/index.ts'
import type { MinutesSection } from './minutes.ts'

const BOM = '\uFEFF'
const SEPARATOR = ';'

/**
 * What Excel and LibreOffice start a formula with (OWASP, CSV injection): a note "=HYPERLINK(…)" or
 * "@SUM(…)" typed by anyone on the board must stay text when the facilitator opens the file.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell. Text is made inert and quoted as needed; a number (the code's own counts) is written as is. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[";,\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * When a note was made, in the reader's own time zone and as their spreadsheet reads a date and time
 * without asking: "22-11-2026 11:00" in Dutch, "2026-11-22 11:00" in English. Empty when unknown.
 */
export function spreadsheetDateTime(iso: string | null, language: Language, timeZone?: string): string {
  const date = iso ? new Date(iso) : null
  if (!date || Number.isNaN(date.getTime())) return ''
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  )
  const day = language === 'nl' ? `${parts.day}-${parts.month}-${parts.year}` : `${parts.year}-${parts.month}-${parts.day}`
  return `${day} ${parts.hour}:${parts.minute}`
}

export function notesCsv(
  sections: MinutesSection[],
  language: Language,
  votes: (noteId: string) => number | null = () => null,
  /** The reader's time zone (default: this computer's). */
  timeZone?: string,
): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key)
  const header = [t('csv.template'), t('csv.zone'), t('csv.text'), t('csv.author'), t('csv.organisation'), t('csv.votes'), t('csv.createdAt')]
  const rows: (string | number)[][] = [header]
  for (const section of sections) {
    for (const group of section.groups) {
      for (const note of group.notes) {
        const count = votes(note.id)
        rows.push([
          section.template?.name ?? '',
          group.place ?? group.heading,
          note.text,
          note.author ?? '',
          note.organisation ?? '',
          count ?? '',
          spreadsheetDateTime(note.createdAt, language, timeZone),
        ])
      }
    }
  }
  return BOM + rows.map((row) => row.map(csvField).join(SEPARATOR)).join('\r\n') + '\r\n'
}
