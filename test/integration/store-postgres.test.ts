// The PostgreSQL store against a real PostgreSQL: the contract every store passes, then what only this
// one has (migrations, the pool across a database restart, large values, several writers of one board).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POSTGRES_SCHEMA_VERSION, PostgresStore } from '../../server/store/postgres.ts'
import type { StoredBoard } from '../../server/store/types.ts'
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts'
import { storeContractSuite } from '../unit/store-contract.ts'

// fsync off: these tests are about what the store does, not about surviving power loss.
let cluster: TestPostgres
let url: string
const started = performance.now()
beforeAll(async () => {
  cluster = await startPostgres()
  url = await cluster.createDatabase('contract')
  console.log(`PostgreSQL: initdb ${cluster.timings.initdb.toFixed(0)} ms, start ${cluster.timings.start.toFixed(0)} ms`)
})
afterAll(async () => {
  await cluster?.stop()
  console.log(`store-postgres: ${(performance.now() - started).toFixed(0)} ms in all`)
})

storeContractSuite('PostgreSQL', () => PostgresStore.open(url, { poolSize: 3 }))

let n = 0
function board(): StoredBoard {
  n++
  return { id: `pg-board-0000000${n}`, viewId: `pg-view-00000000${n}`, title: `Bord ${n}`, keyHash: 'cd'.repeat(32), createdAt: '2026-12-01T10:00:00.000Z', locked: false }
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

describe('PostgresStore', () => {
  it('migrates a new database once, also when two instances start at the same moment', async () => {
    const fresh = await cluster.createDatabase()
    const stores = await Promise.all([PostgresStore.open(fresh), PostgresStore.open(fresh), PostgresStore.open(fresh)])
    const versions = await query<{ version: number }>(fresh, 'SELECT version FROM waterlijn_schema ORDER BY version')
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1))
    // Each sees the same boards.
    const b = board()
    await stores[0].createBoard(b, new Uint8Array([0, 0]))
    expect(await stores[2].getBoard(b.id)).toEqual(b)
    await Promise.all(stores.map((s) => s.close()))
    // And once more: nothing to do, nothing lost.
    const again = await PostgresStore.open(fresh)
    expect(await again.getBoard(b.id)).toEqual(b)
    expect(await query(fresh, 'SELECT version FROM waterlijn_schema')).toHaveLength(POSTGRES_SCHEMA_VERSION)
    await again.close()
  })

  it('refuses a database written by a newer version, and one not migrated when asked not to migrate', async () => {
    const fresh = await cluster.createDatabase()
    await expect(PostgresStore.open(fresh, { migrate: false })).rejects.toThrow(/db:migrate/)
    await (await PostgresStore.open(fresh)).close()
    await query(fresh, 'INSERT INTO waterlijn_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION + 1])
    await expect(PostgresStore.open(fresh)).rejects.toThrow(/newer version \(schema \d+, this server knows \d+\)/)
    await expect(PostgresStore.open(fresh, { migrate: false })).rejects.toThrow(/newer version/)
  })

  it('keeps updates, snapshots and versions of a megabyte byte for byte', async () => {
    const store = await PostgresStore.open(url)
    const b = board()
    const big = new Uint8Array(randomBytes(1024 * 1024))
    await store.createBoard(b, big)
    const seq = await store.appendUpdate(b.id, big.subarray(1, 1024 * 1024 - 1))
    let loaded = await store.loadUpdates(b.id)
    expect(loaded.updates.map((u) => u.byteLength)).toEqual([1024 * 1024, 1024 * 1024 - 2])
    expect(Buffer.from(loaded.updates[0]).equals(Buffer.from(big))).toBe(true)
    expect(Buffer.from(loaded.updates[1]).equals(Buffer.from(big.subarray(1, 1024 * 1024 - 1)))).toBe(true)
    await store.compact(b.id, big, seq)
    loaded = await store.loadUpdates(b.id)
    expect(loaded.lastSeq).toBe(seq)
    expect(Buffer.from(loaded.updates[0]).equals(Buffer.from(big))).toBe(true)
    expect(await store.storedBytes(b.id)).toBe(1024 * 1024)
    const version = await store.saveVersion(b.id, { createdAt: '2026-12-01T10:00:00.000Z', kind: 'manual', name: 'groot', notes: 0, changes: {} }, big)
    expect(Buffer.from((await store.loadVersion(b.id, version.id))!.snapshot).equals(Buffer.from(big))).toBe(true)
    await store.close()
  })

  it('numbers updates in the order they were handed in, and two instances writing one board never share a number', async () => {
    const one = await PostgresStore.open(url, { poolSize: 4 })
    const two = await PostgresStore.open(url, { poolSize: 4 })
    const b = board()
    await one.createBoard(b, new Uint8Array([0]))
    const seqs = await Promise.all(Array.from({ length: 40 }, (_, i) => one.appendUpdate(b.id, new Uint8Array([1, i]))))
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2))
    expect((await one.loadUpdates(b.id)).updates.slice(1).map((u) => u[1])).toEqual(Array.from({ length: 40 }, (_, i) => i))
    const both = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).appendUpdate(b.id, new Uint8Array([2, i]))))
    expect(new Set(both).size).toBe(40)
    expect((await two.loadUpdates(b.id)).lastSeq).toBe(81)
    await expect(one.appendUpdate('no-such-board-000001', new Uint8Array([1]))).rejects.toThrow(/unknown board/)
    await Promise.all([one.close(), two.close()])
  })

  it('while PostgreSQL restarts, calls reject; afterwards the same store works again, and nothing acknowledged is lost', async () => {
    const store = await PostgresStore.open(url, { poolSize: 3 })
    const b = board()
    await store.createBoard(b, new Uint8Array([0, 0]))
    await store.appendUpdate(b.id, new Uint8Array([1]))
    // Idle connections in the pool, so the restart cuts them.
    await Promise.all([store.getBoard(b.id), store.getBoard(b.id), store.getBoard(b.id)])
    await cluster.restart(async () => {
      await expect(store.appendUpdate(b.id, new Uint8Array([2]))).rejects.toThrow()
      await expect(store.getBoard(b.id)).rejects.toThrow()
      await expect(store.createBoard(board(), new Uint8Array([0]))).rejects.toThrow()
    })
    // No reconnect by hand, no retry: the pool dropped the broken connections and makes new ones.
    expect(await store.getBoard(b.id)).toEqual(b)
    expect(await store.appendUpdate(b.id, new Uint8Array([3]))).toBe(3)
    expect((await store.loadUpdates(b.id)).updates.map((u) => [...u])).toEqual([[0, 0], [1], [3]])
    await store.close()
  })
})
