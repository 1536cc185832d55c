/**
 * The facilitator's "Exporteer als PDF": paper size, whole board or the selected templates, minutes on
 * or off. The PDF code (about 0.5 MB) is a chunk of its own, fetched a few seconds after the board opened,
 * not with it; the board stays usable while a PDF is made. Below it, the minutes to edit and send, as a
 * Word document or as Markdown: the server writes those, from the same minutes model as the PDF.
 */
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useNotice } from '../ui/notice.ts'
import { download, fileName } from '../files/files.ts'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'
import type { Paper, PdfOptions } from './pdf.ts'

// The panel's own small layout: one choice per line, the box or circle before its words.
const CHOICE = { display: 'flex', alignItems: 'center', gap: 8, fontWeight: 'normal' } as const
const BOX = { width: 'auto', margin: 0, flex: 'none' } as const
const GROUP = { border: 0, padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: 4 } as const
const PREPARE_AFTER_MS = 4000

/**
 * Once the board has settled, the PDF code and fonts are fetched (and kept by the service worker), so
 * the minutes can be made without network too. Its own component: the menu itself is mounted only
 * while "Meer" is open.
 */
export function PreparePdf(): null {
  useEffect(() => {
    const timer = window.setTimeout(() => {
      import('./pdf.ts').then((module) => module.preparePdf()).catch(() => {
        // Offline already, or the server is gone: the export says so when it is asked for.
      })
    }, PREPARE_AFTER_MS)
    return () => window.clearTimeout(timer)
  }, [])
  return null
}

export function ExportMenu({ editor, doc, title, boardId, facilitatorKey }: { editor: Editor; doc: Y.Doc; title: string; boardId: string; facilitatorKey: string }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const [open, setOpen] = usePanel('pdf')
  const [paper, setPaper] = useState<Paper>('a4')
  const [scope, setScope] = useState<PdfOptions['scope']>('all')
  const [minutes, setMinutes] = useState(true)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [fetching, setFetching] = useState<'docx' | 'md' | null>(null)
  const notice = (message: string) => useNotice.getState().show(message)

  const fetchMinutes = async (format: 'docx' | 'md') => {
    setFetching(format)
    try {
      download(await api.minutes(boardId, facilitatorKey, format, language), fileName(title, format))
      notice(t('minutesFormats.done'))
    } catch (error) {
      console.error(error)
      notice(t(error instanceof ApiError && error.failure.kind === 'unreachable' ? 'minutesFormats.offline' : 'minutesFormats.failed'))
    } finally {
      setFetching(null)
    }
  }

  const make = async () => {
    setProgress({ done: 0, total: 1 })
    try {
      const { buildPdf, NothingSelectedError } = await import('./pdf.ts')
      try {
        const result = await buildPdf(editor, doc, { title, language, paper, scope, minutes }, (done, total) => setProgress({ done, total }))
        download(result.blob, fileName(title, 'pdf'))
        notice(t('export.done', { pages: result.pages }))
        setOpen(false)
      } catch (error) {
        if (error instanceof NothingSelectedError) notice(t('export.noSelection'))
        else throw error
      }
    } catch (error) {
      console.error(error)
      notice(t('export.failed'))
    } finally {
      setProgress(null)
    }
  }

  const busy = progress !== null || fetching !== null
  return (
    <PanelButton
      label={progress && !open ? t('export.progress', { done: progress.done, total: progress.total }) : t('export.button')}
      panelLabel={t('export.button')}
      open={open}
      onToggle={() => setOpen((o) => !o)}
    >
      <fieldset disabled={busy} style={{ ...GROUP, flexDirection: 'row', gap: 16 }}>
        <legend style={{ fontWeight: 600, paddingBottom: 4 }}>{t('export.paper')}</legend>
        {(['a4', 'a3'] as const).map((p) => (
          <label key={p} style={CHOICE}>
            <input style={BOX} type="radio" name="export-paper" checked={paper === p} onChange={() => setPaper(p)} /> {p.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={busy} style={GROUP}>
        <legend style={{ fontWeight: 600, paddingBottom: 4 }}>{t('export.scope')}</legend>
        <label style={CHOICE}>
          <input style={BOX} type="radio" name="export-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('export.scopeAll')}
        </label>
        <label style={CHOICE}>
          <input style={BOX} type="radio" name="export-scope" checked={scope === 'selected'} onChange={() => setScope('selected')} /> {t('export.scopeSelected')}
        </label>
      </fieldset>
      <label style={CHOICE}>
        <input style={BOX} type="checkbox" checked={minutes} disabled={busy} onChange={(e) => setMinutes(e.target.checked)} /> {t('export.minutes')}
      </label>
      <button type="button" className="button button--primary" onClick={make} disabled={busy}>
        {t('export.make')}
      </button>
      {progress && (
        <div role="status">
          <progress max={progress.total} value={progress.done} style={{ width: '100%' }} />
          {t('export.progress', { done: progress.done, total: progress.total })}
        </div>
      )}
      <fieldset disabled={busy} style={{ ...GROUP, borderTop: '1px solid #d5dae3', paddingTop: 10, marginTop: 4 }}>
        <legend style={{ fontWeight: 600, paddingBottom: 4, float: 'left', width: '100%' }}>{t('minutesFormats.heading')}</legend>
        <button type="button" className="button" onClick={() => fetchMinutes('docx')}>
          {t('minutesFormats.word')}
        </button>
        <button type="button" className="button" onClick={() => fetchMinutes('md')}>
          {t('minutesFormats.markdown')}
        </button>
      </fieldset>
      {fetching && <div role="status">{t('minutesFormats.busy')}</div>}
    </PanelButton>
  )
}
