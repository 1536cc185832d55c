/** Opens the store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { PostgresOwnership, SingleProcessOwnership, type BoardOwnership } from '../ownership.ts'
import { PostgresStore } from './postgres.ts'
import { SqliteStore } from './sqlite.ts'
import type { BoardStore } from './types.ts'

export function sqliteFile(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'waterlijn.sqlite')
}

/** Connects and brings the schema up to date (PostgreSQL: migrations run here, at start). */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>): Promise<BoardStore> {
  if (config.databaseUrl) return PostgresStore.open(config.databaseUrl, { poolSize: config.databasePoolSize })
  return new SqliteStore(sqliteFile(config))
}

/**
 * Who may serve which board: with PostgreSQL the database decides (several instances may share it),
 * with SQLite this one process serves every board. Call after openStore (the schema must exist).
 */
export async function openOwnership(config: Pick<Config, 'databaseUrl' | 'instanceId'>): Promise<BoardOwnership> {
  if (!config.databaseUrl) return new SingleProcessOwnership()
  const ownership = new PostgresOwnership(config.databaseUrl, config.instanceId)
  await ownership.start()
  return ownership
}

/** Where the boards are, for people: the SQLite file, or PostgreSQL's host and database (never a password). */
export function describeStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.dataDir
  try {
    const url = new URL(config.databaseUrl)
    return `PostgreSQL at ${url.host || 'localhost'}${url.pathname}`
  } catch {
    return 'PostgreSQL'
  }
}
