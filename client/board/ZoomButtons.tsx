/**
 * Zoom for a touch screen: tldraw hides its zoom controls on a phone and pinching is fiddly with one
 * hand. Large buttons at the side: closer, further, and the whole board.
 */
import type { Editor } from 'tldraw'
import { useT } from '../i18n/language.ts'

export function ZoomButtons({ editor }: { editor: Editor }) {
  const t = useT()
  const animation = { animation: { duration: 200 } }
  return (
    <div className="zoom-buttons" role="group" aria-label={t('zoom.group')}>
      <button type="button" className="zoom-buttons__button" aria-label={t('zoom.in')} title={t('zoom.in')} onClick={() => editor.zoomIn(undefined, animation)}>
        <span aria-hidden="true">+</span>
      </button>
      <button type="button" className="zoom-buttons__button" aria-label={t('zoom.out')} title={t('zoom.out')} onClick={() => editor.zoomOut(undefined, animation)}>
        <span aria-hidden="true">−</span>
      </button>
      <button type="button" className="zoom-buttons__button" aria-label={t('zoom.fit')} title={t('zoom.fit')} onClick={() => editor.zoomToFit(animation)}>
        <span aria-hidden="true">⤢</span>
      </button>
    </div>
  )
}

/**
 * Where a partner's canvas starts: what the facilitator is looking at, when they are on the board, else
 * the whole board (not a corner of it at 100 %). On a phone that is small; the zoom buttons go closer.
 */
export function arrivalView(editor: Editor): void {
  const leader = editor.getCollaborators().find((p) => (p.meta as { facilitator?: boolean } | undefined)?.facilitator && p.camera && p.screenBounds)
  if (leader?.camera && leader.screenBounds) {
    const { x, y, z } = leader.camera
    editor.zoomToBounds({ x: -x, y: -y, w: leader.screenBounds.w / z, h: leader.screenBounds.h / z }, { inset: 8 })
  } else if (editor.getCurrentPageShapeIds().size > 0) {
    editor.zoomToFit()
  }
}
