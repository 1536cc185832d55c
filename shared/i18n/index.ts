/** The UI strings in every language, and a small typed `translate`. No DOM, no React: client and server may use it. */
import { nl } from './nl.ts'
import { en } from './en.ts'

export type MessageKey = keyof typeof nl
/** Every language has every Dutch key. */
export type Messages = Record<MessageKey, string>

export const LANGUAGES = ['nl', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'nl'

export const messages: Record<Language, Messages> = { nl, en }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** Looks up `key` and fills `{placeholders}` from `vars`; an unknown placeholder stays visible, so a mistake shows. */
export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = messages[language][key] ?? messages[DEFAULT_LANGUAGE][key] ?? key
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}
