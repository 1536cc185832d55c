/** Every environment variable the server reads, with its default. Documented in README.md. */
import { hostname } from 'node:os'
import { resolve } from 'node:path'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** postgres:// or postgresql:// URL: boards are kept in PostgreSQL; null: in SQLite in dataDir. */
  databaseUrl: string | null
  /** Connections to PostgreSQL this server keeps open at most. */
  databasePoolSize: number
  /** Largest websocket message accepted; larger ones close the connection with 1009. */
  maxMessageBytes: number
  tldrawLicenseKey: string | null
  /** Base URL for the links handed out (e.g. https://board.example.org); default: from the request's Host. */
  publicUrl: string | null
  /** How long a board stays in memory after its last connection left. */
  roomUnloadDelayMs: number
  /** Stored updates of one board that trigger a compaction into one snapshot. */
  compactAfterUpdates: number
  /** While a board changes, a version of it is kept at least this often; 0: only on unload and by hand. */
  versionIntervalMs: number
  /** Presence (cursor) changes are gathered and sent to everyone at most once per this interval. */
  awarenessFlushMs: number
  /** While the server is busy, a board's document changes go out at most once per this interval (0: never batched). */
  fanOutIntervalMs: number
  /** Directory with the built client. */
  clientDir: string
  /** Changes the server undid on one connection before it is closed and may not write for a while. */
  maxRefusedChanges: number
  /** How long such a connection's person (or address) may not write on that board. */
  refusedChangesBanMs: number
  /** Presence (awareness) ids one connection may announce. */
  maxPresencePerConnection: number
  /** Open websockets per board and per client address; 0: no limit. */
  maxConnectionsPerBoard: number
  maxConnectionsPerAddress: number
  /** Largest stored size of one board; updates past it are refused. 0: no limit. */
  maxBoardBytes: number
  /** How long updates waiting for missing dependencies are kept. */
  pendingUpdateTimeoutMs: number
  /** Boards one client address may create per minute; 0: no limit. */
  boardsPerMinutePerAddress: number
  /** Joins from one client address per minute; high, because a whole venue may share one NAT address. 0: no limit. */
  joinsPerMinutePerAddress: number
  /** Wrong join codes one client address may try per minute before every lookup gets 429; 0: no limit. */
  wrongJoinCodesPerMinutePerAddress: number
  /** Distinct organisations a board takes; 0: no cap. */
  maxOrganisationsPerBoard: number
  /** A request whose headers have not all arrived by then is ended. */
  httpHeadersTimeoutMs: number
  /** A request (headers and body) that has not fully arrived by then is ended. */
  httpRequestTimeoutMs: number
  /** A board nobody opened for this long is deleted; 0: boards are kept for ever. */
  retentionMs: number
  /** A text file that replaces the privacy page's text; null: the built-in one. */
  privacyTextFile: string | null
  /** This instance's name in logs and metrics (several instances behind one load balancer). */
  instanceId: string
  /** 'text': one readable line per event; 'json': one JSON object per line, for a log collector. */
  logFormat: 'text' | 'json'
  /** When set, GET /metrics asks for `Authorization: Bearer <token>`. */
  metricsToken: string | null
}

function oneOf<T extends string>(name: string, choices: readonly T[], fallback: T, env: NodeJS.ProcessEnv): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${choices.join(', ')}, got "${raw}"`)
  return raw as T
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`)
  return value
}

/** Days as a decimal number (tests use a fraction of a day), in milliseconds. */
function days(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback * DAY_MS
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of days ≥ 0, got "${raw}"`)
  return value * DAY_MS
}

export const DAY_MS = 24 * 60 * 60 * 1000

/** Node takes 0 as "no timeout", which would undo the point of these settings: at least 1 ms. */
function positive(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const value = int(name, fallback, env)
  if (value === 0) throw new Error(`${name} must be at least 1`)
  return value
}

function databaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL
  if (raw === undefined || raw === '') return null
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error('DATABASE_URL must start with postgres:// or postgresql:// (leave it unset to keep the boards in SQLite in DATA_DIR)')
  return raw
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = {
    port: int('PORT', 8080, env),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: databaseUrl(env),
    databasePoolSize: positive('DATABASE_POOL_SIZE', 10, env),
    maxMessageBytes: int('MAX_MESSAGE_BYTES', 1024 * 1024, env),
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY || null,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    roomUnloadDelayMs: int('ROOM_UNLOAD_DELAY_MS', 10_000, env),
    compactAfterUpdates: int('COMPACT_AFTER_UPDATES', 500, env),
    awarenessFlushMs: int('AWARENESS_FLUSH_MS', 50, env),
    fanOutIntervalMs: int('FANOUT_INTERVAL_MS', 30, env),
    versionIntervalMs: int('VERSION_INTERVAL_MS', 5 * 60 * 1000, env),
    clientDir: resolve(env.CLIENT_DIR || './dist'),
    maxRefusedChanges: int('MAX_REFUSED_CHANGES', 10, env) || 1,
    refusedChangesBanMs: int('REFUSED_CHANGES_BAN_SECONDS', 60, env) * 1000,
    maxPresencePerConnection: int('MAX_PRESENCE_PER_CONNECTION', 2, env) || 1,
    maxConnectionsPerBoard: int('MAX_CONNECTIONS_PER_BOARD', 500, env),
    maxConnectionsPerAddress: int('MAX_CONNECTIONS_PER_ADDRESS', 300, env),
    maxBoardBytes: int('MAX_BOARD_BYTES', 32 * 1024 * 1024, env),
    pendingUpdateTimeoutMs: int('PENDING_UPDATE_TIMEOUT_MS', 30_000, env),
    boardsPerMinutePerAddress: int('BOARDS_PER_MINUTE_PER_ADDRESS', 20, env),
    joinsPerMinutePerAddress: int('JOINS_PER_MINUTE_PER_ADDRESS', 240, env),
    wrongJoinCodesPerMinutePerAddress: int('WRONG_JOIN_CODES_PER_MINUTE_PER_ADDRESS', 20, env),
    maxOrganisationsPerBoard: int('MAX_ORGANISATIONS_PER_BOARD', 60, env),
    httpHeadersTimeoutMs: positive('HTTP_HEADERS_TIMEOUT_MS', 10_000, env),
    httpRequestTimeoutMs: positive('HTTP_REQUEST_TIMEOUT_MS', 30_000, env),
    retentionMs: days('RETENTION_DAYS', 90, env),
    privacyTextFile: env.PRIVACY_TEXT_FILE ? resolve(env.PRIVACY_TEXT_FILE) : null,
    instanceId: env.INSTANCE_ID?.trim() || hostname(),
    logFormat: oneOf('LOG_FORMAT', ['text', 'json'] as const, 'text', env),
    metricsToken: env.METRICS_TOKEN || null,
  }
  // Node refuses to start otherwise; say it in terms of the variables.
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    throw new Error(`HTTP_HEADERS_TIMEOUT_MS (${config.httpHeadersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.httpRequestTimeoutMs})`)
  }
  return config
}
