/** The language this reader reads the board in, as the canvas knows it. */
import type { Editor } from 'tldraw'
import { isLanguage, type Language } from '../../shared/i18n/index.ts'
import { useLanguage } from '../i18n/language.ts'

/**
 * The editor's locale (BoardView's applyLanguage keeps it equal to the page's language). Read through the
 * editor because it is a signal: a shape that reads it while rendering is drawn again on a switch.
 */
export function readerLanguage(editor: Editor): Language {
  const locale = editor.user.getLocale()
  return isLanguage(locale) ? locale : useLanguage.getState().language
}
