/**
 * Joining with the short code from the projector: "Meedoen met een code" on the home page, and
 * `/j/<code>` typed into the address bar. The code is read case-insensitively, with or without its dash.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { normaliseJoinCode } from '../../shared/joinCode.ts'
import { Paths } from '../../shared/protocol.ts'
import { api, ApiError } from '../api.ts'
import { useT } from '../i18n/language.ts'
import { describeError } from '../ui/errors.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'

/** Looks the code up and opens the board's join screen; the error to show otherwise. */
async function openBoardWithCode(input: string, t: ReturnType<typeof useT>): Promise<string> {
  const code = normaliseJoinCode(input)
  if (!code) return t('joinCode.invalid')
  try {
    const { id } = await api.boardByJoinCode(code)
    window.location.assign(Paths.join(id))
    return ''
  } catch (error) {
    if (error instanceof ApiError && error.failure.kind === 'not-found') return t('joinCode.unknown')
    return describeError(error, t)
  }
}

/** The form: one field, one button. `initial` fills it (from `/j/<code>`). */
export function JoinCodeForm({ initial = '', autoSubmit = false }: { initial?: string; autoSubmit?: boolean }) {
  const t = useT()
  const [code, setCode] = useState(initial)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(autoSubmit)

  const go = async (value: string) => {
    setBusy(true)
    const problem = await openBoardWithCode(value, t)
    setError(problem)
    if (problem) setBusy(false)
  }
  useEffect(() => {
    if (autoSubmit) void go(initial)
    // Once, for the code in the address.
  }, [])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void go(code)
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <label htmlFor="join-code" className="field-label">
        {t('joinCode.label')}
      </label>
      <div className="form-row">
        <input
          id="join-code"
          className="text-input text-input--code"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          placeholder="K7M-4QX"
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'join-code-error' : undefined}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('joinCode.busy') : t('joinCode.submit')}
        </button>
      </div>
      {error && (
        <p id="join-code-error" className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

/** `/j/<code>`: straight to the board when the code is right, the form with the message when not. */
export function JoinByCodePage({ code }: { code: string }) {
  const t = useT()
  return (
    <div className="page page--narrow">
      <header className="page-header">
        <a className="brand brand--link" href="/">
          {t('app.name')}
        </a>
        <LanguageSwitch />
      </header>
      <main className="page-main">
        <section className="card" aria-labelledby="join-code-heading">
          <h2 id="join-code-heading">{t('joinCode.heading')}</h2>
          <JoinCodeForm initial={code} autoSubmit />
        </section>
      </main>
    </div>
  )
}
