/**
 * Several instances behind HAProxy on one PostgreSQL (docs/deploy.md), against one instance behind the
 * same HAProxy: many boards × light partners, fan-out latency and how the boards spread; then what a
 * failover costs: the instance that owns a board with stock partners is killed with SIGKILL, and the
 * bench counts the seconds until every partner is synced again and holds every partner's latest note.
 *
 *   npm run bench:cluster                                 # 1 and 3 instances, 12 boards × 30, 15 s; failover
 *   npm run bench:cluster -- --boards 20 --duration 20 --out results.md
 *
 * The writers are bench/capacity-worker.ts's light writers (unchanged), an observer per board is a stock
 * y-websocket client (bench/lib/client.ts). PostgreSQL runs with fsync off (test/helpers/postgres.ts),
 * HAProxy is Debian's (`npm test` installs it).
 */
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import pg from 'pg'
import { startHaproxy, type TestHaproxy } from '../test/helpers/haproxy.ts'
import { startPostgres, type TestPostgres } from '../test/helpers/postgres.ts'
import { joinBoard, type RunningServer } from '../test/helpers/server.ts'
import type { CreateBoardResponse } from '../shared/protocol.ts'
import { connect, observeNotes, until, type BenchClient, type NoteObserver } from './lib/client.ts'
import { hardLimit, sleep, startBenchServer, startWorkers, type BenchServer, type Worker } from './lib/harness.ts'
import { ProcessMonitor } from './lib/proc.ts'
import { benchPerson, NOTE_PREFIX, noteId, noteRecord, type NoteRecord } from './lib/records.ts'
import { int, ms, pct, percentile, sortedCopy } from './lib/stats.ts'
import type { WriterReport, WriterSpec } from './capacity-worker.ts'

interface Options {
  boards: number
  perBoard: number
  durationMs: number
  windowMs: number
  intervalMs: number
  failoverBoards: number
  out: string | null
}

function parseArgs(argv: string[]): Options {
  const o: Options = { boards: 12, perBoard: 30, durationMs: 15_000, windowMs: 8_000, intervalMs: 500, failoverBoards: 3, out: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const n = () => Number(argv[++i])
    if (a === '--boards') o.boards = n()
    else if (a === '--per-board') o.perBoard = n()
    else if (a === '--duration') o.durationMs = n() * 1000
    else if (a === '--failover-boards') o.failoverBoards = n()
    else if (a === '--out') o.out = argv[++i] ?? null
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:cluster -- [--boards n] [--per-board n] [--duration s] [--failover-boards n] [--out file]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

interface Cluster {
  instances: Map<string, BenchServer>
  haproxy: TestHaproxy
  databaseUrl: string
  /** The balancer, as the helpers that create and join boards expect a server. */
  front: RunningServer
  owners(): Promise<Map<string, string>>
  dispose(): Promise<void>
}

async function startCluster(postgres: TestPostgres, count: number): Promise<Cluster> {
  const databaseUrl = await postgres.createDatabase(`bench_${count}_${Date.now()}`)
  const env = (id: string) => ({ DATABASE_URL: databaseUrl, INSTANCE_ID: id, ROOM_UNLOAD_DELAY_MS: '60000', MAX_CONNECTIONS_PER_ADDRESS: '0', MAX_CONNECTIONS_PER_BOARD: '0' })
  const instances = new Map<string, BenchServer>()
  // One at a time: they all migrate the same new database at start.
  for (let i = 1; i <= count; i++) instances.set(`app${i}`, await startBenchServer(env(`app${i}`)))
  const haproxy = await startHaproxy([...instances].map(([name, s]) => ({ name, port: s.port })))
  const any = [...instances.values()][0]
  const front: RunningServer = { ...any, url: haproxy.url, wsUrl: haproxy.wsUrl, port: haproxy.port }
  return {
    instances,
    haproxy,
    databaseUrl,
    front,
    async owners() {
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      try {
        const { rows } = await client.query<{ board_id: string; instance_id: string }>('SELECT board_id, instance_id FROM board_owners')
        return new Map(rows.map((r) => [r.board_id, r.instance_id]))
      } finally {
        await client.end()
      }
    },
    async dispose() {
      await haproxy.stop()
      for (const s of instances.values()) await s.dispose()
    },
  }
}

async function createBoard(front: RunningServer, title: string): Promise<CreateBoardResponse> {
  const res = await fetch(`${front.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) })
  if (res.status !== 201) throw new Error(`create board: ${res.status}`)
  return res.json()
}

interface LoadResult {
  instances: number
  boards: number
  spread: string
  expected: number
  received: number
  late: number
  latencies: Float64Array
  cpu: number
  converged: boolean
}

const workerFile = resolve(import.meta.dirname, 'capacity-worker.ts')

/** Many boards × light partners through the balancer, one stock observer per board. */
async function load(postgres: TestPostgres, count: number, o: Options): Promise<LoadResult> {
  const cluster = await startCluster(postgres, count)
  const workers: Worker[] = await startWorkers(2, 10, workerFile)
  const observers: NoteObserver[] = []
  try {
    const boards: string[] = []
    for (let b = 0; b < o.boards; b++) boards.push((await createBoard(cluster.front, `Cluster ${b}`)).id)
    // Observers first: each board is loaded (and owned) by the instance the balancer picks.
    for (const board of boards) {
      const client = connect(cluster.front.wsUrl, board)
      const observer = observeNotes(client, 1, o.windowMs)
      observers.push(observer)
    }
    await Promise.all(observers.map((ob) => ob.client.synced))
    const specs: WriterSpec[] = []
    let partner = 0
    for (const board of boards) {
      for (let i = 0; i < o.perBoard; i++, partner++) {
        const person = benchPerson(partner)
        const joined = await joinBoard(cluster.front, board, person)
        specs.push({ board, partner, params: { token: joined.participant.token }, meta: { authorId: joined.participant.authorId, author: person.name, organisation: joined.organisation.name }, noteId: noteId(partner) })
      }
    }
    await Promise.all(workers.map((w, i) => w.request({ cmd: 'connect', wsUrl: cluster.front.wsUrl, path: '/ws/', writers: specs.filter((_, k) => k % workers.length === i) }, 120_000)))
    await until(() => observers.every((ob) => [...ob.client.latest.keys()].filter((k) => k.startsWith(NOTE_PREFIX)).length === o.perBoard), 60_000, 'every note on every observer')

    const monitors = [...cluster.instances.values()].map((s) => new ProcessMonitor(s.process.pid!))
    for (const m of monitors) m.start()
    await Promise.all(workers.map((w) => w.request({ cmd: 'start', run: 1, intervalMs: o.intervalMs }, 10_000)))
    await sleep(o.durationMs)
    const reports = await Promise.all(workers.map((w) => w.request<WriterReport>({ cmd: 'stop' }, 10_000)))
    const cpu = monitors.reduce((n, m) => n + m.stop().cpuPercent, 0)
    const sentBy = new Map<number, number>()
    for (const r of reports) for (const [p, seq] of Object.entries(r.sent)) sentBy.set(Number(p), seq)
    const boardOf = new Map(specs.map((s) => [s.partner, s.board]))
    const expectedOf = (board: string) => [...sentBy].filter(([p]) => boardOf.get(p) === board).reduce((n, [, seq]) => n + seq, 0)
    const deadline = Date.now() + o.windowMs
    while (Date.now() < deadline && observers.some((ob) => ob.seen.size < expectedOf(ob.client.board))) await sleep(50)
    const owners = await cluster.owners()
    const perInstance = [...cluster.instances.keys()].map((id) => `${id}: ${[...owners.values()].filter((v) => v === id).length}`)
    const converged = observers.every((ob) =>
      specs.filter((s) => s.board === ob.client.board).every((s) => ((ob.client.latest.get(s.noteId)?.val as NoteRecord | undefined)?.meta.seq ?? -1) === (sentBy.get(s.partner) ?? 0)),
    )
    return {
      instances: count,
      boards: owners.size,
      spread: perInstance.join(', '),
      expected: observers.reduce((n, ob) => n + expectedOf(ob.client.board), 0),
      received: observers.reduce((n, ob) => n + ob.seen.size, 0),
      late: observers.reduce((n, ob) => n + ob.late, 0),
      latencies: sortedCopy(observers.flatMap((ob) => ob.latencies)),
      cpu,
      converged,
    }
  } finally {
    for (const ob of observers) ob.client.destroy()
    for (const w of workers) w.stop()
    await cluster.dispose()
  }
}

interface FailoverResult {
  boards: number
  partners: number
  victim: string
  resyncSeconds: number
  convergedSeconds: number
}

/** Stock partners (they reconnect, as browsers do) on a few boards; the owner of the first is killed. */
async function failover(postgres: TestPostgres, o: Options): Promise<FailoverResult> {
  const cluster = await startCluster(postgres, 3)
  const partners: { client: BenchClient; board: string; partner: number; meta: { authorId: string; author: string; organisation: string } }[] = []
  try {
    const boards: string[] = []
    for (let b = 0; b < o.failoverBoards; b++) boards.push((await createBoard(cluster.front, `Failover ${b}`)).id)
    let partner = 0
    for (const board of boards) {
      for (let i = 0; i < o.perBoard; i++, partner++) {
        const person = benchPerson(partner)
        const joined = await joinBoard(cluster.front, board, person)
        partners.push({ client: connect(cluster.front.wsUrl, board, { token: joined.participant.token }), board, partner, meta: { authorId: joined.participant.authorId, author: person.name, organisation: joined.organisation.name } })
      }
    }
    await Promise.all(partners.map((p) => p.client.synced))
    const owners = await cluster.owners()
    const victim = owners.get(boards[0])!
    const affected = partners.filter((p) => owners.get(p.board) === victim)
    // Every partner writes a note; then the owner dies, and every partner writes another at once.
    const write = (p: (typeof partners)[number], round: number) => {
      const id = noteId(p.partner, round)
      p.client.set(id, { ...noteRecord(id, p.partner, round), meta: { ...p.meta, partner: p.partner, run: 1, seq: round, sentAt: 0 } })
      return id
    }
    for (const p of partners) write(p, 1)
    await sleep(1000)
    const resynced = affected.map(
      (p) =>
        new Promise<number>((resolveAt) => {
          const onSync = (synced: boolean) => {
            if (!synced) return
            p.client.provider.off('sync', onSync)
            resolveAt(performance.now())
          }
          p.client.provider.on('sync', onSync)
        }),
    )
    const killedAt = performance.now()
    await cluster.instances.get(victim)!.kill()
    const expected = new Map<string, string[]>()
    for (const p of partners) expected.set(p.board, [...(expected.get(p.board) ?? []), noteId(p.partner, 1), write(p, 2)])
    const resyncSeconds = (Math.max(...(await Promise.all(resynced))) - killedAt) / 1000
    await until(() => partners.every((p) => expected.get(p.board)!.every((id) => p.client.latest.has(id))), 60_000, 'every partner holds every note after the failover')
    const convergedSeconds = (performance.now() - killedAt) / 1000
    cluster.instances.delete(victim)
    return { boards: boards.filter((b) => owners.get(b) === victim).length, partners: affected.length, victim, resyncSeconds, convergedSeconds }
  } finally {
    for (const p of partners) p.client.destroy()
    await cluster.dispose()
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2))
  hardLimit(30 * 60_000)
  const postgres = await startPostgres()
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
    `${o.boards} boards × ${o.perBoard} light partners moving their note every ${o.intervalMs} ms for ${o.durationMs / 1000} s, through HAProxy, on PostgreSQL (fsync off); window ${o.windowMs / 1000} s.`,
    '',
    '| instances | boards served (per instance) | delivered within the window | p50 | p95 | p99 | max | servers’ CPU (sum, one core = 100 %) | converged |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  console.log(lines.join('\n'))
  try {
    for (const count of [1, 3]) {
      const r = await load(postgres, count, o)
      const line = `| ${r.instances} | ${r.boards} (${r.spread}) | ${int(r.received - r.late)} / ${int(r.expected)}${r.late ? ` (+${int(r.late)} late)` : ''} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 95))} | **${ms(percentile(r.latencies, 99))}** | ${ms(r.latencies[r.latencies.length - 1] ?? NaN)} | ${pct(r.cpu)} | ${r.converged ? 'yes' : 'NO'} |`
      lines.push(line)
      console.log(line)
    }
    const f = await failover(postgres, o)
    const line = `Failover: SIGKILL of ${f.victim}, owner of ${f.boards} of ${o.failoverBoards} boards (${f.partners} stock partners): all of them synced with another instance after **${f.resyncSeconds.toFixed(2)} s**, and every partner held every note after ${f.convergedSeconds.toFixed(2)} s.`
    lines.push('', line)
    console.log(`\n${line}`)
  } finally {
    await postgres.stop()
  }
  if (o.out) writeFileSync(o.out, `${lines.join('\n')}\n`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
