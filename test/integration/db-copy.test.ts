// npm run db:copy: a real SQLite database with everything a board holds, copied into a real PostgreSQL;
// afterwards the PostgreSQL store answers exactly what the SQLite store did.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PostgresStore } from '../../server/store/postgres.ts'
import { SqliteStore } from '../../server/store/sqlite.ts'
import type { BoardStore, StoredBoard } from '../../server/store/types.ts'
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'waterlijn-copy-'))
let cluster: TestPostgres
beforeAll(async () => {
  cluster = await startPostgres()
})
afterAll(async () => {
  await cluster?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function copy(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/dbCopy.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

const anne = { authorId: 'anne-author-id', tokenHash: 'cd'.repeat(32), name: 'Anne', organisation: 'Gemeente Utrecht', joinedAt: '2026-12-01T10:00:00.000Z' }
const bram = { authorId: 'bram-author-id', tokenHash: 'ef'.repeat(32), name: 'Bram', organisation: 'Woonstichting', joinedAt: '2026-12-01T10:02:00.000Z' }
const main: StoredBoard = { id: 'copy-board-0000001', viewId: 'copy-view-00000001', title: 'Verkenning Waterlijn', keyHash: 'ab'.repeat(32), createdAt: '2026-11-20T09:00:00.000Z', locked: false, joinCode: 'K7M4QX' }
const plain: StoredBoard = { id: 'copy-board-0000002', viewId: 'copy-view-00000002', title: 'Tweede bord', keyHash: 'ab'.repeat(32), createdAt: '2026-11-21T09:00:00.000Z', locked: false }
const gone: StoredBoard = { id: 'copy-board-0000003', viewId: 'copy-view-00000003', title: 'Verwijderd', keyHash: 'ab'.repeat(32), createdAt: '2026-11-22T09:00:00.000Z', locked: false }

async function fill(store: SqliteStore): Promise<void> {
  const doc = new Y.Doc()
  const pending: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => void pending.push(u))
  doc.getMap('m').set('start', 1)
  await store.createBoard(main, pending.shift()!)
  let seq = 0
  for (let i = 0; i < 30; i++) {
    doc.getMap('m').set('n', i)
    seq = await store.appendUpdate(main.id, pending.shift()!)
  }
  await store.compact(main.id, Y.encodeStateAsUpdate(doc), seq)
  for (let i = 0; i < 5; i++) {
    doc.getMap('m').set(`after${i}`, i)
    await store.appendUpdate(main.id, pending.shift()!)
  }
  await store.saveParticipant(main.id, anne)
  await store.saveParticipant(main.id, bram)
  await store.saveVote(main.id, 'ronde-1', anne.authorId, ['shape:a', 'shape:a'])
  await store.saveVote(main.id, 'ronde-1', bram.authorId, [])
  await store.saveVote(main.id, 'ronde-2', anne.authorId, ['shape:c'])
  const snapshot = Y.encodeStateAsUpdate(doc)
  await store.saveVersion(main.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'auto', name: null, notes: 3, changes: { 'Gemeente Utrecht': 2, '': 1 } }, snapshot)
  await store.saveVersion(main.id, { createdAt: '2026-12-01T10:05:00.000Z', kind: 'manual', name: 'na de pauze', notes: 4, changes: {} }, snapshot)
  const newest = await store.saveVersion(main.id, { createdAt: '2026-12-01T10:06:00.000Z', kind: 'auto', name: null, notes: 4, changes: {} }, snapshot)
  await store.deleteVersions(main.id, [newest.id])
  await store.setLocked(main.id, true)
  await store.touchBoard(main.id, '2026-12-01T12:00:00.000Z')
  await store.setRetainUntil(main.id, '2027-06-01T00:00:00.000Z')
  await store.createBoard(plain, new Uint8Array([0, 0]))
  await store.createBoard(gone, new Uint8Array([0, 0]))
  await store.saveParticipant(gone.id, anne)
  await store.deleteBoards([gone.id], '2026-12-01T13:00:00.000Z')
}

/** What a store answers about the boards, through the interface. */
async function answers(store: BoardStore) {
  const out: Record<string, unknown> = {}
  for (const b of [main, plain]) {
    const versions = await store.listVersions(b.id)
    out[b.id] = {
      board: await store.getBoard(b.id),
      byView: (await store.getBoardByViewId(b.viewId))?.id,
      updates: (await store.loadUpdates(b.id)).updates.map((u) => Buffer.from(u).toString('base64')),
      lastSeq: (await store.loadUpdates(b.id)).lastSeq,
      bytes: await store.storedBytes(b.id),
      participants: [await store.findParticipant(b.id, anne.tokenHash), await store.findParticipant(b.id, bram.tokenHash)],
      votes: [...(await store.loadVotes(b.id, 'ronde-1')).entries(), ...(await store.loadVotes(b.id, 'ronde-2')).entries()],
      versions,
      snapshots: await Promise.all(versions.map(async (v) => Buffer.from((await store.loadVersion(b.id, v.id))!.snapshot).toString('base64'))),
    }
  }
  out.joinCode = (await store.getBoardByJoinCode('K7M4QX'))?.id
  out.deleted = [await store.deletedAt(gone.id), await store.deletedAt(gone.viewId), await store.deletedAt(main.id)]
  out.gone = await store.getBoard(gone.id)
  out.expiring = (await store.boardsToExpire('2026-12-01T11:00:00.000Z', '2026-12-02T00:00:00.000Z')).sort()
  return out
}

describe('npm run db:copy', () => {
  it('copies every board with everything it holds, reads back the same, and refuses a second copy', async () => {
    const source = new SqliteStore(join(dir, 'waterlijn.sqlite'))
    await fill(source)
    const expected = await answers(source)
    await source.close()
    const url = await cluster.createDatabase()

    const first = copy('--from', `sqlite:${dir}`, '--to', url)
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/Copied 2 boards \(7 updates, .* 2 versions; 2 participants; 3 votes\) and 2 tombstones/)

    const target = await PostgresStore.open(url)
    expect(await answers(target)).toEqual(expected)
    expect((expected[main.id] as { board: StoredBoard }).board).toMatchObject({ locked: true, lastOpenedAt: '2026-12-01T12:00:00.000Z', retainUntil: '2027-06-01T00:00:00.000Z' })
    // The copy goes on where the source left off: no update number or version id is handed out twice.
    const lastSeq = (expected[main.id] as { lastSeq: number }).lastSeq
    expect(await target.appendUpdate(main.id, new Uint8Array([0, 0]))).toBe(lastSeq + 1)
    const next = await target.saveVersion(main.id, { createdAt: '2026-12-02T10:00:00.000Z', kind: 'manual', name: null, notes: 0, changes: {} }, new Uint8Array([0, 0]))
    expect(next.id).toBe(4)
    await target.close()

    const again = copy('--from', `sqlite:${join(dir, 'waterlijn.sqlite')}`, '--to', url)
    expect(again.code).not.toBe(0)
    expect(again.err).toMatch(/already holds 2 of the 2 boards .*Nothing was copied.*--skip-existing/)

    const skipping = copy('--from', `sqlite:${dir}`, '--to', url, '--skip-existing')
    expect(skipping.code).toBe(0)
    expect(skipping.out).toMatch(/Copied 0 boards .* and 0 tombstones .*skipped 2 boards/)
  })

  it('says what is wrong with its arguments, and never makes an empty SQLite database', () => {
    const missing = copy('--from', `sqlite:${join(dir, 'nothing-here')}`, '--to', 'postgres://postgres@127.0.0.1:1/x')
    expect(missing.code).not.toBe(0)
    expect(missing.err).toMatch(/There is no SQLite database at/)
    expect(copy('--from', './data', '--to', 'postgres://x/y').err).toMatch(/--from must be sqlite:/)
    expect(copy('--from', `sqlite:${dir}`).err).toMatch(/--to must be a postgres:\/\//)
  })
})
