/**
 * Which languages' strings are at hand. Here (server, tests, tools): every language. The page's build
 * swaps this file for client/i18n/catalogue.ts, which carries Dutch and fetches another language when
 * someone switches to it, so a phone downloads the strings of one language only.
 */
import type { Language, Messages } from './index.ts'
import { en } from './en.ts'
import { nl } from './nl.ts'

export const catalogue: Partial<Record<Language, Messages>> = { nl, en }

export async function loadCatalogue(_language: Language): Promise<void> {}
