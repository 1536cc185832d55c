/**
 * PostgreSQL implementation of BoardStore (`pg`, one connection pool), chosen with DATABASE_URL. Every
 * write is one statement or one transaction that has committed before the method resolves, so what a
 * method acknowledged survives a crash of the server (and, with PostgreSQL's default `fsync` and
 * `synchronous_commit`, of the database machine).
 *
 * The pool survives PostgreSQL restarting: a call made while the database is away rejects (its caller
 * decides what to do: rooms keep the update in memory and log it), broken connections are dropped and
 * new ones made on the next call. A connection lost while idle is reported with `pool.on('error')`,
 * never as an unhandled 'error' event.
 *
 * The schema is a list of migrations with the version in `waterlijn_schema`; `migrate()` applies what is
 * missing under a transaction-scoped advisory lock, so two instances starting at once do not race.
 */
import { deflateSync, inflateSync } from 'node:zlib'
import pg from 'pg'
import type { VersionKind } from '../../shared/protocol.ts'
import { log } from '../log.ts'
import { NotOwnerError } from '../ownership.ts'
import type { BoardCounts, BoardDump, Tombstone } from './dump.ts'
import { tombstoneKey } from './tombstone.ts'
import type { BoardStore, NewVersion, StoredBoard, StoredParticipant, StoredUpdates, StoredVersion } from './types.ts'

type Queryable = Pick<pg.PoolClient, 'query'>

/**
 * Each entry brings the schema one version further; never change one that has shipped, add another.
 * Times are `timestamptz` (the interface speaks ISO 8601), documents and snapshots `bytea`.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE boards (
    id text PRIMARY KEY,
    view_id text NOT NULL UNIQUE,
    title text NOT NULL,
    key_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    locked boolean NOT NULL DEFAULT false,
    join_code text UNIQUE,
    last_opened_at timestamptz,
    retain_until timestamptz,
    -- The board counts its updates and versions itself: a number is never handed out twice, whatever
    -- was compacted or deleted, and two writers of one board wait for each other on this row.
    last_seq bigint NOT NULL DEFAULT 0,
    last_version_id integer NOT NULL DEFAULT 0
  );
  CREATE INDEX boards_by_last_open ON boards ((COALESCE(last_opened_at, created_at)));
  CREATE TABLE updates (
    board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (board_id, seq)
  );
  CREATE TABLE participants (
    board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    author_id text NOT NULL,
    token_hash text NOT NULL,
    name text NOT NULL,
    organisation text NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (board_id, author_id)
  );
  CREATE UNIQUE INDEX participants_by_token ON participants (board_id, token_hash);
  -- One row per voter and round, the dots as a JSON array of note ids: always read and written whole.
  CREATE TABLE votes (
    board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    round_id text NOT NULL,
    voter_id text NOT NULL,
    dots jsonb NOT NULL,
    PRIMARY KEY (board_id, round_id, voter_id)
  );
  -- Snapshots are stored deflated (as in SQLite): PostgreSQL need not try to compress them again.
  CREATE TABLE versions (
    board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    id integer NOT NULL,
    created_at timestamptz NOT NULL,
    kind text NOT NULL,
    name text,
    notes integer NOT NULL,
    changes jsonb NOT NULL,
    snapshot bytea NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  ALTER TABLE versions ALTER COLUMN snapshot SET STORAGE EXTERNAL;
  -- What is left of a deleted board: a hash of its id or view id, and the date.
  CREATE TABLE deleted_boards (
    key text PRIMARY KEY,
    deleted_at timestamptz NOT NULL
  );
  `,
  `
  -- Several instances on one database: which one owns a board, under which epoch (server/ownership.ts).
  -- Every write of an owned board names the epoch; a takeover bumps it, so a stale owner cannot write.
  -- wanted_by/wanted_at: another instance was asked for the board (the load balancer sends its people
  -- there now); the owner hands it over (see handovers in server/ownership.ts).
  CREATE TABLE board_owners (
    board_id text PRIMARY KEY,
    instance_id text NOT NULL,
    epoch bigint NOT NULL,
    since timestamptz NOT NULL,
    wanted_by text,
    wanted_at timestamptz
  );
  -- Every ownership, from acquiring to releasing (or being taken over after its owner died).
  CREATE TABLE ownership_log (
    board_id text NOT NULL,
    instance_id text NOT NULL,
    epoch bigint NOT NULL,
    acquired_at timestamptz NOT NULL,
    released_at timestamptz,
    ended text,
    PRIMARY KEY (board_id, epoch)
  );
  `,
]

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length

/** The advisory lock key migrations are applied under (one bigint, from a fixed text). */
const MIGRATION_LOCK = `hashtextextended('waterlijn:migrate', 0)`

export interface MigrationResult {
  from: number
  to: number
}

/**
 * Brings the database's schema to this server's version. Idempotent; safe when several instances start
 * at once (they wait for each other on an advisory lock). Refuses a database of a newer schema.
 */
export async function migrate(pool: pg.Pool): Promise<MigrationResult> {
  return transaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await client.query(`CREATE TABLE IF NOT EXISTS waterlijn_schema (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const from = await schemaVersion(client)
    if (from > POSTGRES_SCHEMA_VERSION) throw newerSchema(from)
    for (let version = from + 1; version <= POSTGRES_SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1])
      await client.query('INSERT INTO waterlijn_schema (version) VALUES ($1)', [version])
    }
    return { from, to: Math.max(from, POSTGRES_SCHEMA_VERSION) }
  })
}

async function schemaVersion(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM waterlijn_schema')
  return rows[0]?.version ?? 0
}

function newerSchema(version: number): Error {
  return new Error(`the database was written by a newer version (schema ${version}, this server knows ${POSTGRES_SCHEMA_VERSION}): upgrade this server`)
}

/** Runs `fn` in one transaction on one connection of the pool; a connection that broke is not reused. */
async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // A checked-out connection that breaks between queries emits 'error' on itself: without a listener
  // that would end the process.
  let broken: Error | undefined
  const onError = (error: Error) => void (broken ??= error)
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch((e: Error) => void (broken ??= e))
    throw error
  } finally {
    client.off('error', onError)
    client.release(broken ?? false)
  }
}

interface BoardRow {
  id: string
  view_id: string
  title: string
  key_hash: string
  created_at: Date
  locked: boolean
  join_code: string | null
  last_opened_at: Date | null
  retain_until: Date | null
}

const BOARD_COLUMNS = 'id, view_id, title, key_hash, created_at, locked, join_code, last_opened_at, retain_until'

function toBoard(row: BoardRow | undefined): StoredBoard | undefined {
  if (!row) return undefined
  return {
    id: row.id,
    viewId: row.view_id,
    title: row.title,
    keyHash: row.key_hash,
    createdAt: row.created_at.toISOString(),
    locked: row.locked,
    ...(row.join_code ? { joinCode: row.join_code } : {}),
    ...(row.last_opened_at ? { lastOpenedAt: row.last_opened_at.toISOString() } : {}),
    ...(row.retain_until ? { retainUntil: row.retain_until.toISOString() } : {}),
  }
}

interface VersionRow {
  id: number
  created_at: Date
  kind: string
  name: string | null
  notes: number
  changes: unknown
  bytes: number
}

const VERSION_COLUMNS = 'id, created_at, kind, name, notes, changes, octet_length(snapshot) AS bytes'

function toVersion(row: VersionRow): StoredVersion {
  const changes = row.changes
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    kind: row.kind as VersionKind,
    name: row.name,
    notes: row.notes,
    changes: changes && typeof changes === 'object' && !Array.isArray(changes) ? (changes as Record<string, number>) : {},
    bytes: row.bytes,
  }
}

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function buffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`
}

export interface PostgresOptions {
  /** Connections in the pool. */
  poolSize?: number
  /** Apply missing migrations on open (the default); false: refuse a schema that is not current. */
  migrate?: boolean
}

export class PostgresStore implements BoardStore {
  /** Writes to one board's updates run one after the other, in the order they were called. */
  private queues = new Map<string, Promise<unknown>>()

  private constructor(readonly pool: pg.Pool) {}

  /** Connects, and migrates the schema (or checks it is current). */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = createPool(url, options.poolSize)
    try {
      if (options.migrate ?? true) {
        await migrate(pool)
      } else {
        const client = await pool.connect()
        try {
          const exists = await client.query(`SELECT to_regclass('waterlijn_schema') IS NOT NULL AS yes`)
          const version = exists.rows[0].yes ? await schemaVersion(client) : 0
          if (version > POSTGRES_SCHEMA_VERSION) throw newerSchema(version)
          if (version < POSTGRES_SCHEMA_VERSION) throw new Error(`the database schema is at version ${version}, this server needs ${POSTGRES_SCHEMA_VERSION}: run "npm run db:migrate"`)
        } finally {
          client.release()
        }
      }
    } catch (error) {
      await pool.end().catch(() => {})
      throw error
    }
    return new PostgresStore(pool)
  }

  private serial<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(boardId) ?? Promise.resolve()).then(fn, fn)
    const tail = run.then(
      () => {},
      () => {},
    )
    this.queues.set(boardId, tail)
    void tail.then(() => {
      if (this.queues.get(boardId) === tail) this.queues.delete(boardId)
    })
    return run
  }

  private async boardWhere(column: 'id' | 'view_id' | 'join_code', value: string): Promise<StoredBoard | undefined> {
    const { rows } = await this.pool.query<BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards WHERE ${column} = $1`, [value])
    return toBoard(rows[0])
  }

  async createBoard(board: StoredBoard, initialUpdate: Uint8Array): Promise<void> {
    await transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO boards (id, view_id, title, key_hash, created_at, locked, join_code, last_opened_at, retain_until, last_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
        [board.id, board.viewId, board.title, board.keyHash, board.createdAt, board.locked, board.joinCode ?? null, board.lastOpenedAt ?? null, board.retainUntil ?? null],
      )
      await client.query('INSERT INTO updates (board_id, seq, data) VALUES ($1, 1, $2)', [board.id, buffer(initialUpdate)])
    })
  }

  getBoard(id: string): Promise<StoredBoard | undefined> {
    return this.boardWhere('id', id)
  }

  getBoardByViewId(viewId: string): Promise<StoredBoard | undefined> {
    return this.boardWhere('view_id', viewId)
  }

  getBoardByJoinCode(code: string): Promise<StoredBoard | undefined> {
    return this.boardWhere('join_code', code)
  }

  async setJoinCode(id: string, code: string): Promise<void> {
    await this.pool.query('UPDATE boards SET join_code = $1 WHERE id = $2', [code, id])
  }

  async setLocked(id: string, locked: boolean): Promise<void> {
    await this.pool.query('UPDATE boards SET locked = $1 WHERE id = $2', [locked, id])
  }

  async loadUpdates(id: string): Promise<StoredUpdates> {
    const { rows } = await this.pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = $1 ORDER BY seq', [id])
    return { updates: rows.map((r) => bytes(r.data)), lastSeq: rows.length ? Number(rows[rows.length - 1].seq) : 0 }
  }

  appendUpdate(id: string, update: Uint8Array, fence?: number): Promise<number> {
    return this.serial(id, async () => {
      // One statement: the board's counter and the update are written together, or neither. Fenced, it
      // holds the owner row FOR SHARE: a takeover (which updates that row) waits until this has committed.
      const { rows } = await this.pool.query<{ seq: string }>(
        fence === undefined
          ? `WITH next AS (UPDATE boards SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
             INSERT INTO updates (board_id, seq, data) SELECT $1, last_seq, $2 FROM next RETURNING seq`
          : `WITH owner AS (SELECT 1 FROM board_owners WHERE board_id = $1 AND epoch = $3 FOR SHARE),
                  next AS (UPDATE boards SET last_seq = last_seq + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM owner) RETURNING last_seq)
             INSERT INTO updates (board_id, seq, data) SELECT $1, last_seq, $2 FROM next RETURNING seq`,
        fence === undefined ? [id, buffer(update)] : [id, buffer(update), fence],
      )
      if (rows.length === 0) throw await this.refusal(id, fence)
      return Number(rows[0].seq)
    })
  }

  compact(id: string, snapshot: Uint8Array, uptoSeq: number, fence?: number): Promise<void> {
    return this.serial(id, () =>
      transaction(this.pool, async (client) => {
        if (fence !== undefined) {
          const owner = await client.query('SELECT 1 FROM board_owners WHERE board_id = $1 AND epoch = $2 FOR SHARE', [id, fence])
          if (owner.rowCount === 0) throw new NotOwnerError(id)
        }
        await client.query('DELETE FROM updates WHERE board_id = $1 AND seq <= $2', [id, uptoSeq])
        await client.query('INSERT INTO updates (board_id, seq, data) VALUES ($1, $2, $3)', [id, uptoSeq, buffer(snapshot)])
      }),
    )
  }

  /** Why a write wrote nothing: the board is unknown, or (fenced) another instance took it over. */
  private async refusal(id: string, fence: number | undefined): Promise<Error> {
    if (fence !== undefined && (await this.getBoard(id))) return new NotOwnerError(id)
    return new Error(`unknown board ${id}`)
  }

  async saveParticipant(boardId: string, p: StoredParticipant): Promise<void> {
    await this.pool.query(
      `INSERT INTO participants (board_id, author_id, token_hash, name, organisation, joined_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (board_id, author_id) DO UPDATE SET name = excluded.name, organisation = excluded.organisation`,
      [boardId, p.authorId, p.tokenHash, p.name, p.organisation, p.joinedAt],
    )
  }

  async findParticipant(boardId: string, tokenHash: string): Promise<StoredParticipant | undefined> {
    const { rows } = await this.pool.query<{ author_id: string; token_hash: string; name: string; organisation: string; joined_at: Date }>(
      'SELECT author_id, token_hash, name, organisation, joined_at FROM participants WHERE board_id = $1 AND token_hash = $2',
      [boardId, tokenHash],
    )
    const row = rows[0]
    return row && { authorId: row.author_id, tokenHash: row.token_hash, name: row.name, organisation: row.organisation, joinedAt: row.joined_at.toISOString() }
  }

  async saveVote(boardId: string, roundId: string, voterId: string, dots: readonly string[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO votes (board_id, round_id, voter_id, dots) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (board_id, round_id, voter_id) DO UPDATE SET dots = excluded.dots`,
      [boardId, roundId, voterId, JSON.stringify(dots)],
    )
  }

  async loadVotes(boardId: string, roundId: string): Promise<Map<string, string[]>> {
    const { rows } = await this.pool.query<{ voter_id: string; dots: unknown }>('SELECT voter_id, dots FROM votes WHERE board_id = $1 AND round_id = $2', [boardId, roundId])
    const votes = new Map<string, string[]>()
    for (const row of rows) votes.set(row.voter_id, Array.isArray(row.dots) ? row.dots.filter((d): d is string => typeof d === 'string') : [])
    return votes
  }

  async touchBoard(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE boards SET last_opened_at = $1 WHERE id = $2', [at, id])
  }

  async setRetainUntil(id: string, until: string): Promise<void> {
    await this.pool.query('UPDATE boards SET retain_until = $1 WHERE id = $2', [until, id])
  }

  async boardsToExpire(openedBefore: string, now: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM boards WHERE COALESCE(last_opened_at, created_at) < $1 AND (retain_until IS NULL OR retain_until < $2)',
      [openedBefore, now],
    )
    return rows.map((r) => r.id)
  }

  async deleteBoards(ids: readonly string[], deletedAt: string): Promise<string[]> {
    // Every table that holds rows of a board, also those later migrations add: a board's content must
    // not survive in a table this code did not know of. A table counts when it has a board_id column.
    const { rows: holders } = await this.pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'board_id' AND table_name <> 'boards'`,
    )
    const deleted = await transaction(this.pool, async (client) => {
      const deleted: string[] = []
      for (const id of ids) {
        const { rows } = await client.query<{ view_id: string }>('SELECT view_id FROM boards WHERE id = $1 FOR UPDATE', [id])
        if (rows.length === 0) continue
        for (const { name } of holders) await client.query(`DELETE FROM ${quote(name)} WHERE board_id = $1`, [id])
        await client.query('DELETE FROM boards WHERE id = $1', [id])
        for (const key of [tombstoneKey(id), tombstoneKey(rows[0].view_id)]) {
          await client.query('INSERT INTO deleted_boards (key, deleted_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET deleted_at = excluded.deleted_at', [key, deletedAt])
        }
        deleted.push(id)
      }
      return deleted
    })
    if (deleted.length > 0) {
      // The deleted rows stay in the table files until VACUUM removes them; do it now rather than when
      // autovacuum gets round to it. Not being able to is no reason to report the deletion as failed.
      for (const name of ['boards', ...holders.map((h) => h.name)]) {
        await this.pool.query(`VACUUM ${quote(name)}`).catch((error: Error) => log.warn('store.vacuum-failed', { table: name, error: String(error) }))
      }
    }
    return deleted
  }

  async deletedAt(idOrViewId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ deleted_at: Date }>('SELECT deleted_at FROM deleted_boards WHERE key = $1', [tombstoneKey(idOrViewId)])
    return rows[0]?.deleted_at.toISOString()
  }

  async saveVersion(boardId: string, version: NewVersion, snapshot: Uint8Array): Promise<StoredVersion> {
    const stored = deflateSync(snapshot)
    const { rows } = await this.pool.query<{ id: number }>(
      `WITH next AS (UPDATE boards SET last_version_id = last_version_id + 1 WHERE id = $1 RETURNING last_version_id)
       INSERT INTO versions (board_id, id, created_at, kind, name, notes, changes, snapshot)
       SELECT $1, last_version_id, $2, $3, $4, $5, $6::jsonb, $7 FROM next RETURNING id`,
      [boardId, version.createdAt, version.kind, version.name, version.notes, JSON.stringify(version.changes), stored],
    )
    if (rows.length === 0) throw new Error(`unknown board ${boardId}`)
    return { ...version, changes: { ...version.changes }, id: rows[0].id, bytes: stored.byteLength }
  }

  async listVersions(boardId: string): Promise<StoredVersion[]> {
    const { rows } = await this.pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = $1 ORDER BY id`, [boardId])
    return rows.map(toVersion)
  }

  async loadVersion(boardId: string, versionId: number): Promise<{ version: StoredVersion; snapshot: Uint8Array } | undefined> {
    if (!Number.isInteger(versionId) || Math.abs(versionId) > 2 ** 31 - 1) return undefined
    const { rows } = await this.pool.query<VersionRow & { snapshot: Buffer }>(`SELECT ${VERSION_COLUMNS}, snapshot FROM versions WHERE board_id = $1 AND id = $2`, [boardId, versionId])
    const row = rows[0]
    if (!row) return undefined
    return { version: toVersion(row), snapshot: bytes(inflateSync(row.snapshot)) }
  }

  async deleteVersions(boardId: string, versionIds: readonly number[]): Promise<void> {
    const ids = versionIds.filter((id) => Number.isInteger(id) && Math.abs(id) <= 2 ** 31 - 1)
    if (ids.length === 0) return
    await this.pool.query('DELETE FROM versions WHERE board_id = $1 AND id = ANY($2::integer[])', [boardId, ids])
  }

  async storedBytes(id: string): Promise<number> {
    const { rows } = await this.pool.query<{ bytes: string }>('SELECT COALESCE(SUM(octet_length(data)), 0) AS bytes FROM updates WHERE board_id = $1', [id])
    return Number(rows[0].bytes)
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.values())
    if (!this.pool.ended) await this.pool.end()
  }

  // For `npm run db:copy`: a board written whole, as another store dumped it.

  /** Which of these boards this database holds already. */
  async existingBoardIds(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM boards WHERE id = ANY($1::text[]) ORDER BY id', [ids])
    return rows.map((r) => r.id)
  }

  /** Writes a board with everything it holds, in one transaction: all of it, or (on an error) nothing. */
  async restoreBoard(dump: BoardDump): Promise<void> {
    const { board } = dump
    const lastSeq = dump.updates.reduce((max, u) => Math.max(max, u.seq), 0)
    await transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO boards (id, view_id, title, key_hash, created_at, locked, join_code, last_opened_at, retain_until, last_seq, last_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [board.id, board.viewId, board.title, board.keyHash, board.createdAt, board.locked, board.joinCode ?? null, board.lastOpenedAt ?? null, board.retainUntil ?? null, lastSeq, dump.lastVersionId],
      )
      for (const u of dump.updates) await client.query('INSERT INTO updates (board_id, seq, data) VALUES ($1, $2, $3)', [board.id, u.seq, buffer(u.data)])
      for (const p of dump.participants) {
        await client.query('INSERT INTO participants (board_id, author_id, token_hash, name, organisation, joined_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          board.id,
          p.authorId,
          p.tokenHash,
          p.name,
          p.organisation,
          p.joinedAt,
        ])
      }
      for (const v of dump.votes) {
        await client.query('INSERT INTO votes (board_id, round_id, voter_id, dots) VALUES ($1, $2, $3, $4::jsonb)', [board.id, v.roundId, v.voterId, JSON.stringify(v.dots)])
      }
      for (const { version: v, storedSnapshot } of dump.versions) {
        await client.query('INSERT INTO versions (board_id, id, created_at, kind, name, notes, changes, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)', [
          board.id,
          v.id,
          v.createdAt,
          v.kind,
          v.name,
          v.notes,
          JSON.stringify(v.changes),
          buffer(storedSnapshot),
        ])
      }
    })
  }

  /** Adds tombstones; one this database has already keeps its date. Resolves with how many were new. */
  async restoreTombstones(tombstones: readonly Tombstone[]): Promise<number> {
    if (tombstones.length === 0) return 0
    const { rowCount } = await this.pool.query(
      'INSERT INTO deleted_boards (key, deleted_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT (key) DO NOTHING',
      [tombstones.map((t) => t.key), tombstones.map((t) => t.deletedAt)],
    )
    return rowCount ?? 0
  }

  async tombstones(): Promise<Tombstone[]> {
    const { rows } = await this.pool.query<{ key: string; deleted_at: Date }>('SELECT key, deleted_at FROM deleted_boards ORDER BY key')
    return rows.map((r) => ({ key: r.key, deletedAt: r.deleted_at.toISOString() }))
  }

  async countBoard(id: string): Promise<BoardCounts> {
    const { rows } = await this.pool.query<{ updates: string; update_bytes: string; participants: string; votes: string; versions: string }>(
      `SELECT (SELECT COUNT(*) FROM updates WHERE board_id = $1) AS updates,
              (SELECT COALESCE(SUM(octet_length(data)), 0) FROM updates WHERE board_id = $1) AS update_bytes,
              (SELECT COUNT(*) FROM participants WHERE board_id = $1) AS participants,
              (SELECT COUNT(*) FROM votes WHERE board_id = $1) AS votes,
              (SELECT COUNT(*) FROM versions WHERE board_id = $1) AS versions`,
      [id],
    )
    const r = rows[0]
    return { updates: Number(r.updates), updateBytes: Number(r.update_bytes), participants: Number(r.participants), votes: Number(r.votes), versions: Number(r.versions) }
  }
}

/** A pool whose lost connections are logged, not thrown: PostgreSQL restarting must not end the server. */
export function createPool(url: string, poolSize = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // While the database is unreachable a call fails within this, instead of waiting for ever.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: 'waterlijn',
  })
  pool.on('error', (error) => log.warn('store.connection-lost', { error: String(error) }))
  return pool
}
