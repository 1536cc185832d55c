/**
 * The page's languages: Dutch is part of the page, English is fetched when someone switches to it (the
 * build puts this file in place of shared/i18n/catalogue.ts; see vite.config.ts). The canvas brings
 * English along with it (client/i18n/english.ts), as tldraw's own strings come in every language there.
 */
import type { Language, Messages } from '../../shared/i18n/index.ts'
import { nl } from '../../shared/i18n/nl.ts'

export const catalogue: Partial<Record<Language, Messages>> = { nl }

export async function loadCatalogue(language: Language): Promise<void> {
  if (catalogue[language]) return
  if (language === 'en') catalogue.en = (await import('../../shared/i18n/en.ts')).en
}
