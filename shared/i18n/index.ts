/** The UI strings in every language, and a small typed `translate`. No DOM, no React: client and server may use it. */
import type { nl } from './nl.ts'
import { catalogue, loadCatalogue } from './catalogue.ts'

export type MessageKey = keyof typeof nl
/** A message that depends on `{count}`: the language's plural rules pick the form ("1 notitie", "2 notities"). */
export interface Plural {
  readonly one: string
  readonly other: string
}
/** Every language has every Dutch key. */
export type Messages = Record<MessageKey, string | Plural>

export const LANGUAGES = ['nl', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'nl'

/** The strings of `language` are at hand (in the page, a language other than Dutch is fetched first: `loadLanguage`). */
export function languageLoaded(language: Language): boolean {
  return !!catalogue[language]
}

/** Makes the strings of `language` available; resolves at once where they already are. */
export function loadLanguage(language: Language): Promise<void> {
  return loadCatalogue(language)
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

const pluralRules = new Map<Language, Intl.PluralRules>()

function pluralForm(language: Language, count: number): keyof Plural {
  let rules = pluralRules.get(language)
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)))
  return rules.select(count) === 'one' ? 'one' : 'other'
}

/**
 * Looks up `key` and fills `{placeholders}` from `vars`; an unknown placeholder stays visible, so a mistake
 * shows. A plural message takes its form from `vars.count`.
 */
export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const message = catalogue[language]?.[key] ?? catalogue[DEFAULT_LANGUAGE]?.[key] ?? key
  const text = typeof message === 'string' ? message : message[pluralForm(language, Number(vars?.count))]
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}
