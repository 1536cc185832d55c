/**
 * A version on a canvas of its own, read-only: pan and zoom around the board as it was, over the live
 * board, which nothing here changes (a separate tldraw store, never bound to the shared document).
 */
import { useEffect, useMemo } from 'react'
import { createTLStore, defaultBindingUtils, Tldraw, type Editor, type TLComponents } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import type { VersionDetail } from '../../shared/protocol.ts'
import { boardShapeUtils } from '../board/shapes.ts'
import { clientConfig } from '../config.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useBoardSession } from '../session/BoardSession.tsx'
import { versionTime } from './RestoreNotice.tsx'
import { PREVIEW_META } from './previewMeta.ts'

const assetUrls = getAssetUrlsByImport()
// Only looking: no page menu, no tools, no style panel.
const components: TLComponents = { PageMenu: null, Toolbar: null, StylePanel: null, ActionsMenu: null, QuickActions: null, MainMenu: null }


export function VersionCanvas({ version, onClose }: { version: VersionDetail; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const { store: live } = useBoardSession()
  const store = useMemo(
    () =>
      createTLStore({
        shapeUtils: boardShapeUtils,
        bindingUtils: defaultBindingUtils,
        snapshot: { store: Object.fromEntries(version.records.map((r) => [String(r.id), r])) as never, schema: live.schema.serialize() },
      }),
    [version, live],
  )
  useEffect(() => {
    // Escape closes this view only, not the history panel under it.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      e.stopPropagation()
      onClose()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [onClose])
  const onMount = (editor: Editor) => {
    editor.updateInstanceState({ isReadonly: true, meta: { [PREVIEW_META]: true } })
    editor.user.updateUserPreferences({ locale: language })
    editor.zoomToFit()
    // A few notes fill the screen at 270 %: no closer than the canvas's own 100 % to start with.
    if (editor.getZoomLevel() > 1) editor.resetZoom(editor.getViewportScreenCenter())
  }
  const time = versionTime(version.createdAt, language)
  return (
    <div className="version-canvas" role="dialog" aria-modal="true" aria-label={t('history.canvasTitle', { time })}>
      <div className="version-canvas__bar">
        <p className="version-canvas__title">{t('history.canvasTitle', { time })}</p>
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('history.close')}
        </button>
      </div>
      <div className="version-canvas__board">
        <Tldraw store={store} shapeUtils={boardShapeUtils} assetUrls={assetUrls} licenseKey={clientConfig().tldrawLicenseKey ?? undefined} components={components} onMount={onMount} />
      </div>
    </div>
  )
}
