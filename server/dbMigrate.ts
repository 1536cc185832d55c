/** `npm run db:migrate`: brings the PostgreSQL schema (DATABASE_URL) up to this version, and nothing else. */
import { loadConfig } from './config.ts'
import { createPool, migrate } from './store/postgres.ts'

let config
try {
  config = loadConfig()
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
}
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set: there is nothing to migrate (SQLite in DATA_DIR migrates itself when the server starts).')
  process.exit(1)
}
const pool = createPool(config.databaseUrl, 1)
try {
  const { from, to } = await migrate(pool)
  console.log(from === to ? `The schema is up to date (version ${to}).` : `Migrated the schema from version ${from} to ${to}.`)
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await pool.end()
}
