/**
 * Projector mode: the board large, the editing chrome gone, and in a corner a card with the join QR code
 * and short link (it can be folded away), the timer and how many people are on the board.
 */
import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { formatJoinCode } from '../../shared/joinCode.ts'
import { Paths } from '../../shared/protocol.ts'
import { useJoinCode } from '../board/SharePanel.tsx'
import type { TimerState } from '../../shared/timer.ts'
import { useT } from '../i18n/language.ts'
import { QrCode } from '../ui/QrCode.tsx'
import { TimerDisplay } from './Timer.tsx'

/** The join link as people type it from a screen: no protocol, nothing else. */
export function shortLink(boardId: string, location: Location = window.location): string {
  return `${location.host}${Paths.join(boardId)}`
}

export function ProjectorCard({ editor, boardId, facilitatorKey, timer, onExit }: { editor: Editor; boardId: string; facilitatorKey: string; timer: TimerState | null; onExit(): void }) {
  const t = useT()
  const { code } = useJoinCode(boardId, facilitatorKey)
  const [folded, setFolded] = useState(false)
  const online = useValue('online', () => editor.getCollaborators().length + 1, [editor])
  return (
    <aside className="projector-card" aria-label={t('projector.card')}>
      <div className="projector-card__row">
        <TimerDisplay timer={timer} withSound />
        <span className="projector-card__online">{t('projector.online', { count: online })}</span>
      </div>
      {!folded && (
        <>
          <QrCode text={window.location.origin + Paths.join(boardId)} label={t('qr.join')} size={220} />
          {/* The short code when there is one: people type it from the back of the room. */}
          {code ? (
            <p className="projector-card__code">
              {window.location.host}
              {Paths.joinCode('')}
              <strong>{formatJoinCode(code)}</strong>
            </p>
          ) : (
            <p className="projector-card__link">{shortLink(boardId)}</p>
          )}
        </>
      )}
      <div className="projector-card__row">
        <button type="button" className="button button--quiet" onClick={() => setFolded((f) => !f)}>
          {folded ? t('projector.showJoin') : t('projector.hideJoin')}
        </button>
        <button type="button" className="button" onClick={onExit}>
          {t('projector.exit')}
        </button>
      </div>
    </aside>
  )
}
