/**
 * One owner per board: an instance serves (loads, writes, fans out) a board only while it owns it.
 * With SQLite there is one process, so it always does. With PostgreSQL several instances share the
 * database, and the database decides:
 *
 * - [1] A session advisory lock per board, `pg_try_advisory_lock(hash of the board id)`, held on ONE
 *   dedicated connection per instance. PostgreSQL drops every lock of a session the moment it ends, so
 *   a `kill -9`ed instance frees its boards at once (the kernel closes its sockets).
 * - [2] A fencing epoch: whoever takes a board bumps `board_owners.epoch`, and every update and
 *   compaction of an owned board is written with `... WHERE epoch = <mine>` while holding that row
 *   `FOR SHARE` (server/store/postgres.ts). An owner that lost its lock without noticing yet (its
 *   connection broke, a long pause) cannot write any more: its write fails with NotOwnerError. The
 *   row lock orders it exactly: a takeover waits for writes under the old epoch to commit, and loads
 *   the board after, so it sees them.
 * - [3] `ownership_log`: one row per ownership (board, instance, epoch, acquired_at, released_at), for
 *   the operator and for the tests that prove no board ever had two owners at once.
 * - [4] Handovers. The load balancer and the database can disagree for a moment: a dying instance's
 *   people reconnect a few at a time, and the balancer may send the first ones elsewhere than the rest
 *   (before its health check marks the dead one down). Then one instance owns the board while the
 *   balancer sends everyone else to another, which can only refuse them. So a refusing instance notes in
 *   `board_owners.wanted_by` that it was asked for the board, and the owner, seeing that (it looks every
 *   second) after it has owned the board for a while, hands the board over: its connections are told to
 *   try again, the board is stored and released, and everyone ends up where the balancer sends them.
 * - [5] The dedicated connection breaks (PostgreSQL restarts, the network goes): nobody can take a board
 *   over while the database is away, and nothing can be stored either, so the loaded boards keep being
 *   served (their writes fail and are refused, see Rooms). The connection is made again at once and every
 *   loaded board's lock taken again, provided its epoch is still ours; a board that another instance took
 *   in between is reported lost and its connections are closed at once.
 */
import pg from 'pg'
import { log } from './log.ts'

/** This instance owns the board under this epoch (its writes are fenced with it). */
export interface BoardLease {
  readonly boardId: string
  readonly epoch: number
}

export interface BoardOwnership {
  /** Several instances share the boards (a board's next owner loads what is stored): see RoomOptions.shareOnlyStored. */
  readonly shared: boolean
  /**
   * Becomes the board's only owner, or null when another instance owns it (or the database is away).
   * `askOwner` (default true): the owner is asked to hand the board over [4], as when the load balancer
   * sends the board's people here; not for a look in passing (the retention sweep).
   */
  acquire(boardId: string, options?: { askOwner?: boolean }): Promise<BoardLease | null>
  /** Gives the board up (after its last write was stored). */
  release(lease: BoardLease): Promise<void>
  /** `listener` hears of boards this instance no longer owns for certain: their connections must go at once. */
  onLost(listener: (boardIds: string[]) => void): void
  /** `listener` hears of owned boards another instance is asked for: store them and let them go [4]. */
  onWanted(listener: (boardIds: string[]) => void): void
  close(): Promise<void>
}

/** Another instance owns the board (or took it over): try again, through the load balancer. */
export class NotOwnerError extends Error {
  constructor(readonly boardId: string) {
    super('another instance owns this board')
    this.name = 'NotOwnerError'
  }
}

/** One process (SQLite, or tests): always the owner. */
export class SingleProcessOwnership implements BoardOwnership {
  readonly shared = false
  async acquire(boardId: string): Promise<BoardLease> {
    return { boardId, epoch: 0 }
  }
  async release(): Promise<void> {}
  onLost(): void {}
  onWanted(): void {}
  async close(): Promise<void> {}
}

/** The advisory lock key of a board: 64 bits of a hash of its id, computed by PostgreSQL. */
const LOCK_KEY = `hashtextextended('waterlijn:board:' || $1, 0)`

const RECONNECT_MIN_MS = 100
/**
 * While the database is away the connection is tried again at least this often: after PostgreSQL is back,
 * the owner must have its locks again before a load balancer's health checks (`rise 2` × `inter 1s`)
 * send anyone to another instance.
 */
const RECONNECT_MAX_MS = 250
const HANDOVER_CHECK_MS = 1000
/** A board is handed over only after it has been owned this long, and asked for elsewhere this recently. */
const HANDOVER_AFTER_SECONDS = 2

export class PostgresOwnership implements BoardOwnership {
  readonly shared = true
  private client: pg.Client | null = null
  private connecting: Promise<pg.Client> | null = null
  /** Boards owned, by id. */
  private owned = new Map<string, BoardLease>()
  /** Owned boards whose lock went with a broken connection, to be taken again (not those locked since). */
  private unconfirmed = new Set<string>()
  private listeners: ((boardIds: string[]) => void)[] = []
  private wantedListeners: ((boardIds: string[]) => void)[] = []
  private handoverTimer: NodeJS.Timeout | null = null
  /** When this instance last noted that it was asked for a board another owns. */
  private askedFor = new Map<string, number>()
  private closed = false
  private retryTimer: NodeJS.Timeout | null = null
  private reconnectDelay: number
  private readonly reconnectMinMs: number
  /** acquire/release/re-lock run one at a time on the one connection. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly url: string,
    private readonly instanceId: string,
    /** The first wait before the dedicated connection is made again (doubling, up to 250 ms or this). */
    options: { reconnectMinMs?: number } = {},
  ) {
    this.reconnectMinMs = options.reconnectMinMs ?? RECONNECT_MIN_MS
    this.reconnectDelay = this.reconnectMinMs
  }

  /** Connects the dedicated connection (the server does this at start, so a wrong URL shows at once). */
  async start(): Promise<void> {
    await this.connection()
  }

  onLost(listener: (boardIds: string[]) => void): void {
    this.listeners.push(listener)
  }

  onWanted(listener: (boardIds: string[]) => void): void {
    this.wantedListeners.push(listener)
    this.handoverTimer ??= setInterval(() => void this.serially(() => this.checkWanted()), HANDOVER_CHECK_MS)
    this.handoverTimer.unref()
  }

  acquire(boardId: string, { askOwner = true }: { askOwner?: boolean } = {}): Promise<BoardLease | null> {
    return this.serially(async () => {
      const known = this.owned.get(boardId)
      if (known) return known
      // Without the database nobody can own the board: the client is told to try again, like any refusal.
      const client = await this.connection().catch(() => null)
      if (!client) return null
      let locked = false
      try {
        const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`, [boardId])
        locked = rows[0]?.locked === true
        if (!locked) {
          // [4] Tell the owner: the balancer sends this board's people here now (once per half second).
          if (askOwner && (this.askedFor.get(boardId) ?? 0) < Date.now() - 500) {
            this.askedFor.set(boardId, Date.now())
            await client.query('UPDATE board_owners SET wanted_by = $2, wanted_at = now() WHERE board_id = $1 AND instance_id <> $2', [boardId, this.instanceId])
          }
          return null
        }
        this.askedFor.delete(boardId)
        const epoch = await this.takeOver(client, boardId)
        const lease = { boardId, epoch }
        this.owned.set(boardId, lease)
        log.info('ownership.acquired', { board: boardId, epoch })
        return lease
      } catch (error) {
        log.warn('ownership.acquire-failed', { board: boardId, error: String(error) })
        if (locked) await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [boardId]).catch(() => {})
        return null
      }
    })
  }

  release(lease: BoardLease): Promise<void> {
    return this.serially(async () => {
      if (this.owned.get(lease.boardId) !== lease) return
      this.owned.delete(lease.boardId)
      const client = this.client
      // Without the connection the lock is gone already; the log row stays open until the next owner closes it.
      if (!client) return
      try {
        await client.query('UPDATE ownership_log SET released_at = now() WHERE board_id = $1 AND epoch = $2 AND released_at IS NULL', [lease.boardId, lease.epoch])
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [lease.boardId])
        log.info('ownership.released', { board: lease.boardId, epoch: lease.epoch })
      } catch (error) {
        // The connection broke meanwhile: PostgreSQL dropped the lock with it.
        log.warn('ownership.release-failed', { board: lease.boardId, error: String(error) })
      }
    })
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    if (this.handoverTimer) clearInterval(this.handoverTimer)
    await this.queue.catch(() => {})
    const client = this.client
    this.client = null
    this.owned.clear()
    // Ending the session releases every lock it holds.
    await client?.end().catch(() => {})
  }

  /** The boards this instance owns now (for tests and metrics). */
  get ownedBoards(): string[] {
    return [...this.owned.keys()]
  }

  /**
   * [2][3] Bumps the epoch (waiting for writes under the old one to commit) and logs the ownership; an
   * earlier owner's log row still open (it died or lost its connection) is closed as taken over.
   */
  private async takeOver(client: pg.Client, boardId: string): Promise<number> {
    await client.query('BEGIN')
    try {
      const { rows } = await client.query<{ epoch: string }>(
        `INSERT INTO board_owners (board_id, instance_id, epoch, since) VALUES ($1, $2, 1, now())
         ON CONFLICT (board_id) DO UPDATE SET epoch = board_owners.epoch + 1, instance_id = excluded.instance_id, since = excluded.since, wanted_by = NULL, wanted_at = NULL
         RETURNING epoch`,
        [boardId, this.instanceId],
      )
      const epoch = Number(rows[0].epoch)
      await client.query(`UPDATE ownership_log SET released_at = now(), ended = 'taken over' WHERE board_id = $1 AND released_at IS NULL`, [boardId])
      await client.query('INSERT INTO ownership_log (board_id, instance_id, epoch, acquired_at) VALUES ($1, $2, $3, clock_timestamp())', [boardId, this.instanceId, epoch])
      await client.query('COMMIT')
      return epoch
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }
  }

  /** [4] Owned boards another instance was asked for lately, after this one had owned them a while. */
  private async checkWanted(): Promise<void> {
    for (const [board, at] of this.askedFor) if (at < Date.now() - 10_000) this.askedFor.delete(board)
    const client = this.client
    if (!client || this.owned.size === 0) return
    try {
      const { rows } = await client.query<{ board_id: string }>(
        `SELECT board_id FROM board_owners
          WHERE board_id = ANY($1::text[]) AND instance_id = $2
            AND wanted_at > now() - make_interval(secs => $3) AND wanted_at > since + make_interval(secs => $3)`,
        [[...this.owned.keys()], this.instanceId, HANDOVER_AFTER_SECONDS],
      )
      const wanted = rows.map((r) => r.board_id).filter((id) => this.owned.has(id))
      if (wanted.length === 0) return
      log.info('ownership.wanted-elsewhere', { boards: wanted.length })
      for (const listener of this.wantedListeners) listener(wanted)
    } catch (error) {
      log.warn('ownership.check-failed', { error: String(error) })
    }
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return run
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client)
    if (this.closed) return Promise.reject(new Error('ownership closed'))
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: `waterlijn-ownership:${this.instanceId}`, keepAlive: true, connectionTimeoutMillis: 5000 })
      client.on('error', (error) => this.lost(client, error))
      client.on('end', () => this.lost(client, new Error('connection ended')))
      try {
        await client.connect()
      } catch (error) {
        client.removeAllListeners()
        throw error
      }
      this.client = client
      this.reconnectDelay = this.reconnectMinMs
      return client
    })().finally(() => (this.connecting = null))
    return this.connecting
  }

  /** [5] The dedicated connection is gone, and with it every lock it held. */
  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return
    this.client = null
    client.removeAllListeners()
    client.on('error', () => {})
    if (this.closed) return
    log.warn('ownership.connection-lost', { boards: this.owned.size, error: String(error) })
    for (const id of this.owned.keys()) this.unconfirmed.add(id)
    this.scheduleRelock()
  }

  private scheduleRelock(): void {
    if (this.retryTimer || this.closed) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.relock()
    }, this.reconnectDelay)
    this.retryTimer.unref()
    this.reconnectDelay = Math.min(Math.max(RECONNECT_MAX_MS, this.reconnectMinMs), this.reconnectDelay * 2)
  }

  /** Takes the lock of every board still loaded again, keeping those whose epoch nobody bumped meanwhile. */
  private relock(): Promise<void> {
    return this.serially(async () => {
      let client: pg.Client
      try {
        client = await this.connection()
      } catch {
        return this.scheduleRelock()
      }
      const lost: string[] = []
      try {
        for (const id of [...this.unconfirmed]) {
          const lease = this.owned.get(id)
          this.unconfirmed.delete(id)
          if (!lease) continue
          const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`, [lease.boardId])
          const still = rows[0]?.locked
            ? (await client.query('SELECT 1 FROM board_owners WHERE board_id = $1 AND epoch = $2', [lease.boardId, lease.epoch])).rowCount === 1
            : false
          if (still) continue
          if (rows[0]?.locked) await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [lease.boardId])
          this.owned.delete(lease.boardId)
          lost.push(lease.boardId)
        }
      } catch (error) {
        log.warn('ownership.relock-failed', { error: String(error) })
        if (this.client === client) this.lost(client, error as Error)
      }
      log.info('ownership.relocked', { kept: this.owned.size, lost: lost.length })
      if (lost.length > 0) for (const listener of this.listeners) listener(lost)
    })
  }
}
