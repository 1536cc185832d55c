/**
 * "Geschiedenis": the versions the server keeps of the board, a read-only look at one (a picture of its
 * canvas and its notes as the minutes group them), and "Terugzetten", which the server applies live for everyone. Every page says
 * when a restore happened (RestoreNotice.tsx).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { TldrawImage } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { buildMinutes } from '../../shared/board/minutes.ts'
import { collectNotes, displayNamesFrom } from '../../shared/board/notes.ts'
import { templateFramesOn } from '../../shared/board/placeNote.ts'
import type { Language } from '../../shared/i18n/index.ts'
import { BoardMapKeys, VERSION_NAME_MAX_LENGTH, type VersionDetail, type VersionInfo } from '../../shared/protocol.ts'
import { api, ApiError } from '../api.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { describeError } from '../ui/errors.ts'
import { useNotice } from '../ui/notice.ts'
import { useOpenPanel } from '../ui/PanelButton.tsx'
import { SidePanel } from '../ui/SidePanel.tsx'
import { versionTime } from './RestoreNotice.tsx'
import { VersionCanvas } from './VersionCanvas.tsx'
import { boardShapeUtils } from '../board/shapes.ts'
import { clientConfig } from '../config.ts'
import { useBoardSession } from '../session/BoardSession.tsx'

// The picture's fonts come from our own build, as the canvas's do: no CDN.
const assetUrls = getAssetUrlsByImport()

export const HISTORY_PANEL = 'history'

/** The server's answer for a version written by a newer Waterlijn than it is. */
const unreadable = (error: unknown) => error instanceof ApiError && error.failure.kind === 'server' && error.failure.status === 422

/** The button under "Meer": the panel itself lies over the canvas, like the templates. */
export function HistoryButton() {
  const t = useT()
  return (
    <button type="button" className="button" onClick={() => useOpenPanel.setState({ open: HISTORY_PANEL })}>
      {t('history.button')}
    </button>
  )
}

export function HistoryPanel({ boardId, facilitatorKey, onClose }: { boardId: string; facilitatorKey: string; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const [versions, setVersions] = useState<VersionInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [preview, setPreview] = useState<VersionDetail | null>(null)
  const [onCanvas, setOnCanvas] = useState(false)
  const closeCanvas = useCallback(() => setOnCanvas(false), [])
  const [confirming, setConfirming] = useState<VersionInfo | null>(null)

  const load = useCallback(async () => {
    try {
      setVersions((await api.versions(boardId, facilitatorKey)).versions)
      setError(null)
    } catch (e) {
      setError(`${t('history.failed')} ${describeError(e, t)}`)
    }
  }, [boardId, facilitatorKey, t])
  useEffect(() => void load(), [load])

  const save = async () => {
    setBusy(true)
    try {
      await api.saveVersion(boardId, facilitatorKey, name.trim() ? { name: name.trim() } : {})
      setName('')
      useNotice.getState().show(t('history.saved'))
      await load()
    } catch (e) {
      setError(describeError(e, t))
    } finally {
      setBusy(false)
    }
  }

  const restore = async (version: VersionInfo) => {
    setConfirming(null)
    setBusy(true)
    try {
      await api.restoreVersion(boardId, facilitatorKey, version.id)
      useNotice.getState().show(t('history.restored', { time: versionTime(version.createdAt, language) }))
      setPreview(null)
      await load()
    } catch (e) {
      setError(`${t('history.restoreFailed')} ${unreadable(e) ? t('history.unreadable') : describeError(e, t)}`)
    } finally {
      setBusy(false)
    }
  }

  const open = async (version: VersionInfo) => {
    try {
      setPreview(await api.version(boardId, facilitatorKey, version.id))
    } catch (e) {
      setError(unreadable(e) ? t('history.unreadable') : describeError(e, t))
    }
  }

  const confirm = confirming && (
    <div className="history__confirm" role="alertdialog" aria-label={t('history.restore')}>
      <p>{t('history.confirm', { time: versionTime(confirming.createdAt, language) })}</p>
      <button type="button" className="button button--danger" onClick={() => void restore(confirming)}>
        {t('history.confirmYes')}
      </button>
      <button type="button" className="button button--quiet" onClick={() => setConfirming(null)}>
        {t('history.cancel')}
      </button>
    </div>
  )

  return (
    <SidePanel title={preview ? t('history.previewTitle', { time: versionTime(preview.createdAt, language) }) : t('history.title')} closeLabel={t('history.close')} onClose={onClose} className="history">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {preview ? (
        <>
          <button type="button" className="button button--quiet" onClick={() => (setPreview(null), setConfirming(null))}>
            {t('history.back')}
          </button>
          <button type="button" className="button" onClick={() => setOnCanvas(true)}>
            {t('history.onCanvas')}
          </button>
          <VersionPreview version={preview} language={language} />
          {onCanvas && <VersionCanvas version={preview} onClose={closeCanvas} />}
          {confirm ?? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => setConfirming(preview)}>
              {t('history.restore')}
            </button>
          )}
        </>
      ) : (
        <>
          <p className="history__intro">{t('history.intro')}</p>
          <form
            className="history__save"
            onSubmit={(e) => {
              e.preventDefault()
              void save()
            }}
          >
            <label>
              {t('history.nameLabel')}
              <input type="text" value={name} maxLength={VERSION_NAME_MAX_LENGTH} placeholder={t('history.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
            </label>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('history.save')}
            </button>
          </form>
          {confirm}
          {versions === null && !error && <p>{t('history.loading')}</p>}
          {versions?.length === 0 && <p>{t('history.empty')}</p>}
          {versions && versions.length > 0 && (
            <ol className="history__list">
              {versions.map((version) => (
                <li key={version.id} className="history__version">
                  <p className="history__when">
                    <strong>{versionTime(version.createdAt, language)}</strong>
                    {version.name && <span className="history__name"> “{version.name}”</span>}
                    <span className="history__kind"> · {t(`history.kind.${version.kind}`)}</span>
                  </p>
                  <p className="history__what">
                    {t('history.notes', { count: version.notes })}
                    {version.organisations.length > 0 &&
                      ` · ${t('history.changedMost', {
                        organisations: version.organisations
                          .slice(0, 3)
                          .map((o) => o.organisation ?? t('history.facilitator'))
                          .join(', '),
                      })}`}
                  </p>
                  <div className="history__actions">
                    <button type="button" className="button" onClick={() => void open(version)}>
                      {t('history.preview')}
                    </button>
                    <button type="button" className="button" disabled={busy} onClick={() => setConfirming(version)}>
                      {t('history.restore')}
                    </button>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </SidePanel>
  )
}

/** The version's notes as text, grouped by template and zone as the minutes are: nothing on the board changes. */
function VersionPreview({ version, language }: { version: VersionDetail; language: Language }) {
  const t = useT()
  const sections = useMemo(() => {
    const notes = collectNotes(version.records, language, displayNamesFrom(version.settings[BoardMapKeys.displayNames]))
    return buildMinutes(notes, templateFramesOn(version.records), language)
  }, [version, language])
  // The version drawn as the canvas would draw it, in a picture of its own: the live board is untouched.
  const { store } = useBoardSession()
  // tldraw's picture is an <img> without text: the box around it carries the name, so the image itself
  // is marked as decoration for screen readers.
  const pictureRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const box = pictureRef.current
    if (!box) return
    const mark = () => box.querySelectorAll('img:not([alt])').forEach((img) => img.setAttribute('alt', ''))
    const observer = new MutationObserver(mark)
    observer.observe(box, { childList: true, subtree: true })
    mark()
    return () => observer.disconnect()
  }, [])
  const snapshot = useMemo(
    () => ({ store: Object.fromEntries(version.records.map((r) => [String(r.id), r])) as never, schema: store.schema.serialize() }),
    [version, store],
  )
  return (
    <div className="history__preview" aria-label={t('history.previewNote')}>
      <p className="history__intro">{t('history.previewNote')}</p>
      <div ref={pictureRef} className="history__image" role="img" aria-label={t('history.picture', { time: versionTime(version.createdAt, language) })}>
        <TldrawImage snapshot={snapshot} shapeUtils={boardShapeUtils} assetUrls={assetUrls} licenseKey={clientConfig().tldrawLicenseKey ?? undefined} background padding={24} />
      </div>
      <p>{t('history.notes', { count: version.notes })}</p>
      {sections.map((section) => (
        <section key={section.template?.id ?? 'loose'} className="history__section">
          <h3>{section.template ? section.template.name : t('list.looseHeading')}</h3>
          {section.groups
            .filter((group) => group.notes.length > 0)
            .map((group) => (
              <div key={group.zoneId ?? 'none'}>
                {section.template && <h4>{group.heading}</h4>}
                <ul>
                  {group.notes.map((note) => (
                    <li key={note.id}>
                      {note.text}
                      {note.author && <span className="history__byline"> — {t('note.byline', { author: note.author, organisation: note.organisation ?? '' })}</span>}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
        </section>
      ))}
    </div>
  )
}
