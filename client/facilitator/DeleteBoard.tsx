/**
 * Under "Meer": when the server deletes the board ("Wordt verwijderd op …", "Langer bewaren"), and
 * "Bord verwijderen", confirmed by typing the board's title: a slip of the mouse must not erase a workshop.
 */
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { BoardInfo } from '../../shared/protocol.ts'
import { api } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'
import { describeError } from '../ui/errors.ts'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'

export const DELETE_PANEL = 'delete'

function useDateFormat(): (iso: string) => string {
  const language = useLanguage((s) => s.language)
  const format = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' })
  return (iso) => format.format(new Date(iso))
}

/** The date the board goes unless someone opens it, and the way to keep it longer. */
export function RetentionNote({ boardId, facilitatorKey }: { boardId: string; facilitatorKey: string }) {
  const t = useT()
  const date = useDateFormat()
  const [info, setInfo] = useState<BoardInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    let current = true
    api.boardInfo(boardId, facilitatorKey).then(
      (answer) => current && setInfo(answer),
      // Offline: the date is not known here, and nothing needs it now.
      () => {},
    )
    return () => {
      current = false
    }
  }, [boardId, facilitatorKey])
  if (!info) return null
  if (!info.deletesAt) return <p className="retention muted">{t('retention.forever')}</p>
  const keep = async () => {
    setBusy(true)
    setError(null)
    try {
      setInfo(await api.keepLonger(boardId, facilitatorKey))
    } catch (e) {
      setError(describeError(e, t))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="retention">
      <p className="retention__date">{t('retention.deletesOn', { date: date(info.deletesAt) })}</p>
      <p className="retention__explain muted">{t('retention.explain')}</p>
      <button type="button" className="button" onClick={keep} disabled={busy}>
        {t('retention.keep')}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

/** Spaces and case do not count: "Verkenning wonen" confirms "Verkenning  Wonen". */
function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase()
  return norm(a) === norm(b)
}

export function DeleteBoardButton({ boardId, facilitatorKey, title }: { boardId: string; facilitatorKey: string; title: string }) {
  const t = useT()
  const [open, setOpen] = usePanel(DELETE_PANEL)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fieldId = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!sameTitle(typed, title)) return setError(t('delete.mismatch', { title }))
    setBusy(true)
    setError(null)
    try {
      await api.deleteBoard(boardId, facilitatorKey)
      // The server closes this page's connection too; this says it even if that close never arrives.
      useConnection.getState().setStatus('deleted')
    } catch (e) {
      setError(describeError(e, t))
      setBusy(false)
    }
  }
  return (
    <PanelButton label={t('delete.button')} panelLabel={t('delete.button')} open={open} onToggle={() => setOpen((o) => !o)}>
      <form className="form delete-board" onSubmit={submit} noValidate>
        <p>{t('delete.intro', { title })}</p>
        <label htmlFor={fieldId} className="field-label">
          {t('delete.typeTitle')}
        </label>
        <input
          id={fieldId}
          className="text-input"
          value={typed}
          autoComplete="off"
          placeholder={title}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={busy}>
            {busy ? t('delete.busy') : t('delete.confirm')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
            {t('delete.cancel')}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </PanelButton>
  )
}
