import { afterAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import * as Y from 'yjs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteStore } from '../../server/store/sqlite.ts'
import { MemoryStore } from '../../server/store/memory.ts'
import { storeContractSuite } from './store-contract.ts'

const dir = mkdtempSync(join(tmpdir(), 'waterlijn-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
storeContractSuite('SQLite', () => new SqliteStore(join(dir, `store-${files++}.sqlite`)))
storeContractSuite('memory', () => new MemoryStore())

describe('SqliteStore', () => {
  it('keeps what was written when reopened, in WAL mode', async () => {
    const file = join(dir, 'reopen.sqlite')
    const store = new SqliteStore(file)
    const b = { id: 'reopen-board-00001', viewId: 'reopen-view-000001', title: 'Één bord', keyHash: 'cd'.repeat(32), createdAt: '2026-11-22T10:00:00.000Z', locked: false }
    await store.createBoard(b, new Uint8Array([0, 0]))
    await store.appendUpdate(b.id, new Uint8Array([1, 2, 3]))
    // No close(): like a killed process.
    const again = new SqliteStore(file)
    expect(await again.getBoard(b.id)).toEqual(b)
    expect((await again.loadUpdates(b.id)).updates.map((u) => [...u])).toEqual([[0, 0], [1, 2, 3]])
    await again.close()
    await store.close()
  })

  it('adds the votes table and the join codes to a database of version 2, keeping what it holds', async () => {
    const file = join(dir, 'version2.sqlite')
    const store = new SqliteStore(file)
    const b = { id: 'older-board-000001', viewId: 'older-view-0000001', title: 'Ouder bord', keyHash: 'cd'.repeat(32), createdAt: '2026-11-22T10:00:00.000Z', locked: false }
    await store.createBoard(b, new Uint8Array([0, 0]))
    await store.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(file)
    db.exec('DROP TABLE versions; ALTER TABLE boards DROP COLUMN last_version_id; DROP TABLE votes; DROP INDEX boards_by_join_code; ALTER TABLE boards DROP COLUMN join_code; DROP TABLE deleted_boards; ALTER TABLE boards DROP COLUMN last_opened_at; ALTER TABLE boards DROP COLUMN retain_until; PRAGMA user_version = 2;')
    db.close()
    const again = new SqliteStore(file)
    expect(await again.getBoard(b.id)).toEqual(b)
    await again.saveVote(b.id, 'ronde-1', 'anne', ['shape:a'])
    expect(await again.loadVotes(b.id, 'ronde-1')).toEqual(new Map([['anne', ['shape:a']]]))
    await again.close()
  })

  it('adds versions, retention and deletion to a database of version 4, keeping its boards', async () => {
    const file = join(dir, 'version4.sqlite')
    const store = new SqliteStore(file)
    const b = { id: 'older-board-000004', viewId: 'older-view-0000004', title: 'Bord van schema 4', keyHash: 'cd'.repeat(32), createdAt: '2026-11-22T10:00:00.000Z', locked: false }
    await store.createBoard(b, new Uint8Array([0, 0]))
    await store.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(file)
    db.exec(
      'DROP TABLE versions; ALTER TABLE boards DROP COLUMN last_version_id; DROP TABLE deleted_boards; ALTER TABLE boards DROP COLUMN last_opened_at; ALTER TABLE boards DROP COLUMN retain_until; PRAGMA user_version = 4;',
    )
    db.close()
    const again = new SqliteStore(file)
    expect(await again.getBoard(b.id)).toEqual(b)
    const saved = await again.saveVersion(b.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'manual', name: 'begin', notes: 0, changes: {} }, new Uint8Array([0, 0]))
    await again.touchBoard(b.id, '2026-11-30T10:00:00.000Z')
    expect((await again.getBoard(b.id))?.lastOpenedAt).toBe('2026-11-30T10:00:00.000Z')
    await again.close()
    const third = new SqliteStore(file)
    expect(await third.listVersions(b.id)).toEqual([saved])
    await third.deleteBoards([b.id], '2026-12-01T10:00:00.000Z')
    expect(await third.deletedAt(b.id)).toBe('2026-12-01T10:00:00.000Z')
    expect(await third.listVersions(b.id)).toEqual([])
    await third.close()
  })

  it('rebuilds the updates of a database of version 6 as a rowid table, every board’s updates kept in order', async () => {
    const file = join(dir, 'version6.sqlite')
    const store = new SqliteStore(file)
    const boards = ['older-board-000006', 'older-board-000007'].map((id, i) => ({ id, viewId: `older-view-000000${i}`, title: `Bord ${i}`, keyHash: 'cd'.repeat(32), createdAt: '2026-11-22T10:00:00.000Z', locked: false }))
    for (const b of boards) {
      await store.createBoard(b, new Uint8Array([0, 0]))
      for (let n = 1; n <= 3; n++) await store.appendUpdate(b.id, new Uint8Array([n, boards.indexOf(b)]))
    }
    await store.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(file)
    // The updates table as version 6 wrote it.
    db.exec(`
      CREATE TABLE old_updates (board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
      INSERT INTO old_updates SELECT board_id, seq, data FROM updates;
      DROP TABLE updates;
      ALTER TABLE old_updates RENAME TO updates;
      PRAGMA user_version = 6;
    `)
    db.close()
    const again = new SqliteStore(file)
    for (const [i, b] of boards.entries()) {
      expect((await again.loadUpdates(b.id)).updates.map((u) => [...u])).toEqual([[0, 0], [1, i], [2, i], [3, i]])
    }
    expect(await again.appendUpdate(boards[0].id, new Uint8Array([4, 0]))).toBe(5)
    await again.deleteBoards([boards[1].id], '2026-12-02T10:00:00.000Z')
    await again.close()
    const check = new Database(file)
    expect(check.pragma('user_version', { simple: true })).toBe(7)
    expect(String(check.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").pluck().get())).not.toContain('WITHOUT ROWID')
    expect(check.prepare('SELECT board_id, COUNT(*) AS n FROM updates GROUP BY board_id').all()).toEqual([{ board_id: boards[0].id, n: 5 }])
    check.close()
  })

  it('refuses a database written by a newer version instead of damaging it', async () => {
    const file = join(dir, 'newer.sqlite')
    const store = new SqliteStore(file)
    await store.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(file)
    db.pragma('user_version = 99')
    db.close()
    expect(() => new SqliteStore(file)).toThrow(/newer version/)
  })

  it('leaves no trace of a deleted board’s notes in the database file or its journal', async () => {
    const file = join(dir, 'scrub.sqlite')
    const store = new SqliteStore(file)
    const b = { id: 'scrub-board-000001', viewId: 'scrub-view-0000001', title: 'Te verwijderen', keyHash: 'cd'.repeat(32), createdAt: '2026-11-22T10:00:00.000Z', locked: false }
    const kept = { ...b, id: 'scrub-board-000002', viewId: 'scrub-view-0000002', title: 'Blijft' }
    const secret = 'Geheime-notitie-7f3a9c'
    const doc = new Y.Doc()
    doc.getMap('m').set('note', `${secret} `.repeat(200))
    await store.createBoard(b, Y.encodeStateAsUpdate(doc))
    await store.createBoard(kept, new Uint8Array([0, 0]))
    for (let i = 0; i < 50; i++) await store.appendUpdate(b.id, new TextEncoder().encode(`${secret} ${i}`))
    await store.saveParticipant(b.id, { authorId: 'anne', tokenHash: 'ef'.repeat(32), name: 'Anne-Zeldzaam', organisation: 'Gemeente', joinedAt: b.createdAt })
    const bytes = () => [file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString('latin1') : '')).join('')
    expect(bytes()).toContain(secret)
    await store.deleteBoards([b.id], '2026-11-23T10:00:00.000Z')
    expect(bytes()).not.toContain(secret)
    expect(bytes()).not.toContain('Anne-Zeldzaam')
    expect(bytes()).not.toContain('Te verwijderen')
    expect(await store.getBoard(kept.id)).toEqual(kept)
    await store.close()
  })

})
