/**
 * HAProxy in front of test instances, with the configuration of docs/deploy.md (only its `bind` and
 * `server` lines replaced), so the documented file is the tested one. Debian's `haproxy` package
 * (test/ensure-test-tools.mjs installs it), or HAPROXY_PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')
export const haproxyPath = process.env.HAPROXY_PATH || '/usr/sbin/haproxy'

export interface TestHaproxy {
  url: string
  wsUrl: string
  port: number
  /** The configuration it runs. */
  config: string
  stop(): Promise<void>
}

/** The HAProxy configuration in docs/deploy.md. */
export function documentedConfig(): string {
  const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8')
  const block = doc.match(/```haproxy\n([\s\S]*?)```/)
  if (!block) throw new Error('docs/deploy.md has no ```haproxy block')
  return block[1]
}

/** The documented configuration with this bind address and these instances; shorter health checks. */
export function configFor(port: number, instances: { name: string; port: number }[], checkIntervalMs = 300): string {
  const lines = documentedConfig().split('\n')
  const out: string[] = []
  for (const line of lines) {
    if (/^\s*bind\s/.test(line)) out.push(`    bind 127.0.0.1:${port}`)
    else if (/^\s*server\s/.test(line)) continue
    else if (/^\s*default-server\s/.test(line)) out.push(line.replace(/inter \S+/, `inter ${checkIntervalMs}`))
    else out.push(line)
  }
  const backendEnd = out.length
  out.splice(backendEnd, 0, ...instances.map((i) => `    server ${i.name} 127.0.0.1:${i.port}`))
  return out.join('\n') + '\n'
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

export async function startHaproxy(instances: { name: string; port: number }[]): Promise<TestHaproxy> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'waterlijn-haproxy-'))
  const file = join(dir, 'haproxy.cfg')
  const config = configFor(port, instances)
  writeFileSync(file, config)
  const check = spawnSync(haproxyPath, ['-c', '-q', '-f', file], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`haproxy refuses the configuration:\n${check.stdout}${check.stderr}\n${config}`)
  // -db: stay in the foreground, so the test owns the process.
  const child: ChildProcess = spawn(haproxyPath, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const deadline = Date.now() + 10_000
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status < 500, () => false)
    if (up) break
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not come up:\n${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    config,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
