/**
 * A throwaway PostgreSQL cluster for one test file: `initdb` on a temporary directory, `pg_ctl start` on a
 * free port on 127.0.0.1 (its socket in that directory too), removed again by `stop()`. Debian's
 * `postgresql` package provides the programs (test/ensure-test-tools.mjs installs it; this helper does
 * too when it is missing and it may). As root, initdb and the server run as the `postgres` user, since
 * PostgreSQL refuses to run as root.
 *
 * `durable: false` (the default, fine for the contract suite) starts the server with `fsync=off`: what
 * it wrote survives a restart of PostgreSQL, not a crash of the machine. Tests about durability against
 * power loss must pass `durable: true`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres: the cluster's own database, for administration. */
  adminUrl: string
  port: number
  /** The cluster's data directory (owned by postgres when the tests run as root). */
  dataDir: string
  /** A new empty database on this cluster; resolves with its URL. */
  createDatabase(name?: string): Promise<string>
  /**
   * Stops PostgreSQL (fast shutdown: open connections are cut), runs `whileDown`, and starts it again on
   * the same port and data.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>
  /** Stops it and removes its files. */
  stop(): Promise<void>
  /** Milliseconds initdb and the first start took. */
  timings: { initdb: number; start: number }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** The directory with initdb and pg_ctl: PG_BIN_DIR, else the newest /usr/lib/postgresql/<n>/bin. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? join(base, versions[0], 'bin') : undefined
}

function ensurePostgresBin(): string {
  let bin = findPostgresBin()
  if (!bin && !process.env.PG_BIN_DIR && isRoot && existsSync('/usr/bin/apt-get')) {
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql'], { stdio: 'inherit' })
    bin = findPostgresBin()
  }
  if (!bin) {
    throw new Error('These tests need PostgreSQL\'s initdb and pg_ctl: install with "sudo apt-get install -y postgresql", or set PG_BIN_DIR to the directory that has them.')
  }
  return bin
}

/** Runs a PostgreSQL program as the user that may run it (postgres, when we are root). */
function runAsOwner(program: string, args: string[]): void {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args]
  const result = spawnSync(cmd, argv, { encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`${program.split('/').pop()} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`)
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const running = new Set<() => void>()
// A test process that ends without stop() must not leave a server behind.
process.once('exit', () => {
  for (const kill of running) kill()
})

export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = ensurePostgresBin()
  const dir = mkdtempSync(join(tmpdir(), 'waterlijn-pg-'))
  if (isRoot) chownSync(dir, ...ownerIds())
  const data = join(dir, 'data')
  const logFile = join(dir, 'postgres.log')

  let t = performance.now()
  runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
  const initdb = performance.now() - t

  const port = await freePort()
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=50',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ')
  const pgCtl = (...args: string[]) => runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '30', ...args])
  const start = () => pgCtl('-o', settings, 'start')
  const kill = () => {
    try {
      pgCtl('-m', 'immediate', 'stop')
    } catch {
      // already stopped
    }
  }

  t = performance.now()
  try {
    start()
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`${String(error)}\n${log}`)
  }
  const started = performance.now() - t
  running.add(kill)

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
  let databases = 0
  return {
    adminUrl,
    port,
    dataDir: data,
    timings: { initdb, start: started },
    async createDatabase(name = `waterlijn_test_${++databases}`) {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
      } finally {
        await client.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`
    },
    async restart(whileDown) {
      pgCtl('-m', 'fast', 'stop')
      try {
        await whileDown?.()
      } finally {
        start()
      }
    },
    async stop() {
      running.delete(kill)
      kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function ownerIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) throw new Error('There is no "postgres" user: install Debian\'s postgresql package ("sudo apt-get install -y postgresql").')
  const [, , uid, gid] = line.split(':')
  return [Number(uid), Number(gid)]
}
