/** Start page: create a board, get its three links (the join link as a large QR code), and "Mijn borden". */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Paths, TITLE_MAX_LENGTH, type BoardInfo, type CreateBoardResponse } from '../../shared/protocol.ts'
import { api, ApiError } from '../api.ts'
import { forgetDeletedBoard } from '../local/deletedBoard.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { forgetBoard, myBoards, rememberBoard, type MyBoard } from '../local/storage.ts'
import { CopyField } from '../ui/CopyField.tsx'
import { describeError } from '../ui/errors.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { QrCode } from '../ui/QrCode.tsx'
import { JoinCodeForm } from '../participant/JoinByCode.tsx'
import { formatJoinCode } from '../../shared/joinCode.ts'

export function HomePage() {
  const t = useT()
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<CreateBoardResponse | null>(null)
  const [boards, setBoards] = useState<MyBoard[]>(() => myBoards())

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) {
      setError(t('home.error.titleRequired'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const board = await api.createBoard(trimmed)
      setBoards(
        rememberBoard({
          id: board.id,
          title: board.title,
          facilitatorKey: board.facilitatorKey,
          viewId: board.viewId,
          createdAt: new Date().toISOString(),
        }),
      )
      setCreated(board)
      setTitle('')
    } catch (e) {
      setError(describeError(e, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="brand">{t('app.name')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <LanguageSwitch />
      </header>

      <main className="page-main">
        <section className="card" aria-labelledby="create-heading">
          <h2 id="create-heading">{t('home.create.heading')}</h2>
          <form className="form" onSubmit={submit} noValidate>
            <label htmlFor="board-title" className="field-label">
              {t('home.create.titleLabel')}
            </label>
            <div className="form-row">
              <input
                id="board-title"
                className="text-input"
                value={title}
                maxLength={TITLE_MAX_LENGTH}
                placeholder={t('home.create.titlePlaceholder')}
                onChange={(e) => setTitle(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'create-error' : undefined}
              />
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? t('home.create.busy') : t('home.create.submit')}
              </button>
            </div>
            {error && (
              <p id="create-error" className="form-error" role="alert">
                {error}
              </p>
            )}
          </form>
        </section>

        <section className="card" aria-labelledby="join-code-heading">
          <h2 id="join-code-heading">{t('joinCode.heading')}</h2>
          <JoinCodeForm />
        </section>

        {created && <CreatedBoard board={created} />}

        <MyBoards boards={boards} onForget={(id) => setBoards(forgetBoard(id))} onDeleted={() => setBoards(myBoards())} />
      </main>
    </div>
  )
}

function CreatedBoard({ board }: { board: CreateBoardResponse }) {
  const t = useT()
  const origin = window.location.origin
  const facilitatorUrl = origin + Paths.facilitator(board.id, board.facilitatorKey)
  const joinUrl = origin + Paths.join(board.id)
  const viewUrl = origin + Paths.view(board.viewId)
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Move focus to the result, so keyboard and screen-reader users land on the new links.
  useEffect(() => headingRef.current?.focus(), [board.id])
  return (
    <section className="card card--created" aria-labelledby="created-heading">
      <h2 id="created-heading" ref={headingRef} tabIndex={-1}>{t('home.created.heading', { title: board.title })}</h2>

      <div className="created-grid">
        <div className="created-join">
          <h3>{t('home.join.heading')}</h3>
          <p>{t('home.join.text')}</p>
          <QrCode text={joinUrl} label={t('qr.join')} size={300} />
          <CopyField label={t('link.join')} value={joinUrl} large />
          <p className="join-code__code">{t('joinCode.shown', { code: formatJoinCode(board.joinCode) })}</p>
        </div>

        <div className="created-side">
          <div className="facilitator-box">
            <h3>{t('home.facilitator.heading')}</h3>
            <p className="warning">{t('home.facilitator.warning')}</p>
            <CopyField label={t('link.facilitator')} value={facilitatorUrl} />
            <a className="button button--primary button--block" href={Paths.facilitator(board.id, board.facilitatorKey)}>
              {t('home.open')}
            </a>
          </div>
          <div>
            <h3>{t('home.view.heading')}</h3>
            <p>{t('home.view.text')}</p>
            <CopyField label={t('link.view')} value={viewUrl} />
          </div>
        </div>
      </div>
    </section>
  )
}

/** What the server says of each board now: open or closed, last open, when it goes; or that it was deleted. */
type BoardState = { kind: 'info'; info: BoardInfo } | { kind: 'deleted'; deletedAt: string }

function useBoardStates(boards: MyBoard[], onDeleted: (id: string, deletedAt: string) => void): Map<string, BoardState> {
  const [states, setStates] = useState(() => new Map<string, BoardState>())
  const ids = boards.filter((b) => !b.deletedAt && b.facilitatorKey).map((b) => `${b.id}:${b.facilitatorKey}`).join(',')
  useEffect(() => {
    let current = true
    for (const board of boards) {
      if (board.deletedAt || !board.facilitatorKey) continue
      api.boardInfo(board.id, board.facilitatorKey).then(
        (info) => current && setStates((before) => new Map(before).set(board.id, { kind: 'info', info })),
        (error) => {
          if (!current || !(error instanceof ApiError) || error.failure.kind !== 'deleted') return
          const { deletedAt } = error.failure
          setStates((before) => new Map(before).set(board.id, { kind: 'deleted', deletedAt }))
          // Deleted elsewhere (another laptop, or after the retention period): this browser forgets it too.
          void forgetDeletedBoard(board.id, deletedAt).then(() => current && onDeleted(board.id, deletedAt))
        },
      )
    }
    return () => {
      current = false
    }
    // Asked again only when the list of boards to ask about changes.
  }, [ids])
  return states
}

function MyBoards({ boards, onForget, onDeleted }: { boards: MyBoard[]; onForget(id: string): void; onDeleted(id: string, deletedAt: string): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const dateFormat = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' })
  const date = (iso: string) => dateFormat.format(new Date(iso))
  const states = useBoardStates(boards, onDeleted)
  return (
    <section className="card" aria-labelledby="my-boards-heading">
      <h2 id="my-boards-heading">{t('home.myBoards.heading')}</h2>
      {boards.length === 0 ? (
        <p className="muted">{t('home.myBoards.empty')}</p>
      ) : (
        <ul className="board-list">
          {boards.map((board) => {
            const state = states.get(board.id)
            const deletedAt = board.deletedAt ?? (state?.kind === 'deleted' ? state.deletedAt : undefined)
            const info = state?.kind === 'info' ? state.info : null
            if (deletedAt) {
              return (
                <li key={board.id} className="board-list__item board-list__item--deleted" data-state="deleted">
                  <div>
                    <span className="board-list__title">{board.title}</span>
                    <span className="board-list__state"> — {t('home.myBoards.stateDeleted', { date: date(deletedAt) })}</span>
                    <p className="muted board-list__note" role="note">{t('home.myBoards.deletedNote')}</p>
                  </div>
                  <div className="board-list__actions">
                    <button type="button" className="button button--quiet" aria-label={t('home.myBoards.removeLabel', { title: board.title })} onClick={() => onForget(board.id)}>
                      {t('home.myBoards.remove')}
                    </button>
                  </div>
                </li>
              )
            }
            const href = Paths.facilitator(board.id, board.facilitatorKey)
            return (
              <li key={board.id} className="board-list__item" data-state={info ? (info.locked ? 'closed' : 'open') : undefined}>
                <div>
                  <span className="board-list__title">{board.title}</span>
                  {info && <span className="board-list__state"> — {info.locked ? t('home.myBoards.stateClosed') : t('home.myBoards.stateOpen')}</span>}
                  <span className="muted"> — {t('home.myBoards.created', { date: date(board.createdAt) })}</span>
                  {info && (
                    <p className="muted board-list__details">
                      {info.lastOpenedAt && t('home.myBoards.lastOpened', { date: date(info.lastOpenedAt) })}
                      {info.deletesAt && <> · {t('home.myBoards.deletesOn', { date: date(info.deletesAt) })}</>}
                    </p>
                  )}
                  <p className="board-list__link muted">{window.location.origin + Paths.join(board.id)}</p>
                </div>
                <div className="board-list__actions">
                  <a className="button" href={href} aria-label={t('home.myBoards.openLabel', { title: board.title })}>
                    {t('home.myBoards.open')}
                  </a>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={t('home.myBoards.forgetLabel', { title: board.title })}
                    onClick={() => window.confirm(t('home.myBoards.forgetConfirm')) && onForget(board.id)}
                  >
                    {t('home.myBoards.forget')}
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
