/** The facilitator's "Delen" panel: the join QR code, link and short code, and the view link. */
import { useEffect, useState } from 'react'
import { api } from '../api.ts'
import { formatJoinCode } from '../../shared/joinCode.ts'
import { Paths } from '../../shared/protocol.ts'
import { useT } from '../i18n/language.ts'
import { myBoards } from '../local/storage.ts'
import { CopyField } from '../ui/CopyField.tsx'
import { QrCode } from '../ui/QrCode.tsx'
import { SidePanel } from '../ui/SidePanel.tsx'

/** The board's short join code, asked from the server with the facilitator key; `renew` makes a new one. */
export function useJoinCode(boardId: string, facilitatorKey: string): { code: string | null; renew(): Promise<void> } {
  const [code, setCode] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    api.boardInfo(boardId, facilitatorKey).then(
      (info) => !cancelled && setCode(info.joinCode ?? null),
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [boardId, facilitatorKey])
  return {
    code,
    renew: async () => setCode((await api.renewJoinCode(boardId, facilitatorKey)).joinCode),
  }
}

export function SharePanel({ boardId, facilitatorKey, onClose }: { boardId: string; facilitatorKey: string; onClose(): void }) {
  const t = useT()
  const origin = window.location.origin
  const [viewId, setViewId] = useState(() => myBoards().find((b) => b.id === boardId)?.viewId)
  const joinCode = useJoinCode(boardId, facilitatorKey)

  // A browser that did not create the board asks the server, which tells the facilitator.
  useEffect(() => {
    if (viewId) return
    let cancelled = false
    api.boardInfo(boardId, facilitatorKey).then(
      (info) => !cancelled && info.viewId && setViewId(info.viewId),
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [boardId, facilitatorKey, viewId])

  return (
    <SidePanel title={t('board.shareHeading')} closeLabel={t('board.shareClose')} onClose={onClose}>
      <p>{t('board.shareText')}</p>
      <QrCode text={origin + Paths.join(boardId)} label={t('qr.join')} size={280} />
      <CopyField label={t('link.join')} value={origin + Paths.join(boardId)} large />
      {joinCode.code && (
        <div className="join-code">
          <p className="join-code__code">{t('joinCode.shown', { code: formatJoinCode(joinCode.code) })}</p>
          <button type="button" className="button button--quiet" onClick={() => void joinCode.renew()}>
            {t('joinCode.renew')}
          </button>
        </div>
      )}
      {viewId ? <CopyField label={t('link.view')} value={origin + Paths.view(viewId)} /> : <p className="muted">{t('board.viewLinkUnknown')}</p>}
    </SidePanel>
  )
}
