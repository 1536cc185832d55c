/** Calm status line: connected and saved, offline (nothing lost), or connecting. */
import { useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'

export function ConnectionIndicator() {
  const t = useT()
  const status = useConnection((s) => s.status)
  const text = {
    online: t('connection.online'),
    offline: t('connection.offline'),
    connecting: t('connection.connecting'),
    closed: t('connection.closed'),
    refused: t('connection.refused'),
    removed: t('connection.removed'),
    blocked: t('connection.blocked'),
    full: t('connection.full'),
    crowded: t('connection.crowded'),
    deleted: t('connection.deleted'),
  }[status]
  return (
    <div className={`connection connection--${status}`} role="status" aria-live="polite" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{text}</span>
    </div>
  )
}
