/**
 * The bench's own bookkeeping: the server and worker processes it starts, its temp dirs, and a promise
 * per worker request. Everything it starts is stopped and removed on exit, also on failure or Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startServer, type RunningServer } from '../../test/helpers/server.ts'
import type { Request, Response } from './ipc.ts'

const children = new Set<ChildProcess>()
const dirs = new Set<string>()

function cleanupNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs.clear()
}

process.on('exit', cleanupNow)
// y-websocket adds one process 'exit' listener per provider (verifiers, growth partners).
process.setMaxListeners(0)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping`)
    process.exit(130)
  })
}

/** Ends the bench (with cleanup) if it runs longer than `ms`, whatever it is waiting for. */
export function hardLimit(ms: number): void {
  setTimeout(() => {
    console.error(`bench: still running after ${Math.round(ms / 1000)} s, giving up`)
    process.exit(2)
  }, ms).unref()
}

export interface BenchServer extends RunningServer {
  /** SIGTERM, wait for exit (the server compacts every loaded board), keep the data dir. */
  stop: () => Promise<void>
  /** Stop if running and remove the data dir. */
  dispose: () => Promise<void>
}

export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'waterlijn-bench-'))
  dirs.add(dataDir)
  // BENCH_PROF=<dir>: the server and the workers write V8 CPU profiles there (on a clean exit).
  const prof: Record<string, string> = process.env.BENCH_PROF ? { NODE_OPTIONS: `--import=${pathToFileURL(profilePreload).href}` } : {}
  // The bench plays a whole venue from one address: the per-address limits would measure themselves.
  const unlimited = { BOARDS_PER_MINUTE_PER_ADDRESS: '0', JOINS_PER_MINUTE_PER_ADDRESS: '0' }
  const server = await startServer({ dataDir, env: { ...unlimited, ...env, ...prof } })
  children.add(server.process)
  return {
    ...server,
    dispose: async () => {
      await server.stop()
      children.delete(server.process)
      rmSync(dataDir, { recursive: true, force: true })
      dirs.delete(dataDir)
    },
  }
}

export class Worker {
  private nextId = 1
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  readonly ready: Promise<void>

  constructor(readonly process: ChildProcess) {
    this.ready = new Promise((res, rej) => {
      process.once('exit', (code) => rej(new Error(`worker exited with ${code} before it was ready`)))
      process.on('message', (m: { ready?: boolean } | Response) => {
        if ('ready' in m) return res()
        const waiting = this.pending.get((m as Response).id)
        if (!waiting) return
        this.pending.delete((m as Response).id)
        if ((m as Response).ok) waiting.resolve((m as { result: unknown }).result)
        else waiting.reject(new Error(`worker: ${(m as { error: string }).error}`))
      })
    })
    process.on('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`worker exited (${code ?? signal})`))
      this.pending.clear()
    })
  }

  request<T>(req: Request | Record<string, unknown>, timeoutMs: number): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((res, rej) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        rej(new Error(`worker did not answer ${String(req.cmd)} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          res(v as T)
        },
        reject: (e) => {
          clearTimeout(timer)
          rej(e)
        },
      })
      this.process.send({ id, ...req })
    })
  }

  stop(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM')
    children.delete(this.process)
  }
}

const workerFile = resolve(import.meta.dirname, '../worker.ts')
const profilePreload = resolve(import.meta.dirname, 'profile-preload.mjs')

/**
 * `niceness` > 0 runs the simulated partners at a lower CPU priority than the server: on two cores a
 * hundred simulated laptops would otherwise take the CPU the server needs, which real laptops never do.
 */
export async function startWorkers(count: number, niceness = 0, file = workerFile): Promise<Worker[]> {
  const workers: Worker[] = []
  for (let i = 0; i < count; i++) {
    const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []
    const child = fork(file, [], { execArgv: ['--import', 'tsx', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    if (niceness > 0 && child.pid) setPriority(child.pid, niceness)
    children.add(child)
    workers.push(new Worker(child))
  }
  await Promise.all(workers.map((w) => w.ready))
  return workers
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** The reference server of the y-websocket project (@y/websocket-server): no rules, no storage, one room per path. */
export async function startReferenceServer(): Promise<{ wsUrl: string; process: ChildProcess; dispose(): Promise<void> }> {
  const { createServer } = await import('node:net')
  const port = await new Promise<number>((resolvePort, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))))
    })
  })
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []
  const child = fork(resolve(import.meta.dirname, '../../node_modules/@y/websocket-server/src/server.js'), [], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    execArgv: prof,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  children.add(child)
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error('the reference server did not start within 10 s')), 10_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running at')) {
        clearTimeout(timer)
        ready()
      }
    })
    child.once('exit', (code) => reject(new Error(`the reference server exited with ${code}`)))
  })
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    process: child,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      children.delete(child)
    },
  }
}
