/**
 * Capacity of one instance: many light partners on one board (a plenary) and many boards at once.
 *
 *   npm run bench:capacity                                  # plenary of 300 and 30 boards × 30, 5 runs each
 *   npm run bench:capacity -- plenary --writers 200 --runs 3
 *   npm run bench:capacity -- plenary --server reference    # the same load on y-websocket's reference server
 *   npm run bench:capacity -- --duration 20 --window 8 --out results.md
 *
 * Every run starts a fresh server. Writers are light (bench/capacity-worker.ts: one raw websocket and a
 * Y.Doc holding only their own note each, moving it twice a second as the page's record layer does);
 * a few stock y-websocket clients per board observe: they apply every update, as a browser does, and
 * measure fan-out latency (receive time minus the writer's timestamp; one clock on one machine) and
 * delivery (every writer's every sequence number, within the window after it was sent). The writers'
 * and observers' event-loop delay and the server's CPU say whether the numbers are the server's.
 */
import { writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { createBoard, joinBoard } from '../test/helpers/server.ts'
import { connect, observeNotes, until, type NoteObserver } from './lib/client.ts'
import { hardLimit, sleep, startBenchServer, startReferenceServer, startWorkers, type Worker } from './lib/harness.ts'
import { openProbe, type Probe } from './lib/probe.ts'
import { MachineMonitor, ProcessMonitor } from './lib/proc.ts'
import { benchPerson, NOTE_PREFIX, noteId, type NoteRecord } from './lib/records.ts'
import { fanOutPercentileMs, messageRates, readMetrics, type MetricsReading } from './lib/serverMetrics.ts'
import { int, ms, pct, percentile, sortedCopy } from './lib/stats.ts'
import type { WriterReport, WriterSpec } from './capacity-worker.ts'

const SCENARIOS = ['plenary', 'boards'] as const
type Scenario = (typeof SCENARIOS)[number]
type ServerKind = 'waterlijn' | 'reference'

interface Options {
  scenarios: Scenario[]
  servers: ServerKind[]
  writers: number
  boards: number
  perBoard: number
  runs: number
  durationMs: number
  windowMs: number
  intervalMs: number
  observers: number
  writerProcesses: number
  writersNice: number
  out: string | null
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    scenarios: [],
    servers: ['waterlijn'],
    writers: 300,
    boards: 30,
    perBoard: 30,
    runs: 5,
    durationMs: 20_000,
    windowMs: 8_000,
    intervalMs: 500,
    observers: 3,
    writerProcesses: 2,
    writersNice: 10,
    out: null,
  }
  const number = (flag: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value)
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} takes a number from ${min} to ${max}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--writers') o.writers = number(a, argv[++i], 1, 2000)
    else if (a === '--boards') o.boards = number(a, argv[++i], 1, 200)
    else if (a === '--per-board') o.perBoard = number(a, argv[++i], 1, 500)
    else if (a === '--runs') o.runs = number(a, argv[++i], 1, 20)
    else if (a === '--duration') o.durationMs = number(a, argv[++i], 1, 300) * 1000
    else if (a === '--window') o.windowMs = number(a, argv[++i], 1, 60) * 1000
    else if (a === '--observers') o.observers = number(a, argv[++i], 1, 10)
    else if (a === '--writer-processes') o.writerProcesses = number(a, argv[++i], 1, 8)
    else if (a === '--writers-nice') o.writersNice = number(a, argv[++i], 0, 19)
    else if (a === '--out') o.out = argv[++i] ?? null
    else if (a === '--server') {
      const v = argv[++i]
      if (v === 'both') o.servers = ['waterlijn', 'reference']
      else if (v === 'waterlijn' || v === 'reference') o.servers = [v]
      else throw new Error('--server takes waterlijn, reference or both')
    } else if ((SCENARIOS as readonly string[]).includes(a)) o.scenarios.push(a as Scenario)
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:capacity -- [plenary] [boards] [--server waterlijn|reference|both] [--writers n] [--boards n] [--per-board n] [--runs n] [--duration s] [--window s] [--observers n] [--writer-processes n] [--writers-nice 0-19] [--out file]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  if (o.scenarios.length === 0) o.scenarios = [...SCENARIOS]
  return o
}

interface RunResult {
  server: ServerKind
  scenario: string
  run: number
  sent: number
  expected: number
  inTime: number
  late: number
  missing: number
  latencies: Float64Array
  /** The light probe's latencies: a raw websocket per board that decodes updates without a Y.Doc (the server's part). */
  probe: Float64Array
  serverCpu: number
  /** The server's own event-loop delay p99 and fan-out p99 (bucket bound) over the window; NaN for the reference server. */
  serverLoopP99: number
  serverFanOutP99: number
  /** Update messages the server sent per second, and per update received. */
  messagesPerSecond: number
  messagesPerUpdate: number
  writerLoopP99: number
  writerLoopMax: number
  observerLoopP99: number
  machineBusy: number
  pressure: number
  converged: boolean
}

const workerFile = resolve(import.meta.dirname, 'capacity-worker.ts')

async function runOnce(kind: ServerKind, scenario: Scenario, run: number, o: Options): Promise<RunResult> {
  const boardsCount = scenario === 'plenary' ? 1 : o.boards
  const perBoard = scenario === 'plenary' ? o.writers : o.perBoard
  const observersPerBoard = scenario === 'plenary' ? o.observers : 1
  const ours = kind === 'waterlijn' ? await startBenchServer({ ROOM_UNLOAD_DELAY_MS: '60000', MAX_CONNECTIONS_PER_ADDRESS: '0', MAX_CONNECTIONS_PER_BOARD: '0' }) : null
  const server = ours ?? (await startReferenceServer())
  const workers: Worker[] = await startWorkers(o.writerProcesses, o.writersNice, workerFile)
  const observers: NoteObserver[] = []
  const probes: Probe[] = []
  try {
    const boards: string[] = []
    for (let b = 0; b < boardsCount; b++) boards.push(ours ? (await createBoard(ours, `Capaciteit ${b}`)).id : `capacity-${run}-${b}`)
    const specs: WriterSpec[] = []
    let partner = 0
    for (const board of boards) {
      for (let i = 0; i < perBoard; i++, partner++) {
        const person = benchPerson(partner)
        if (ours) {
          const joined = await joinBoard(ours, board, person)
          specs.push({ board, partner, params: { token: joined.participant.token }, meta: { authorId: joined.participant.authorId, author: person.name, organisation: joined.organisation.name }, noteId: noteId(partner) })
        } else {
          specs.push({ board, partner, params: {}, meta: { authorId: `author-${partner}`, author: person.name, organisation: person.organisation }, noteId: noteId(partner) })
        }
      }
    }
    await Promise.all(workers.map((w, i) => w.request({ cmd: 'connect', wsUrl: server.wsUrl, path: '/ws/', writers: specs.filter((_, k) => k % workers.length === i) }, 120_000)))

    // Observers: stock clients, as a browser reads the board.
    for (const board of boards) {
      for (let i = 0; i < observersPerBoard; i++) {
        const client = connect(server.wsUrl, board)
        const observer = observeNotes(client, run, o.windowMs)
        observers.push(observer)
      }
    }
    await Promise.all(observers.map((ob) => ob.client.synced))
    // Connected last, so the server sends to them last: they see the end of each fan-out.
    probes.push(...(await Promise.all(boards.map((b) => openProbe(server.wsUrl, b)))))
    for (const probe of probes) probe.run = run
    // Everyone's first note is on every observer before the clock starts.
    await until(() => observers.every((ob) => [...ob.client.latest.keys()].filter((k) => k.startsWith(NOTE_PREFIX)).length === perBoard), 60_000, 'every note on every observer')

    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const monitor = new ProcessMonitor(server.process.pid!)
    const machine = new MachineMonitor()
    monitor.start()
    machine.start()
    const metricsAtStart: MetricsReading | null = ours ? await readMetrics(ours.url) : null
    await Promise.all(workers.map((w) => w.request({ cmd: 'start', run, intervalMs: o.intervalMs }, 10_000)))
    await sleep(o.durationMs)
    const reports = await Promise.all(workers.map((w) => w.request<WriterReport>({ cmd: 'stop' }, 10_000)))
    const cpu = monitor.stop()
    const metricsAtEnd: MetricsReading | null = ours ? await readMetrics(ours.url) : null
    const load = machine.stop()

    const sentBy = new Map<number, number>()
    for (const r of reports) for (const [p, seq] of Object.entries(r.sent)) sentBy.set(Number(p), seq)
    const boardOf = new Map(specs.map((s) => [s.partner, s.board]))
    const sentOnBoard = (board: string) => [...sentBy].filter(([p]) => boardOf.get(p) === board).reduce((n, [, seq]) => n + seq, 0)
    const expectedOf = (ob: (typeof observers)[number]) => sentOnBoard(ob.client.board)
    // What was sent last may still be on its way: wait for it up to the window, no longer.
    const deadline = Date.now() + o.windowMs
    while (Date.now() < deadline && observers.some((ob) => ob.seen.size < expectedOf(ob))) await sleep(50)
    loop.disable()

    const expected = observers.reduce((n, ob) => n + expectedOf(ob), 0)
    const received = observers.reduce((n, ob) => n + ob.seen.size, 0)
    const late = observers.reduce((n, ob) => n + ob.late, 0)
    const latencies = sortedCopy(observers.flatMap((ob) => ob.latencies))
    // Convergence: every observer holds every writer's last version.
    const converged = observers.every((ob) =>
      specs.filter((s) => s.board === ob.client.board).every((s) => ((ob.client.latest.get(s.noteId)?.val as NoteRecord | undefined)?.meta.seq ?? -1) === (sentBy.get(s.partner) ?? 0)),
    )
    return {
      server: kind,
      scenario: scenario === 'plenary' ? `1 board × ${perBoard}` : `${boardsCount} boards × ${perBoard}`,
      run,
      sent: [...sentBy.values()].reduce((a, b) => a + b, 0),
      expected,
      inTime: received - late,
      late,
      missing: expected - received,
      latencies,
      probe: sortedCopy(probes.flatMap((p) => p.latencies)),
      serverCpu: cpu.cpuPercent,
      serverLoopP99: metricsAtEnd?.loopP99Ms ?? NaN,
      serverFanOutP99: metricsAtStart && metricsAtEnd ? fanOutPercentileMs(metricsAtStart, metricsAtEnd, 99) : NaN,
      messagesPerSecond: metricsAtStart && metricsAtEnd ? messageRates(metricsAtStart, metricsAtEnd).perSecond : NaN,
      messagesPerUpdate: metricsAtStart && metricsAtEnd ? messageRates(metricsAtStart, metricsAtEnd).perUpdate : NaN,
      writerLoopP99: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      writerLoopMax: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
      observerLoopP99: loop.percentile(99) / 1e6,
      machineBusy: load.busyPercent,
      pressure: load.pressurePercent,
      converged,
    }
  } finally {
    for (const ob of observers) ob.client.destroy()
    for (const probe of probes) probe.close()
    for (const w of workers) w.stop()
    await server.dispose()
  }
}

function row(r: RunResult): string {
  const cells = [
    r.server,
    r.scenario,
    String(r.run),
    `${int(r.inTime)} / ${int(r.expected)}${r.late ? ` (+${int(r.late)} late)` : ''}${r.missing ? ` (${int(r.missing)} missing)` : ''}`,
    ms(percentile(r.latencies, 50)),
    ms(percentile(r.latencies, 95)),
    `**${ms(percentile(r.latencies, 99))}**`,
    ms(r.latencies[r.latencies.length - 1] ?? NaN),
    `${ms(percentile(r.probe, 50))} / ${ms(percentile(r.probe, 99))}`,
    pct(r.serverCpu),
    `${ms(r.serverLoopP99)} / ≤ ${ms(r.serverFanOutP99)}`,
    Number.isFinite(r.messagesPerSecond) ? `${int(r.messagesPerSecond)} (${r.messagesPerUpdate.toFixed(1)})` : 'n/a',
    `${ms(r.writerLoopP99)} / ${ms(r.writerLoopMax)}`,
    ms(r.observerLoopP99),
    `${pct(r.machineBusy)} / ${pct(r.pressure)}`,
    r.converged ? 'yes' : 'NO',
  ]
  return `| ${cells.join(' | ')} |`
}

const HEADER = [
  '| server | load | run | delivered within the window | p50 | p95 | p99 | max | light probe p50 / p99 | server CPU (one core) | server’s event loop p99 / fan-out p99 | update messages sent per s (per update in) | writers’ event loop p99 / max | observers’ event loop p99 | machine busy / CPU pressure | converged |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
]

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2))
  hardLimit(60 * 60_000)
  const lines: string[] = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
    `Writers move their own note every ${o.intervalMs} ms for ${o.durationMs / 1000} s, in ${o.writerProcesses} processes (niceness ${o.writersNice}); window ${o.windowMs / 1000} s.`,
    '',
    ...HEADER,
  ]
  console.log(lines.join('\n'))
  const results: RunResult[] = []
  for (const scenario of o.scenarios) {
    for (const kind of o.servers) {
      for (let run = 1; run <= o.runs; run++) {
        const result = await runOnce(kind, scenario, run, o)
        results.push(result)
        const line = row(result)
        lines.push(line)
        console.log(line)
      }
    }
  }
  lines.push('')
  for (const scenario of o.scenarios) {
    for (const kind of o.servers) {
      const runs = results.filter((r) => r.server === kind && r.scenario.startsWith(scenario === 'plenary' ? '1 board' : `${o.boards} boards`))
      const target = scenario === 'plenary' ? 50 : 100
      const good = runs.filter((r) => percentile(r.latencies, 99) < target && r.missing === 0 && r.late === 0 && r.converged).length
      const verdict = `${kind}, ${runs[0]?.scenario}: ${good} of ${runs.length} runs with p99 < ${target} ms, every update delivered within the window and converged`
      lines.push(`- ${verdict}`)
      console.log(verdict)
    }
  }
  if (o.out) writeFileSync(o.out, `${lines.join('\n')}\n`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
