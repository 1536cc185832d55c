/**
 * `npm run db:copy -- --from sqlite:./data --to postgres://…`: moves an existing SQLite database into
 * PostgreSQL (see server/store/copy.ts). `--from` takes a data directory or the .sqlite file; `--to`
 * defaults to DATABASE_URL. `--skip-existing` copies only the boards the target does not hold yet.
 * The SQLite database is only read (brought to this version's schema first, as the server would).
 */
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CopyRefused, copyBoards } from './store/copy.ts'
import { PostgresStore } from './store/postgres.ts'
import { SqliteStore } from './store/sqlite.ts'

const usage = 'Usage: npm run db:copy -- --from sqlite:<data directory or .sqlite file> --to postgres://user:password@host/database [--skip-existing]'

function fail(message: string, code = 1): never {
  console.error(message)
  process.exit(code)
}

let args
try {
  args = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, 'skip-existing': { type: 'boolean' }, help: { type: 'boolean' } } }).values
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2)
}
if (args.help) {
  console.log(usage)
  process.exit(0)
}
const from = args.from ?? ''
const to = args.to || process.env.DATABASE_URL || ''
if (!from.startsWith('sqlite:')) fail(`--from must be sqlite:<data directory or .sqlite file>.\n${usage}`, 2)
if (!/^postgres(ql)?:\/\//.test(to)) fail(`--to must be a postgres:// or postgresql:// URL (or set DATABASE_URL).\n${usage}`, 2)

let file = resolve(from.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''))
if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'waterlijn.sqlite')
// Opening a file that is not there would make a new, empty database: say so instead.
if (!existsSync(file)) fail(`There is no SQLite database at ${file}.`)

const source = new SqliteStore(file)
let target: PostgresStore | undefined
try {
  target = await PostgresStore.open(to)
  const started = Date.now()
  const summary = await copyBoards(source, target, {
    skipExisting: args['skip-existing'],
    onBoard: (i, total) => {
      if (i % 100 === 0 && i < total) console.log(`  ${i} of ${total} boards…`)
    },
  })
  console.log(
    `Copied ${summary.boards} boards (${summary.updates} updates, ${(summary.updateBytes / 1024 / 1024).toFixed(1)} MiB; ` +
      `${summary.versions} versions; ${summary.participants} participants; ${summary.votes} votes) and ${summary.tombstones} tombstones ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (summary.skipped ? `; skipped ${summary.skipped} boards the target already held.` : '.') +
      ' Every copied board was read back and counted.',
  )
} catch (error) {
  process.exitCode = error instanceof CopyRefused ? 3 : 1
  console.error(error instanceof Error ? error.message : String(error))
} finally {
  await source.close()
  await target?.close()
}
