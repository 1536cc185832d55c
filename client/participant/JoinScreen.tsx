/** Name and organisation before entering a board; remembered in this browser and prefilled next time. */
import { useRef, useState, type FormEvent, type InputHTMLAttributes, type Ref } from 'react'
import { NAME_MAX_LENGTH } from '../../shared/protocol.ts'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { joinedBoard, rememberJoin, saveIdentity, savedIdentity, type JoinedBoard } from '../local/storage.ts'
import { describeError } from '../ui/errors.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'

export interface JoinScreenProps {
  boardId: string
  title: string | null
  facilitator: boolean
  facilitatorKey?: string
  onJoined(joined: JoinedBoard): void
}

export function JoinScreen({ boardId, title, facilitator, facilitatorKey, onJoined }: JoinScreenProps) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const saved = joinedBoard(boardId) ?? savedIdentity()
  const [name, setName] = useState(saved?.name ?? '')
  const [organisation, setOrganisation] = useState(saved?.organisation ?? '')
  const [errors, setErrors] = useState<{ name?: string; organisation?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)
  const nameRef = useRef<HTMLInputElement>(null)
  const organisationRef = useRef<HTMLInputElement>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const identity = { name: name.trim().replace(/\s+/g, ' '), organisation: organisation.trim().replace(/\s+/g, ' ') }
    const found: typeof errors = {}
    if (!identity.name) found.name = t('join.error.nameRequired')
    if (!identity.organisation) found.organisation = t('join.error.organisationRequired')
    setErrors(found)
    if (found.name) return nameRef.current?.focus()
    if (found.organisation) return organisationRef.current?.focus()

    setBusy(true)
    saveIdentity(identity)
    try {
      const { organisation: entry, participant } = await api.join(boardId, { ...identity, token: joinedBoard(boardId)?.token }, facilitatorKey)
      const joined: JoinedBoard = { ...identity, organisation: entry.name, colour: entry.colour, ...participant }
      rememberJoin(boardId, joined)
      onJoined(joined)
    } catch (error) {
      // No server, but this browser joined this board before as the same person: carry on offline.
      const before = joinedBoard(boardId)
      if (error instanceof ApiError && error.failure.kind === 'unreachable' && before && before.name === identity.name) {
        onJoined(before)
        return
      }
      setErrors({ form: describeError(error, t) })
      setBusy(false)
    }
  }

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <h1 className="brand">{t('app.name')}</h1>
        <LanguageSwitch />
      </header>
      <main className="page-main">
        <section className="card" aria-labelledby="join-heading">
          <h2 id="join-heading">{title ? t('join.heading', { title }) : t('join.headingUnknownTitle')}</h2>
          {facilitator && <p className="badge badge--facilitator">{t('join.facilitatorNote')}</p>}
          <p>{t('join.intro')}</p>
          <p className="join-privacy muted">
            {t('join.privacy')}{' '}
            <a href={`/privacy?lang=${language}`} target="_blank" rel="noopener">
              {t('join.privacyLink')}
            </a>
          </p>
          <form className="form" onSubmit={submit} noValidate>
            <TextField
              id="join-name"
              label={t('join.name')}
              error={errors.name}
              inputRef={nameRef}
              autoComplete="name"
              autoFocus
              placeholder={t('join.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              id="join-organisation"
              label={t('join.organisation')}
              error={errors.organisation}
              inputRef={organisationRef}
              autoComplete="organization"
              placeholder={t('join.organisationPlaceholder')}
              value={organisation}
              onChange={(e) => setOrganisation(e.target.value)}
            />
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? t('join.busy') : t('join.submit')}
            </button>
            {errors.form && (
              <p className="form-error" role="alert">
                {errors.form}
              </p>
            )}
          </form>
        </section>
      </main>
    </div>
  )
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string
  label: string
  error?: string
  inputRef: Ref<HTMLInputElement>
}

/** A labelled name field with its error below it, tied together for screen readers. */
function TextField({ id, label, error, inputRef, ...input }: TextFieldProps) {
  const errorId = `${id}-error`
  return (
    <>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="text-input"
        maxLength={NAME_MAX_LENGTH}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
      />
      {error && (
        <p id={errorId} className="form-error">
          {error}
        </p>
      )}
    </>
  )
}
