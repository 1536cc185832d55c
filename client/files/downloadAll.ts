/**
 * "Alles downloaden": everything a facilitator needs of a board before it is deleted, in one ZIP — the
 * minutes as PDF and CSV, the board as a .tldr file, the board's records as JSON and the list of its
 * saved versions. Made in the browser from what the page holds (and the versions list from the server).
 */
import { serializeTldrawJsonBlob, type Editor } from 'tldraw'
import type * as Y from 'yjs'
import type { Language } from '../../shared/i18n/index.ts'
import { translate } from '../../shared/i18n/index.ts'
import { DocKeys } from '../../shared/protocol.ts'
import { boardMapOf, docRecords } from '../sync/docLayout.ts'
import { download, fileName, notesCsvText } from './files.ts'

export interface EverythingOptions {
  boardId: string
  facilitatorKey: string
  title: string
  language: Language
  votes: (noteId: string) => number | null
}

/** The board's versions as the server lists them, or null where the server keeps none (or cannot be reached). */
async function versionsList(boardId: string, facilitatorKey: string): Promise<unknown | null> {
  try {
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/versions`, { headers: { authorization: `Bearer ${facilitatorKey}` } })
    return res.ok ? await res.json() : null
  } catch {
    return null
  }
}

export async function downloadEverything(editor: Editor, doc: Y.Doc, options: EverythingOptions): Promise<void> {
  const { title, language } = options
  const [{ zipSync, strToU8 }, { buildPdf }] = await Promise.all([import('fflate'), import('../export/pdf.ts')])
  const pdf = await buildPdf(editor, doc, { title, language, paper: 'a4', scope: 'all', minutes: true }, () => {})
  const tldr = await serializeTldrawJsonBlob(editor)
  const versions = await versionsList(options.boardId, options.facilitatorKey)
  const base = fileName(title, 'zip').replace(/\.zip$/, '')
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key)
  const files: Record<string, Uint8Array> = {
    [fileName(title, 'pdf')]: new Uint8Array(await pdf.blob.arrayBuffer()),
    // The same CSV as its own download (with its byte-order mark, so Excel reads the accents).
    [fileName(title, 'csv')]: strToU8(notesCsvText(editor, language, options.votes)),
    [fileName(title, 'tldr')]: new Uint8Array(await tldr.arrayBuffer()),
    'records.json': strToU8(
      JSON.stringify(
        { board: options.boardId, title, exportedAt: new Date().toISOString(), records: docRecords(doc), settings: boardMapOf(doc).toJSON(), votes: doc.getMap(DocKeys.votes).toJSON() },
        null,
        1,
      ),
    ),
    ...(versions ? { 'versions.json': strToU8(JSON.stringify(versions, null, 1)) } : {}),
    [t('files.everythingReadmeName')]: strToU8(t('files.everythingReadme')),
  }
  download(new Blob([zipSync(files, { level: 6 })], { type: 'application/zip' }), `${base}.zip`)
}
