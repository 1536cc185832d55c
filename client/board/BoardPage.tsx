/**
 * `/b/<id>` and `/v/<viewId>`: finds the board, asks a participant (and the facilitator) who they are,
 * then shows the canvas. A viewer goes straight to a read-only canvas.
 */
import { lazy, Suspense, useEffect, useState } from 'react'
import type { BoardInfo } from '../../shared/protocol.ts'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { joinedBoard, myBoards, rememberBoard, type JoinedBoard } from '../local/storage.ts'
import { JoinScreen } from '../participant/JoinScreen.tsx'
import { describeError } from '../ui/errors.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { suitedViewMode, useViewMode } from '../state/viewMode.ts'
import { useConnection } from '../state/connection.ts'
import { forgetDeletedBoard } from '../local/deletedBoard.ts'
import { rememberRoute } from '../sync/route.ts'

// The canvas (tldraw) and the list are loaded when needed: a phone in the list view never downloads
// the canvas code.
const BoardView = lazy(() => import('./BoardView.tsx').then((m) => ({ default: m.BoardView })))
const ListView = lazy(() => import('../list/ListView.tsx').then((m) => ({ default: m.ListView })))

export type BoardRoute = { kind: 'board'; id: string; facilitatorKey?: string } | { kind: 'view'; viewId: string }

type InfoState = { phase: 'loading' } | { phase: 'known'; info: BoardInfo | null } | { phase: 'error'; error: unknown }

const SESSION_JOINED = (id: string) => `waterlijn.session.joined.${id}`

export function BoardPage({ route }: { route: BoardRoute }) {
  const t = useT()
  const lookupId = route.kind === 'board' ? route.id : route.viewId
  const [info, setInfo] = useState<InfoState>({ phase: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const chosenMode = useViewMode((s) => s.chosen)
  // The server closed the board's connection because it was deleted (code 4410).
  const deletedWhileOpen = useConnection((s) => s.status === 'deleted')
  const [deletedAt, setDeletedAt] = useState<string | null>(null)
  // Joined in this tab already (a reload mid-workshop should not ask again).
  const [joined, setJoined] = useState<JoinedBoard | null>(() =>
    route.kind === 'board' && sessionStorage.getItem(SESSION_JOINED(route.id)) ? (joinedBoard(route.id) ?? null) : null,
  )

  useEffect(() => {
    let current = true
    api.boardInfo(lookupId).then(
      (board) => {
        // Before the board connects: by view id, the route key is how it reaches the board's instance.
        rememberRoute(lookupId, board.route)
        if (current) setInfo({ phase: 'known', info: board })
      },
      (error) => {
        if (!current) return
        // Offline: the board may still be in this browser; carry on without a title.
        if (error instanceof ApiError && error.failure.kind === 'unreachable') setInfo({ phase: 'known', info: null })
        else setInfo({ phase: 'error', error })
      },
    )
    return () => {
      current = false
    }
  }, [lookupId, attempt])

  // A deleted board: this browser forgets its copy and private notes, and the page says so instead of the board.
  useEffect(() => {
    const when = info.phase === 'error' && info.error instanceof ApiError && info.error.failure.kind === 'deleted' ? info.error.failure.deletedAt : deletedWhileOpen ? new Date().toISOString() : null
    if (!when) return
    setDeletedAt(when)
    void forgetDeletedBoard(lookupId, when)
  }, [info, deletedWhileOpen, lookupId])

  const title = info.phase === 'known' ? (info.info?.title ?? cachedTitle(lookupId)) : null

  useEffect(() => {
    if (title) document.title = `${title} — ${t('app.name')}`
  }, [title, t])

  // A facilitator link opened here is remembered, so the key is never lost.
  useEffect(() => {
    if (route.kind === 'board' && route.facilitatorKey && info.phase === 'known' && info.info) {
      const known = myBoards().find((b) => b.id === route.id)
      rememberBoard({
        id: route.id,
        title: info.info.title,
        facilitatorKey: route.facilitatorKey,
        viewId: known?.viewId,
        createdAt: known?.createdAt ?? info.info.createdAt,
      })
    }
  }, [route, info])

  if (deletedAt) return <DeletedBoard deletedAt={deletedAt} />
  if (info.phase === 'loading') return <Centered>{t('board.loading')}</Centered>
  if (info.phase === 'error') {
    return (
      <Centered>
        <p className="form-error" role="alert">
          {describeError(info.error, t)}
        </p>
        <div className="button-row">
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('error.retry')}
          </button>
          <a className="button button--quiet" href="/">
            {t('error.home')}
          </a>
        </div>
      </Centered>
    )
  }

  const loadingBoard = <Centered>{t('board.loading')}</Centered>
  if (route.kind === 'view') {
    return (
      <Suspense fallback={loadingBoard}>
        {(chosenMode ?? suitedViewMode()) === 'list' ? <ListView room={route.viewId} title={title} /> : <BoardView room={route.viewId} readonly title={title} />}
      </Suspense>
    )
  }

  if (!joined) {
    return (
      <JoinScreen
        boardId={route.id}
        title={title}
        facilitator={!!route.facilitatorKey}
        facilitatorKey={route.facilitatorKey}
        onJoined={(j) => {
          sessionStorage.setItem(SESSION_JOINED(route.id), '1')
          setJoined(j)
        }}
      />
    )
  }

  const person = { authorId: joined.authorId, author: joined.name, organisation: joined.organisation, colour: joined.colour }
  // The facilitator runs the session from the canvas: the list is theirs only when they ask for it.
  const mode = chosenMode ?? (route.facilitatorKey ? 'board' : suitedViewMode())
  if (mode === 'list') {
    return (
      <Suspense fallback={loadingBoard}>
        <ListView room={route.id} boardId={route.id} facilitatorKey={route.facilitatorKey} participantToken={joined.token} title={title} person={person} />
      </Suspense>
    )
  }
  return (
    <Suspense fallback={loadingBoard}>
      <BoardView
        room={route.id}
        boardId={route.id}
        facilitatorKey={route.facilitatorKey}
        readonly={false}
        title={title}
        participantToken={joined.token}
        person={person}
      />
    </Suspense>
  )
}

function DeletedBoard({ deletedAt }: { deletedAt: string }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const date = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' }).format(new Date(deletedAt))
  return (
    <Centered>
      <h1 className="deleted-board__heading">{t('board.deleted')}</h1>
      <p>{t('board.deletedOn', { date })}</p>
      <div className="button-row">
        <a className="button" href="/">
          {t('error.home')}
        </a>
      </div>
    </Centered>
  )
}

function cachedTitle(id: string): string | null {
  return myBoards().find((b) => b.id === id || b.viewId === id)?.title ?? null
}

function Centered({ children }: { children: React.ReactNode }) {
  return (
    <div className="page page--narrow page--centered">
      <header className="page-header">
        <a className="brand brand--link" href="/">
          Waterlijn
        </a>
        <LanguageSwitch />
      </header>
      <main className="page-main card" aria-live="polite">
        {children}
      </main>
    </div>
  )
}
