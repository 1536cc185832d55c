/**
 * The minutes to edit and send, from the real server: a board filled through a stock y-websocket client
 * as the facilitator, read back as Markdown and as a Word document, and that Word document opened by
 * LibreOffice (converted to PDF headless), as a partner without Word would open it.
 * Needs Debian's libreoffice-writer-nogui and poppler-utils (test/ensure-test-tools.mjs installs them).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { createBoard, joinBoard, removeDataDir, startServer, waitFor, type RunningServer } from '../helpers/server.ts'
import { connectClient, type TestClient } from '../helpers/yclient.ts'
import { frameRecord, noteRecord } from '../helpers/records.ts'
import { BoardMapKeys, DocKeys, type CreateBoardResponse } from '../../shared/protocol.ts'

const run = promisify(execFile)
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const TITLE = 'Verkenning Één café: wonen & zorg'
const T0 = Date.parse('2026-12-02T09:00:00Z')

let server: RunningServer
let board: CreateBoardResponse
let client: TestClient
let anneToken: string

beforeAll(async () => {
  server = await startServer()
  board = await createBoard(server, TITLE)
  anneToken = (await joinBoard(server, board.id, { name: 'Anne', organisation: 'Gemeente Utrecht' })).participant.token
  await joinBoard(server, board.id, { name: 'Bram', organisation: 'Woonstichting Reünie' })
  client = connectClient(server.wsUrl, board.id, { key: board.facilitatorKey })
  await client.synced
  client.doc.transact(() => {
    client.records.set('shape:ice', frameRecord('shape:ice', 'iceberg', { waterline: 0.34 }, { x: 0, y: 0, w: 2400, h: 1800, name: 'IJsberg' }))
    client.records.set('shape:n1', noteRecord('shape:n1', 'Zorg om geld | en *tijd*', { x: 1000, y: 1600, parentId: 'shape:ice' }))
    const settings = client.doc.getMap(DocKeys.board)
    settings.set(BoardMapKeys.programme, {
      currentId: null,
      parts: [
        { id: 'p1', title: 'Verkennen', preset: null, minutes: 20, frameIds: ['shape:ice'], startedAt: T0, endedAt: T0 + 23 * 60_000 },
        { id: 'p2', title: null, preset: 'concluding', minutes: 20, frameIds: [], startedAt: null, endedAt: null },
      ],
    })
    settings.set(BoardMapKeys.agreements, {
      items: [
        { id: 'x1', what: 'Plan van aanpak opstellen', owner: 'Gemeente Utrecht', due: '2027-03-01', kind: 'plan-of-approach', noteId: null, createdAt: '2026-12-02T10:00:00Z' },
        { id: 'x2', what: 'Discussienotitie over huren', owner: 'Woonstichting Reünie', due: 'voor de zomer', kind: 'discussion-paper', noteId: null, createdAt: '2026-12-02T10:01:00Z' },
        { id: 'x3', what: 'Zorgverzekeraar uitnodigen', owner: null, due: '', kind: 'other', noteId: null, createdAt: '2026-12-02T10:02:00Z' },
      ],
      nextMeeting: { date: '2027-03-12', note: 'stadhuis' },
    })
  })
  // Everything arrived at the server: the minutes show the last agreement.
  await waitFor(async () => (await get('?format=md')).text().then((md) => md.includes('Zorgverzekeraar uitnodigen')), 5000, 'the board on the server')
})

afterAll(async () => {
  client?.destroy()
  await server?.stop()
  if (server) removeDataDir(server.dataDir)
})

function get(query: string, headers: Record<string, string> = { authorization: `Bearer ${board.facilitatorKey}` }, id = board.id) {
  return fetch(`${server.url}/api/boards/${id}/minutes${query}`, { headers })
}

describe('GET /api/boards/:id/minutes', () => {
  it('gives the facilitator the minutes as Markdown, named after the board', async () => {
    const res = await get('')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Verkenning Een cafe wonen zorg.md"; filename*=UTF-8''${encodeURIComponent('Verkenning Één café wonen zorg.md')}`,
    )
    const md = await res.text()
    expect(md.startsWith(`# ${TITLE}\n`)).toBe(true)
    expect(md).toContain('## Verkennen\n\n*Gepland: 20 min · duurde 23 min*')
    expect(md).toContain('#### Onder de waterlijn — achtergrond en ervaring\n\n- Zorg om geld \\| en \\*tijd\\*\\\n  *Anne · Gemeente Utrecht*')
    expect(md).toContain('### Nog niet belegd')
    expect(md).toContain('| Plan van aanpak opstellen | 1 maart 2027 | Plan van aanpak |')
    // Who joined is there, also Bram who wrote nothing.
    expect(md).toContain('- **Woonstichting Reünie**: Bram')

    const english = await (await get('?format=md&lang=en')).text()
    expect(english).toContain('### Not assigned yet')
    expect(english).toContain('Below the waterline — background and experience')
  })

  it('gives the facilitator a Word document with the programme and the agreements', async () => {
    // The key as ?key= works as well as the header, as on the other facilitator routes.
    const res = await get(`?format=docx&key=${board.facilitatorKey}`, {})
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Verkenning Een cafe wonen zorg\.docx"; filename\*=UTF-8''Verkenning%20%C3%89%C3%A9n/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    const xml = strFromU8(unzipSync(bytes)['word/document.xml'])
    const text = xml.replace(/<[^>]+>/g, '')
    for (const s of ['Verkennen', 'Gepland: 20 min · duurde 23 min', 'Zorg om geld | en *tijd*', 'Plan van aanpak opstellen', 'Nog niet belegd', 'Zorgverzekeraar uitnodigen']) {
      expect(text).toContain(s.replace(/&/g, '&amp;'))
    }
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*?Verkennen/)
  })

  it('answers like the other facilitator routes: 401 without a key, 403 for a wrong one or a partner’s token, 400 for an unknown format, 404', async () => {
    const noKey = await get('?format=docx', {})
    expect(noKey.status).toBe(401)
    expect((await noKey.json()).error).toMatch(/facilitator key is required/)
    expect((await get('?format=md', { authorization: 'Bearer wrong' })).status).toBe(403)
    expect((await get('?format=md', { authorization: `Bearer ${anneToken}` })).status).toBe(403)

    const pdf = await get('?format=pdf')
    expect(pdf.status).toBe(400)
    expect(await pdf.json()).toEqual({ error: 'format must be "md" (Markdown) or "docx" (Word)' })
    expect((await get('?lang=de')).status).toBe(400)
    expect((await fetch(`${server.url}/api/boards/${board.id}/minutes`, { method: 'POST', headers: { authorization: `Bearer ${board.facilitatorKey}` } })).status).toBe(405)

    // A view link is not a board id; an unknown board is not found; a deleted one says so.
    expect((await get('', undefined, board.viewId)).status).toBe(404)
    expect((await get('', undefined, 'nOtAbOaRdIdAtAlL0000000')).status).toBe(404)
    const other = await createBoard(server, 'Weg ermee')
    const deleted = await fetch(`${server.url}/api/boards/${other.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other.facilitatorKey}` } })
    expect(deleted.status).toBe(200)
    const gone = await get('?format=docx', { authorization: `Bearer ${other.facilitatorKey}` }, other.id)
    expect(gone.status).toBe(404)
    expect(await gone.json()).toMatchObject({ reason: 'deleted' })
  })

  it('opens in LibreOffice: the Word document converts to a PDF with the headings and the agreements', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waterlijn-lo-'))
    try {
      const docx = join(dir, 'verslag.docx')
      writeFileSync(docx, new Uint8Array(await (await get('?format=docx')).arrayBuffer()))
      // A profile of its own: another soffice running on the machine must not take the job.
      await run('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 100_000 })
      expect(readFileSync(join(dir, 'verslag.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', join(dir, 'verslag.pdf'), '-'])
      const text = stdout.replace(/\s+/g, ' ')
      for (const s of [TITLE, 'Verkennen', 'Gepland: 20 min · duurde 23 min', 'Concluderend deel — commitment en vervolgafspraken', 'Vervolgafspraken', 'Gemeente Utrecht', 'Plan van aanpak opstellen', 'Woonstichting Reünie', 'Discussienotitie over huren', 'Nog niet belegd', 'Zorgverzekeraar uitnodigen', 'Volgende bijeenkomst: 12 maart 2027 — stadhuis']) {
        expect(text).toContain(s)
      }
      expect(text.indexOf('Nog niet belegd')).toBeLessThan(text.indexOf('Zorgverzekeraar uitnodigen'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
