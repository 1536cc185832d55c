/** Every page (canvas and list) says when the facilitator restored a version, from the board's `lastRestore`. */
import { useState } from 'react'
import type * as Y from 'yjs'
import type { Language } from '../../shared/i18n/index.ts'
import { BoardMapKeys, type LastRestore } from '../../shared/protocol.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useBoardMapValue } from './boardMap.ts'
import { serverNow, useServerClock } from './serverClock.ts'

/** A moment in the reader's language: "wo 2 dec. 10:42"; today only the time. */
export function versionTime(iso: string, language: Language): string {
  const at = new Date(iso)
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB'
  const today = new Date().toDateString() === at.toDateString()
  return new Intl.DateTimeFormat(locale, today ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at)
}

function readLastRestore(value: unknown): LastRestore | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Partial<LastRestore>
  return typeof v.at === 'string' && typeof v.versionCreatedAt === 'string' && typeof v.versionId === 'number' ? (v as LastRestore) : null
}

/** How long after a restore a page that opens still says so. */
const RECENT_MS = 30 * 60 * 1000

/**
 * "De procesbegeleider heeft de versie van 10:42 teruggezet": on every page, as a banner, when a
 * restore happens while it is open or happened shortly before it opened; it can be put away.
 */
export function RestoreNotice({ doc }: { doc: Y.Doc | null }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const lastRestore = useBoardMapValue(doc, BoardMapKeys.lastRestore, readLastRestore)
  const [dismissed, setDismissed] = useState<string | null>(null)
  // `at` is the server's time: compared with the server's clock, not this laptop's.
  useServerClock((c) => c.offsetMs)
  if (!lastRestore || dismissed === lastRestore.at || serverNow() - Date.parse(lastRestore.at) > RECENT_MS) return null
  return (
    <p className="board-banner history__restored" role="status">
      {t('history.lastRestore', { time: versionTime(lastRestore.versionCreatedAt, language) })}{' '}
      <button type="button" className="button button--quiet" onClick={() => setDismissed(lastRestore.at)}>
        {t('history.close')}
      </button>
    </p>
  )
}
