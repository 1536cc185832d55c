/**
 * SQLite implementation of BoardStore (better-sqlite3, WAL mode). better-sqlite3 is synchronous, so
 * every write has reached the database file (WAL) before the method returns: a `kill -9` of the server
 * right after loses nothing. `synchronous = NORMAL` keeps that guarantee for a process crash; only an
 * operating-system crash or power loss can take the last transactions.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { deflateSync, inflateSync } from 'node:zlib'
import type { VersionKind } from '../../shared/protocol.ts'
import type { BoardCounts, BoardDump, Tombstone } from './dump.ts'
import { tombstoneKey } from './tombstone.ts'
import type { BoardStore, NewVersion, StoredBoard, StoredParticipant, StoredUpdates, StoredVersion } from './types.ts'

const SCHEMA_VERSION = 7

interface BoardRow {
  id: string
  view_id: string
  title: string
  key_hash: string
  created_at: string
  locked: number
  join_code: string | null
  last_opened_at: string | null
  retain_until: string | null
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`
}

interface ParticipantRow {
  author_id: string
  token_hash: string
  name: string
  organisation: string
  joined_at: string
}

interface VersionRow {
  id: number
  created_at: string
  kind: string
  name: string | null
  notes: number
  changes: string
  bytes: number
}

function toVersion(row: VersionRow): StoredVersion {
  const changes: unknown = JSON.parse(row.changes)
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind as VersionKind,
    name: row.name,
    notes: row.notes,
    changes: changes && typeof changes === 'object' && !Array.isArray(changes) ? (changes as Record<string, number>) : {},
    bytes: row.bytes,
  }
}

const VERSION_COLUMNS = 'id, created_at, kind, name, notes, changes, LENGTH(snapshot) AS bytes'

function toBoard(row: BoardRow | undefined): StoredBoard | undefined {
  if (!row) return undefined
  return {
    id: row.id,
    viewId: row.view_id,
    title: row.title,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    locked: row.locked === 1,
    ...(row.join_code ? { joinCode: row.join_code } : {}),
    ...(row.last_opened_at ? { lastOpenedAt: row.last_opened_at } : {}),
    ...(row.retain_until ? { retainUntil: row.retain_until } : {}),
  }
}

export class SqliteStore implements BoardStore {
  private db: Database.Database
  private statements

  /** `file` is a path, or ':memory:'. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    // What is deleted (a board, or the history a compaction replaced) is overwritten with zeros, not
    // merely marked free: a deleted board's notes must not be readable from the file afterwards.
    this.db.pragma('secure_delete = ON')
    this.migrate()
    const db = this.db
    this.statements = {
      insertBoard: db.prepare(
        'INSERT INTO boards (id, view_id, title, key_hash, created_at, locked, join_code) VALUES (@id, @viewId, @title, @keyHash, @createdAt, @locked, @joinCode)',
      ),
      getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      getByView: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE view_id = ?'),
      getByJoinCode: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE join_code = ?'),
      setJoinCode: db.prepare('UPDATE boards SET join_code = ? WHERE id = ?'),
      setLocked: db.prepare('UPDATE boards SET locked = ? WHERE id = ?'),
      loadUpdates: db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq',
      ),
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE board_id = ?'),
      insertUpdate: db.prepare('INSERT INTO updates (board_id, seq, data) VALUES (?, ?, ?)'),
      deleteUpTo: db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      saveParticipant: db.prepare(
        `INSERT INTO participants (board_id, author_id, token_hash, name, organisation, joined_at)
         VALUES (@boardId, @authorId, @tokenHash, @name, @organisation, @joinedAt)
         ON CONFLICT (board_id, author_id) DO UPDATE SET name = excluded.name, organisation = excluded.organisation`,
      ),
      findParticipant: db.prepare<[string, string], ParticipantRow>('SELECT * FROM participants WHERE board_id = ? AND token_hash = ?'),
      saveVote: db.prepare(
        `INSERT INTO votes (board_id, round_id, voter_id, dots) VALUES (?, ?, ?, ?)
         ON CONFLICT (board_id, round_id, voter_id) DO UPDATE SET dots = excluded.dots`,
      ),
      loadVotes: db.prepare<[string, string], { voter_id: string; dots: string }>('SELECT voter_id, dots FROM votes WHERE board_id = ? AND round_id = ?'),
      touchBoard: db.prepare('UPDATE boards SET last_opened_at = ? WHERE id = ?'),
      setRetainUntil: db.prepare('UPDATE boards SET retain_until = ? WHERE id = ?'),
      toExpire: db.prepare<[string, string], { id: string }>(
        `SELECT id FROM boards WHERE COALESCE(last_opened_at, created_at) < ? AND (retain_until IS NULL OR retain_until < ?)`,
      ),
      insertTombstone: db.prepare('INSERT OR REPLACE INTO deleted_boards (key, deleted_at) VALUES (?, ?)'),
      tombstone: db.prepare<[string], { deleted_at: string }>('SELECT deleted_at FROM deleted_boards WHERE key = ?'),
      nextVersionId: db.prepare<[string], { id: number }>('UPDATE boards SET last_version_id = last_version_id + 1 WHERE id = ? RETURNING last_version_id AS id'),
      insertVersion: db.prepare(
        'INSERT INTO versions (board_id, id, created_at, kind, name, notes, changes, snapshot) VALUES (@boardId, @id, @createdAt, @kind, @name, @notes, @changes, @snapshot)',
      ),
      listVersions: db.prepare<[string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = ? ORDER BY id`),
      getVersion: db.prepare<[string, number], VersionRow & { snapshot: Buffer }>(`SELECT ${VERSION_COLUMNS}, snapshot FROM versions WHERE board_id = ? AND id = ?`),
      deleteVersion: db.prepare('DELETE FROM versions WHERE board_id = ? AND id = ?'),
      storedBytes: db.prepare<[string], { bytes: number | null }>(
        'SELECT SUM(LENGTH(data)) AS bytes FROM updates WHERE board_id = ?',
      ),
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database was written by a newer version (schema ${version}, this server knows ${SCHEMA_VERSION})`)
    }
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE boards (
          id TEXT PRIMARY KEY,
          view_id TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          key_hash TEXT NOT NULL,
          created_at TEXT NOT NULL,
          locked INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE updates (
          board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (board_id, seq)
        ) WITHOUT ROWID;
        PRAGMA user_version = 1;
      `)
    }
    if (version < 2) {
      this.db.exec(`
        CREATE TABLE participants (
          board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
          author_id TEXT NOT NULL,
          token_hash TEXT NOT NULL,
          name TEXT NOT NULL,
          organisation TEXT NOT NULL,
          joined_at TEXT NOT NULL,
          PRIMARY KEY (board_id, author_id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX participants_by_token ON participants (board_id, token_hash);
        PRAGMA user_version = 2;
      `)
    }
    if (version < 3) {
      // One row per voter and round, the dots as a JSON array of note ids: always read and written whole.
      this.db.exec(`
        CREATE TABLE votes (
          board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
          round_id TEXT NOT NULL,
          voter_id TEXT NOT NULL,
          dots TEXT NOT NULL,
          PRIMARY KEY (board_id, round_id, voter_id)
        ) WITHOUT ROWID;
        PRAGMA user_version = 3;
      `)
    }
    if (version < 4) {
      this.db.exec(`
        ALTER TABLE boards ADD COLUMN join_code TEXT;
        CREATE UNIQUE INDEX boards_by_join_code ON boards (join_code);
        PRAGMA user_version = 4;
      `)
    }
    if (version < 5) {
      // Snapshots are tens of kilobytes and more, stored deflated (a board's records repeat the same keys
      // and props: a 700 KiB state takes about 25 KiB): a rowid table (WITHOUT ROWID suits small rows
      // only), found by (board, id). The changes per organisation as JSON: always read and written whole. The
      // board counts its versions itself, so an id is never handed out twice, whatever was deleted.
      this.db.exec(`
        ALTER TABLE boards ADD COLUMN last_version_id INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE versions (
          board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
          id INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          kind TEXT NOT NULL,
          name TEXT,
          notes INTEGER NOT NULL,
          changes TEXT NOT NULL,
          snapshot BLOB NOT NULL
        );
        CREATE UNIQUE INDEX versions_by_board ON versions (board_id, id);
        PRAGMA user_version = 5;
      `)
    }
    if (version < 6) {
      // Retention: when the board was last open, how long the facilitator asked to keep it; and what
      // is left of a deleted board (a hash of its id or view id and the date), so its links can say so.
      this.db.exec(`
        ALTER TABLE boards ADD COLUMN last_opened_at TEXT;
        ALTER TABLE boards ADD COLUMN retain_until TEXT;
        CREATE TABLE deleted_boards (
          key TEXT PRIMARY KEY,
          deleted_at TEXT NOT NULL
        ) WITHOUT ROWID;
        PRAGMA user_version = 6;
      `)
    }
    if (version < 7) {
      // Updates are a kilobyte or more each (a note's record): a rowid table with an index on (board,
      // seq), like versions. As a WITHOUT ROWID table (which suits small rows only) an insert cost 2.5
      // times as much (85 against 34 µs for 1.8 KB).
      this.db.transaction(() =>
        this.db.exec(`
          CREATE TABLE updates_by_rowid (
            board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL
          );
          INSERT INTO updates_by_rowid (board_id, seq, data) SELECT board_id, seq, data FROM updates ORDER BY board_id, seq;
          DROP TABLE updates;
          ALTER TABLE updates_by_rowid RENAME TO updates;
          CREATE UNIQUE INDEX updates_by_board ON updates (board_id, seq);
          PRAGMA user_version = 7;
        `),
      )()
    }
  }

  /** Last sequence number per board: this store is the only writer, so it need not ask SQLite each time. */
  private lastSeqs = new Map<string, number>()

  private nextSeq(id: string): number {
    const next = (this.lastSeqs.get(id) ?? this.statements.lastSeq.get(id)?.seq ?? 0) + 1
    this.lastSeqs.set(id, next)
    return next
  }

  async createBoard(board: StoredBoard, initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertBoard.run({ ...board, locked: board.locked ? 1 : 0, joinCode: board.joinCode ?? null })
      this.statements.insertUpdate.run(board.id, 1, Buffer.from(initialUpdate))
    })()
    this.lastSeqs.set(board.id, 1)
  }

  async getBoard(id: string): Promise<StoredBoard | undefined> {
    return toBoard(this.statements.getBoard.get(id))
  }

  async getBoardByViewId(viewId: string): Promise<StoredBoard | undefined> {
    return toBoard(this.statements.getByView.get(viewId))
  }

  async getBoardByJoinCode(code: string): Promise<StoredBoard | undefined> {
    return toBoard(this.statements.getByJoinCode.get(code))
  }

  async setJoinCode(id: string, code: string): Promise<void> {
    this.statements.setJoinCode.run(code, id)
  }

  async setLocked(id: string, locked: boolean): Promise<void> {
    this.statements.setLocked.run(locked ? 1 : 0, id)
  }

  async loadUpdates(id: string): Promise<StoredUpdates> {
    this.commitQueued()
    const rows = this.statements.loadUpdates.all(id)
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      lastSeq: rows.length ? rows[rows.length - 1].seq : 0,
    }
  }

  /**
   * Appends are committed together, once per turn of the event loop, in one transaction (a group
   * commit): thirty busy boards make dozens of commits a second instead of two thousand. Each append
   * resolves only once its transaction has committed, so "stored" means what it meant.
   */
  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    const seq = this.nextSeq(id)
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength)
    return new Promise<number>((resolve, reject) => {
      this.queued.push({ id, seq, data, resolve, reject })
      if (this.commitScheduled) return
      this.commitScheduled = true
      setImmediate(this.commitQueued)
    })
  }

  private queued: { id: string; seq: number; data: Buffer; resolve(seq: number): void; reject(error: unknown): void }[] = []
  private commitScheduled = false

  /** Commits the queued appends; when the batch fails (one board deleted meanwhile), each on its own. */
  private commitQueued = (): void => {
    this.commitScheduled = false
    const batch = this.queued.splice(0)
    if (batch.length === 0) return
    if (!this.db.open) {
      for (const q of batch) q.reject(new Error('the store is closed'))
      return
    }
    try {
      this.db.transaction(() => {
        for (const q of batch) this.statements.insertUpdate.run(q.id, q.seq, q.data)
      })()
      for (const q of batch) q.resolve(q.seq)
    } catch {
      for (const q of batch) {
        try {
          this.statements.insertUpdate.run(q.id, q.seq, q.data)
          q.resolve(q.seq)
        } catch (error) {
          q.reject(error)
        }
      }
    }
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    this.commitQueued()
    this.db.transaction(() => {
      this.statements.deleteUpTo.run(id, uptoSeq)
      this.statements.insertUpdate.run(id, uptoSeq, Buffer.from(snapshot))
    })()
  }

  async saveParticipant(boardId: string, participant: StoredParticipant): Promise<void> {
    this.statements.saveParticipant.run({ boardId, ...participant })
  }

  async findParticipant(boardId: string, tokenHash: string): Promise<StoredParticipant | undefined> {
    const row = this.statements.findParticipant.get(boardId, tokenHash)
    return row && { authorId: row.author_id, tokenHash: row.token_hash, name: row.name, organisation: row.organisation, joinedAt: row.joined_at }
  }

  async saveVote(boardId: string, roundId: string, voterId: string, dots: readonly string[]): Promise<void> {
    this.statements.saveVote.run(boardId, roundId, voterId, JSON.stringify(dots))
  }

  async loadVotes(boardId: string, roundId: string): Promise<Map<string, string[]>> {
    const votes = new Map<string, string[]>()
    for (const row of this.statements.loadVotes.all(boardId, roundId)) {
      const dots: unknown = JSON.parse(row.dots)
      votes.set(row.voter_id, Array.isArray(dots) ? dots.filter((d): d is string => typeof d === 'string') : [])
    }
    return votes
  }

  async touchBoard(id: string, at: string): Promise<void> {
    this.statements.touchBoard.run(at, id)
  }

  async setRetainUntil(id: string, until: string): Promise<void> {
    this.statements.setRetainUntil.run(until, id)
  }

  async boardsToExpire(openedBefore: string, now: string): Promise<string[]> {
    return this.statements.toExpire.all(openedBefore, now).map((row) => row.id)
  }

  async deleteBoards(ids: readonly string[], deletedAt: string): Promise<string[]> {
    this.commitQueued()
    const deleted: string[] = []
    // Every table that holds rows of a board, also those later migrations add (such as versions): a
    // board's content must not survive in a table this code did not know of. A table counts when it
    // refers to boards or has a board_id column.
    const holders = this.db
      .prepare<[], { name: string; col: string }>(
        `SELECT m.name AS name, f."from" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f
           WHERE m.type = 'table' AND f."table" = 'boards'
         UNION
         SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
           WHERE m.type = 'table' AND m.name <> 'boards' AND c.name = 'board_id'`,
      )
      .all()
      .map(({ name, col }) => this.db.prepare(`DELETE FROM ${quote(name)} WHERE ${quote(col)} = ?`))
    this.db.transaction(() => {
      for (const id of ids) {
        const board = this.statements.getBoard.get(id)
        if (!board) continue
        for (const remove of holders) remove.run(id)
        this.db.prepare('DELETE FROM boards WHERE id = ?').run(id)
        this.statements.insertTombstone.run(tombstoneKey(board.id), deletedAt)
        this.statements.insertTombstone.run(tombstoneKey(board.view_id), deletedAt)
        this.lastSeqs.delete(id)
        deleted.push(id)
      }
    })()
    if (deleted.length > 0) this.scrub()
    return deleted
  }

  /**
   * After a deletion: the journal (WAL) still holds the pages as they were before, note texts included.
   * Copy it into the file and empty it, rebuild the file without free pages, and empty the journal again.
   */
  private scrub(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.exec('VACUUM')
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  async deletedAt(idOrViewId: string): Promise<string | undefined> {
    return this.statements.tombstone.get(tombstoneKey(idOrViewId))?.deleted_at
  }

  async saveVersion(boardId: string, version: NewVersion, snapshot: Uint8Array): Promise<StoredVersion> {
    const stored = deflateSync(snapshot)
    const id = this.db.transaction(() => {
      const next = this.statements.nextVersionId.get(boardId)?.id
      if (next === undefined) throw new Error(`unknown board ${boardId}`)
      this.statements.insertVersion.run({
        boardId,
        id: next,
        createdAt: version.createdAt,
        kind: version.kind,
        name: version.name,
        notes: version.notes,
        changes: JSON.stringify(version.changes),
        snapshot: stored,
      })
      return next
    })()
    return { ...version, changes: { ...version.changes }, id, bytes: stored.byteLength }
  }

  async listVersions(boardId: string): Promise<StoredVersion[]> {
    return this.statements.listVersions.all(boardId).map(toVersion)
  }

  async loadVersion(boardId: string, versionId: number): Promise<{ version: StoredVersion; snapshot: Uint8Array } | undefined> {
    const row = this.statements.getVersion.get(boardId, versionId)
    if (!row) return undefined
    const snapshot = inflateSync(row.snapshot)
    return { version: toVersion(row), snapshot: new Uint8Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength) }
  }

  async deleteVersions(boardId: string, versionIds: readonly number[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of versionIds) this.statements.deleteVersion.run(boardId, id)
    })()
  }

  async storedBytes(id: string): Promise<number> {
    this.commitQueued()
    return this.statements.storedBytes.get(id)?.bytes ?? 0
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    this.commitQueued()
    if (this.db.open) this.db.close()
  }

  // For `npm run db:copy`: everything stored, board by board, as it is stored.

  /** Every board's id, oldest first. */
  boardIds(): string[] {
    return this.db
      .prepare<[], { id: string }>('SELECT id FROM boards ORDER BY created_at, id')
      .all()
      .map((r) => r.id)
  }

  dumpBoard(id: string): BoardDump | undefined {
    this.commitQueued()
    const board = toBoard(this.statements.getBoard.get(id))
    if (!board) return undefined
    const db = this.db
    const lastVersionId = db.prepare<[string], { id: number }>('SELECT last_version_id AS id FROM boards WHERE id = ?').get(id)?.id ?? 0
    const updates = this.statements.loadUpdates.all(id).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) }))
    const participants = db
      .prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE board_id = ? ORDER BY joined_at, author_id')
      .all(id)
      .map((row) => ({ authorId: row.author_id, tokenHash: row.token_hash, name: row.name, organisation: row.organisation, joinedAt: row.joined_at }))
    const votes = db
      .prepare<[string], { round_id: string; voter_id: string; dots: string }>('SELECT round_id, voter_id, dots FROM votes WHERE board_id = ? ORDER BY round_id, voter_id')
      .all(id)
      .map((row) => {
        const dots: unknown = JSON.parse(row.dots)
        return { roundId: row.round_id, voterId: row.voter_id, dots: Array.isArray(dots) ? dots.filter((d): d is string => typeof d === 'string') : [] }
      })
    const versions = db
      .prepare<[string], VersionRow & { snapshot: Buffer }>(`SELECT ${VERSION_COLUMNS}, snapshot FROM versions WHERE board_id = ? ORDER BY id`)
      .all(id)
      .map((row) => {
        const { bytes: _, ...version } = toVersion(row)
        return { version, storedSnapshot: new Uint8Array(row.snapshot.buffer, row.snapshot.byteOffset, row.snapshot.byteLength) }
      })
    return { board, lastVersionId, updates, participants, votes, versions }
  }

  tombstones(): Tombstone[] {
    return this.db
      .prepare<[], { key: string; deleted_at: string }>('SELECT key, deleted_at FROM deleted_boards ORDER BY key')
      .all()
      .map((r) => ({ key: r.key, deletedAt: r.deleted_at }))
  }

  countBoard(id: string): BoardCounts {
    this.commitQueued()
    const count = (sql: string) => this.db.prepare<[string], { n: number | null }>(sql).get(id)?.n ?? 0
    return {
      updates: count('SELECT COUNT(*) AS n FROM updates WHERE board_id = ?'),
      updateBytes: count('SELECT SUM(LENGTH(data)) AS n FROM updates WHERE board_id = ?'),
      participants: count('SELECT COUNT(*) AS n FROM participants WHERE board_id = ?'),
      votes: count('SELECT COUNT(*) AS n FROM votes WHERE board_id = ?'),
      versions: count('SELECT COUNT(*) AS n FROM versions WHERE board_id = ?'),
    }
  }
}
