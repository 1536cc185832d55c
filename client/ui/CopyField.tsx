/** A link shown in full, selectable, with a copy button that says what it copies. */
import { useId, useState } from 'react'
import { useT } from '../i18n/language.ts'

export function CopyField({ label, value, large }: { label: string; value: string; large?: boolean }) {
  const t = useT()
  const id = useId()
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle')

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('done')
    } catch {
      setCopied('failed')
    }
    setTimeout(() => setCopied('idle'), 2500)
  }

  return (
    <div className={large ? 'copy-field copy-field--large' : 'copy-field'}>
      <label htmlFor={id} className="copy-field__label">
        {label}
      </label>
      <div className="copy-field__row">
        <input id={id} className="copy-field__input" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={copy} aria-label={t('copy.label', { what: label })}>
          {copied === 'done' ? t('copy.done') : t('copy.button')}
        </button>
      </div>
      <p className="copy-field__status" role="status">
        {copied === 'failed' ? t('copy.failed') : ''}
      </p>
    </div>
  )
}
