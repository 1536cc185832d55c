/**
 * The notes as CSV for a spreadsheet: one row per note. Semicolons between fields and a UTF-8 byte-order
 * mark, because that is what Excel on a Dutch Windows laptop reads without an import wizard; CRLF line
 * ends; fields with a quote, semicolon, comma or line break are quoted, quotes doubled (RFC 4180).
 */
import { translate, type Language } from '../i18n/index.ts'
import type { MinutesSection } from './minutes.ts'

const BOM = '\uFEFF'
const SEPARATOR = ';'

export function csvField(value: string): string {
  return /[";,\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function notesCsv(sections: MinutesSection[], language: Language, votes: (noteId: string) => number | null = () => null): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key)
  const header = [t('csv.template'), t('csv.zone'), t('csv.text'), t('csv.author'), t('csv.organisation'), t('csv.votes'), t('csv.createdAt')]
  const rows = [header]
  for (const section of sections) {
    for (const group of section.groups) {
      for (const note of group.notes) {
        const count = votes(note.id)
        rows.push([
          section.template?.name ?? '',
          group.heading,
          note.text,
          note.author ?? '',
          note.organisation ?? '',
          count === null ? '' : String(count),
          note.createdAt ?? '',
        ])
      }
    }
  }
  return BOM + rows.map((row) => row.map(csvField).join(SEPARATOR)).join('\r\n') + '\r\n'
}
