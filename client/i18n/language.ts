/** The UI language (zustand), remembered in this browser, and the `useT` hook every component uses. */
import { useCallback } from 'react'
import { create } from 'zustand'
import { DEFAULT_LANGUAGE, isLanguage, translate, type Language, type MessageKey } from '../../shared/i18n/index.ts'
import { saveLanguage, savedLanguage } from '../local/storage.ts'

interface LanguageState {
  language: Language
  setLanguage(language: Language): void
}

function initialLanguage(): Language {
  const saved = savedLanguage()
  return isLanguage(saved) ? saved : DEFAULT_LANGUAGE
}

export const useLanguage = create<LanguageState>()((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    saveLanguage(language)
    document.documentElement.lang = language
    set({ language })
  },
}))

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function useT(): Translate {
  const language = useLanguage((s) => s.language)
  return useCallback((key, vars) => translate(language, key, vars), [language])
}
