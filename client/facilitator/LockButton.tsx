/** The facilitator closes the board after the session (the server then refuses partners' changes), or opens it again. */
import { useState } from 'react'
import { api } from '../api.ts'
import { useT } from '../i18n/language.ts'
import { describeError } from '../ui/errors.ts'

export function LockButton({ boardId, facilitatorKey, locked }: { boardId: string; facilitatorKey: string; locked: boolean }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const toggle = async () => {
    if (!locked && !window.confirm(t('lock.confirm'))) return
    setBusy(true)
    setError(null)
    try {
      await api.setLocked(boardId, facilitatorKey, !locked)
    } catch (e) {
      setError(describeError(e, t))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" className="button" onClick={toggle} disabled={busy} aria-pressed={locked}>
        {locked ? t('lock.open') : t('lock.close')}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  )
}
