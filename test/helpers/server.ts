/** Starts the real server (server/main.ts) as a child process on a random port with its own DATA_DIR. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string
  /** ws://127.0.0.1:PORT */
  wsUrl: string
  port: number
  dataDir: string
  process: ChildProcess
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string
  /** SIGKILL: no chance to flush or close anything. */
  kill: () => Promise<void>
  /** SIGTERM and wait for exit. */
  stop: () => Promise<void>
}

const root = resolve(import.meta.dirname, '../..')

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'waterlijn-test-'))
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export async function startServer(options: { dataDir?: string; env?: Record<string, string>; port?: number } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir()
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      // Test files create boards and join far faster than people do; the limits have tests of their own.
      BOARDS_PER_MINUTE_PER_ADDRESS: '0',
      JOINS_PER_MINUTE_PER_ADDRESS: '0',
      WRONG_JOIN_CODES_PER_MINUTE_PER_ADDRESS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<void>((res) => child.once('exit', () => res()))

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start within 20 s:\n${output}`)), 20_000)
    const check = () => {
      const m = output.match(/listening on http:\/\/[^:\s]+:(\d+)/)
      if (m) {
        clearTimeout(timer)
        child.stdout!.off('data', check)
        res(Number(m[1]))
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** Polls `check` until it returns a truthy value (or stops throwing); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}

export async function createBoard(server: RunningServer, title = 'Verkenningsbijeenkomst'): Promise<import('../../shared/protocol.ts').CreateBoardResponse> {
  const res = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Joins a board as a person would: the server's answer holds their author id and token. */
export async function joinBoard(
  server: RunningServer,
  boardId: string,
  who: { name: string; organisation: string; token?: string } = { name: 'Anne', organisation: 'Gemeente Utrecht' },
): Promise<import('../../shared/protocol.ts').JoinResponse> {
  const res = await fetch(`${server.url}/api/boards/${boardId}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  })
  if (res.status !== 200) throw new Error(`join board: ${res.status} ${await res.text()}`)
  return res.json()
}
