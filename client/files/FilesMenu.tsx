/** The facilitator's "Bestanden" menu: notes as CSV, board as .tldr and back, a PNG of the view. */
import { useRef } from 'react'
import type { Editor } from 'tldraw'
import { api } from '../api.ts'
import { useVotingView } from '../facilitator/voting.tsx'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'
import { useLanguage, useT } from '../i18n/language.ts'
import { useNotice } from '../ui/notice.ts'
import { downloadNotesCsv, downloadPng, downloadTldr, importTldr } from './files.ts'
import { downloadEverything } from './downloadAll.ts'
import { useBoardSession } from '../session/BoardSession.tsx'

export function FilesMenu({ editor, title, boardId, facilitatorKey }: { editor: Editor; title: string; boardId: string; facilitatorKey: string }) {
  const t = useT()
  const { doc } = useBoardSession()
  const language = useLanguage((s) => s.language)
  const [open, setOpen] = usePanel('files')
  const input = useRef<HTMLInputElement>(null)
  const notice = (message: string) => useNotice.getState().show(message)
  const run = (action: () => void | Promise<void>) => async () => {
    setOpen(false)
    try {
      await action()
    } catch {
      notice(t('files.failed'))
    }
  }
  // Counts as the board shows them: not while a round with hidden results is still open.
  const votes = (noteId: string) => {
    const { round, counts, showCounts } = useVotingView.getState()
    return round && showCounts ? (counts.get(noteId) ?? 0) : null
  }
  return (
    <>
      <PanelButton label={t('files.button')} panelLabel={t('files.button')} open={open} onToggle={() => setOpen((o) => !o)}>
        <button type="button" className="button" onClick={run(() => downloadNotesCsv(editor, title, language, votes))}>
          {t('files.csv')}
        </button>
        <button type="button" className="button" onClick={run(() => downloadTldr(editor, title))}>
          {t('files.tldr')}
        </button>
        <button type="button" className="button" onClick={run(() => downloadPng(editor, title))}>
          {t('files.png')}
        </button>
        <button type="button" className="button" onClick={() => input.current?.click()}>
          {t('files.import')}
        </button>
        <button
          type="button"
          className="button"
          onClick={run(async () => {
            notice(t('files.everythingBusy'))
            await downloadEverything(editor, doc, { boardId, facilitatorKey, title, language, votes })
            notice(t('files.everythingDone'))
          })}
        >
          {t('files.everything')}
        </button>
      </PanelButton>
      <input
        ref={input}
        type="file"
        accept=".tldr,application/json"
        hidden
        aria-label={t('files.import')}
        onChange={async (e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          setOpen(false)
          if (!file) return
          try {
            const text = await file.text()
            // A file brought into the wrong board can be undone from the history. Without the server (offline)
            // the import still happens; the versions kept every few minutes are the way back then.
            await api.saveVersion(boardId, facilitatorKey, { kind: 'before-import' }).catch(() => {})
            const count = importTldr(editor, text)
            notice(t('files.imported', { count }))
          } catch {
            notice(t('files.importFailed'))
          }
        }}
      />
    </>
  )
}
