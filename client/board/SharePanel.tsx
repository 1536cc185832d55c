/** The facilitator's "Delen" panel: the join QR code and link, and the view link. */
import { useEffect, useState } from 'react'
import { api } from '../api.ts'
import { Paths } from '../../shared/protocol.ts'
import { useT } from '../i18n/language.ts'
import { myBoards } from '../local/storage.ts'
import { CopyField } from '../ui/CopyField.tsx'
import { QrCode } from '../ui/QrCode.tsx'
import { SidePanel } from '../ui/SidePanel.tsx'

export function SharePanel({ boardId, facilitatorKey, onClose }: { boardId: string; facilitatorKey: string; onClose(): void }) {
  const t = useT()
  const origin = window.location.origin
  const [viewId, setViewId] = useState(() => myBoards().find((b) => b.id === boardId)?.viewId)

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
      {viewId ? <CopyField label={t('link.view')} value={origin + Paths.view(viewId)} /> : <p className="muted">{t('board.viewLinkUnknown')}</p>}
    </SidePanel>
  )
}
