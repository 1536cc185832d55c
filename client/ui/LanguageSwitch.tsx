/** One visible button that switches between Dutch and English. */
import { useLanguage, useT } from '../i18n/language.ts'

export function LanguageSwitch() {
  const t = useT()
  const { language, setLanguage } = useLanguage()
  const next = language === 'nl' ? 'en' : 'nl'
  return (
    <button
      type="button"
      className="button button--quiet language-switch"
      lang={next}
      aria-label={t('language.switchToLabel')}
      onClick={() => setLanguage(next)}
    >
      {t('language.switchTo')}
    </button>
  )
}
