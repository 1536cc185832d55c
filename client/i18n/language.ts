/** The UI language (zustand), remembered in this browser, and the `useT` hook every component uses. */
import { useCallback } from 'react'
import { create } from 'zustand'
import { DEFAULT_LANGUAGE, isLanguage, loadLanguage, translate, type Language, type MessageKey } from '../../shared/i18n/index.ts'
import { saveLanguage, savedLanguage } from '../local/storage.ts'

interface LanguageState {
  language: Language
  setLanguage(language: Language): void
}

/** The language this browser chose before; the page fetches its strings before it shows anything (client/main.tsx). */
export function initialLanguage(): Language {
  const saved = savedLanguage()
  return isLanguage(saved) ? saved : DEFAULT_LANGUAGE
}

export const useLanguage = create<LanguageState>()((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    // The strings first (another language is fetched once), then every screen at once.
    loadLanguage(language).then(
      () => {
        saveLanguage(language)
        document.documentElement.lang = language
        set({ language })
      },
      () => {
        // Offline and never fetched: the page stays in the language it has.
      },
    )
  },
}))

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function useT(): Translate {
  const language = useLanguage((s) => s.language)
  return useCallback((key, vars) => translate(language, key, vars), [language])
}
