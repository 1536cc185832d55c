/**
 * Sync benchmark: the real server (a child process on 127.0.0.1, its own temp DATA_DIR) and simulated
 * partners (stock y-websocket clients spread over several worker processes).
 *
 *   npm run bench:sync                       # every scenario, about 3.5 minutes
 *   npm run bench:sync -- one-board-100      # one or more scenarios by name
 *   npm run bench:sync -- --duration 10 --workers 3 --out results.md
 *
 * Scenarios: one-board-20, one-board-100, one-board-150, boards-20x20, cursors, memory, growth.
 * Tables are printed as Markdown; --out also writes them to a file. See docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { createBoard, joinBoard } from '../test/helpers/server.ts'
import { arrayItems, connect, digest, until, type BenchClient } from './lib/client.ts'
import { hardLimit, sleep, startBenchServer, startWorkers, type BenchServer, type Worker } from './lib/harness.ts'
import type { Counters, CursorsResult, NotesResult, PartnerSpec, Report } from './lib/ipc.ts'
import { openProbe } from './lib/probe.ts'
import { MachineMonitor, ProcessMonitor, memory } from './lib/proc.ts'
import { benchPerson, moved, noteId, noteRecord, type NoteRecord } from './lib/records.ts'
import { int, kib, mib, ms, pct, percentile, sortedCopy, table, verdict, type Row } from './lib/stats.ts'

const SCENARIOS = ['one-board-20', 'one-board-100', 'one-board-150', 'boards-20x20', 'cursors', 'memory', 'growth'] as const
type Scenario = (typeof SCENARIOS)[number]

interface Options {
  scenarios: Scenario[]
  durationMs: number
  cursorDurationMs: number
  workers: number
  out: string | null
  growthMovesPerNote: number
  growthBudgetMs: number
  /** CPU niceness of the simulated partners (0: same priority as the server). */
  partnersNice: number
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    scenarios: [],
    durationMs: 20_000,
    cursorDurationMs: 10_000,
    workers: 3,
    out: null,
    growthMovesPerNote: 10_000,
    growthBudgetMs: 150_000,
    partnersNice: 10,
  }
  const number = (flag: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} takes a number from ${min} to ${max}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--duration') options.durationMs = number(arg, argv[++i], 1, 300) * 1000
    else if (arg === '--cursor-duration') options.cursorDurationMs = number(arg, argv[++i], 1, 300) * 1000
    else if (arg === '--workers') options.workers = number(arg, argv[++i], 1, 8)
    else if (arg === '--out') options.out = argv[++i] ?? null
    else if (arg === '--partners-nice') options.partnersNice = number(arg, argv[++i], 0, 19)
    else if (arg === '--growth-moves-per-note') options.growthMovesPerNote = number(arg, argv[++i], 0, 10_000)
    else if (arg === '--growth-budget') options.growthBudgetMs = number(arg, argv[++i], 10, 900) * 1000
    else if ((SCENARIOS as readonly string[]).includes(arg)) options.scenarios.push(arg as Scenario)
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: npm run bench:sync -- [${SCENARIOS.join('|')} ...] [--duration s] [--cursor-duration s] [--workers n] [--growth-moves-per-note n] [--growth-budget s] [--partners-nice 0-19] [--out file]`)
      process.exit(0)
    } else throw new Error(`unknown argument ${arg} (scenarios: ${SCENARIOS.join(', ')})`)
  }
  if (options.scenarios.length === 0) options.scenarios = [...SCENARIOS]
  return options
}

const output: string[] = []
function emit(text: string): void {
  console.log(text)
  output.push(text)
}

// -----------------------------------------------------------------------------------------------
// Partners changing notes

/** Sends one request to every worker and collects the answers. */
function all<T>(workers: Worker[], req: Parameters<Worker['request']>[0], timeoutMs: number): Promise<T[]> {
  return Promise.all(workers.map((w) => w.request<T>(req, timeoutMs)))
}

/** Connects `partnersPerBoard` partners to each board, spread round-robin over the workers. */
async function connectPartners(server: BenchServer, workers: Worker[], boards: string[], partnersPerBoard: number, notes = 1): Promise<number> {
  const perWorker: PartnerSpec[][] = workers.map(() => [])
  let partner = 0
  for (const board of boards) {
    for (let i = 0; i < partnersPerBoard; i++, partner++) {
      // Each partner joins as a person does, and writes with the author id and token the server issued.
      const { participant } = await joinBoard(server, board, benchPerson(partner))
      perWorker[partner % workers.length].push({ partner, board, notes, authorId: participant.authorId, token: participant.token })
    }
  }
  await Promise.all(
    workers.map((w, i) => w.request({ cmd: 'connect', wsUrl: server.wsUrl, partners: perWorker[i], timeoutMs: 60_000 }, 70_000)),
  )
  const expected = Object.fromEntries(boards.map((b) => [b, partnersPerBoard * notes]))
  await all(workers, { cmd: 'waitNotes', expected, timeoutMs: 60_000 }, 70_000)
  return partner
}

/** One fresh client per board reads the server's copy; every partner's doc must match it. */
async function checkConvergence(
  server: BenchServer,
  boards: string[],
  reports: Report[],
): Promise<{ ok: boolean; detail: string; items: number; live: number; walkMs: number }> {
  const verifiers = boards.map((b) => connect(server.wsUrl, b))
  try {
    await Promise.all(verifiers.map((v) => v.synced))
    let mismatched = 0
    let docs = 0
    const byBoard = new Map(verifiers.map((v) => [v.board, digest(v, -1)]))
    for (const r of reports) {
      for (const d of r.digests) {
        docs++
        const reference = byBoard.get(d.board)!
        if (d.records !== reference.records || d.stateVector !== reference.stateVector) mismatched++
      }
    }
    // What YKeyValue's observer costs a browser per incoming change on this board: one yarray.toArray().
    const { items, live } = arrayItems(verifiers[0])
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) verifiers[0].array.toArray()
    const walkMs = (performance.now() - t0) / 20
    return {
      ok: mismatched === 0,
      detail: mismatched === 0 ? `all ${docs} docs identical to the server's` : `${mismatched} of ${docs} docs differ from the server's`,
      items,
      live,
      walkMs,
    }
  } finally {
    for (const v of verifiers) v.destroy()
  }
}

function sumCounters(reports: Report[]): Counters {
  const total = { ...reports[0].counters }
  for (const r of reports.slice(1)) for (const k of Object.keys(total) as (keyof Counters)[]) total[k] += r.counters[k]
  return total
}

function clientCpuRow(reports: Report[], wallMs: number): Row {
  const cpu = reports.reduce((s, r) => s + r.cpu.cpuMs, 0)
  const lag = Math.max(...reports.map((r) => r.cpu.loopDelayP99Ms))
  return ['client workers CPU (all workers, % of one core) / worst event-loop delay p99', `${pct((100 * cpu) / wallMs)} / ${ms(lag)}`]
}

function machineRow(use: { pressurePercent: number; busyPercent: number }): Row {
  return ['machine: CPU busy / time some task waited for a CPU (PSI)', `${pct(use.busyPercent)} / ${pct(use.pressurePercent)}`]
}

interface NotesScenario {
  name: string
  boards: number
  partnersPerBoard: number
  /** Targets: p99 in ms (null: none) and every update delivered. */
  p99TargetMs: number | null
  /** Server environment on top of the bench's (which turns the per-address limits off). */
  env?: Record<string, string>
}

async function runNotes(scenario: NotesScenario, options: Options, workers: Worker[], run: number): Promise<void> {
  const started = performance.now()
  const server = await startBenchServer({ ROOM_UNLOAD_DELAY_MS: '1000', ...scenario.env })
  try {
    const boards: string[] = []
    for (let i = 0; i < scenario.boards; i++) boards.push((await createBoard(server, `Bench ${scenario.name} ${i}`)).id)
    const partners = await connectPartners(server, workers, boards, scenario.partnersPerBoard)
    // Connected last, so the server sends to it last: the probe sees the end of each fan-out.
    const probes = await Promise.all(boards.map((b) => openProbe(server.wsUrl, b)))
    for (const probe of probes) probe.run = run
    await sleep(1000)
    emit(`(${scenario.name}: load average before the run ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
    await all(workers, { cmd: 'phaseStart' }, 10_000)
    const monitor = new ProcessMonitor(server.process.pid!)
    const machineMonitor = new MachineMonitor()
    machineMonitor.start()
    monitor.start()
    const results = await all<NotesResult>(
      workers,
      { cmd: 'notes', run, durationMs: options.durationMs, intervalMs: 500 },
      options.durationMs + 30_000,
    )
    const serverUse = monitor.stop()
    const machineUse = machineMonitor.stop()
    const sent = results.reduce((s, r) => s + Object.values(r.sent).reduce((a, b) => a + b, 0), 0)
    const expected = sent * (scenario.partnersPerBoard - 1)
    // Let the last updates arrive (bounded): stop as soon as everything is in, or after 15 s.
    const drainStart = performance.now()
    let received = 0
    while (performance.now() - drainStart < 15_000) {
      received = (await all<number>(workers, { cmd: 'received', run }, 10_000)).reduce((a, b) => a + b, 0)
      if (received >= expected) break
      await sleep(100)
    }
    const drainMs = performance.now() - drainStart
    for (const probe of probes) probe.close()
    const probeLatencies = sortedCopy(probes.flatMap((p) => p.latencies))
    const probeReceived = probes.reduce((s, p) => s + p.received, 0)
    const reports = await all<Report>(workers, { cmd: 'report', run }, 60_000)
    received = reports.reduce((s, r) => s + r.received, 0)
    const gaps = reports.reduce((s, r) => s + r.gaps, 0)
    const latencies = sortedCopy(reports.flatMap((r) => r.latencies))
    const convergence = await checkConvergence(server, boards, reports)
    const counters = sumCounters(reports)
    const seconds = serverUse.wallMs / 1000
    const p99 = percentile(latencies, 99)
    const probeP99 = percentile(probeLatencies, 99)
    const allDelivered = received === expected
    const rows: Row[] = [
      ['boards × partners (connections)', `${scenario.boards} × ${scenario.partnersPerBoard} (${partners})`],
      ['each partner changes its note', 'every 500 ms (2/s)'],
      ['measured run', `${(serverUse.wallMs / 1000).toFixed(1)} s`],
      ['updates sent', int(sent)],
      ['deliveries expected / received', `${int(expected)} / ${int(received)}`, `all delivered: ${verdict(allDelivered)}`],
      ['deliveries out of order or merged (seq gaps)', int(gaps)],
      ['time to drain after the run', ms(drainMs)],
      ['convergence', convergence.detail, verdict(convergence.ok)],
      ['fan-out latency p50', ms(percentile(latencies, 50))],
      ['fan-out latency p95', ms(percentile(latencies, 95))],
      // Measured inside the simulated partners: includes their own event-loop delay, which on two cores
      // shared by a hundred simulated laptops is the machine's, not the server's.
      ['fan-out latency p99, as the simulated partners measure it', ms(p99)],
      ['fan-out latency max', ms(latencies[latencies.length - 1] ?? NaN)],
      ['light probe (served last): updates received / sent', `${int(probeReceived)} / ${int(sent)}`],
      [
        'light probe latency p50 / p95 (server side)',
        `${ms(percentile(probeLatencies, 50))} / ${ms(percentile(probeLatencies, 95))}`,
      ],
      [
        'server fan-out latency p99 (light probe, served last)',
        ms(probeP99),
        scenario.p99TargetMs === null ? undefined : `< ${scenario.p99TargetMs} ms: ${verdict(probeP99 < scenario.p99TargetMs)}`,
      ],
      ['update messages the server sent (per s)', int(counters.syncIn / seconds)],
      ['server CPU (% of one core)', pct(serverUse.cpuPercent)],
      ['server RSS at end / peak during run', `${mib(serverUse.rss)} / ${mib(serverUse.peakRss)}`],
      ['server peak memory since start (VmHWM)', mib(serverUse.hwm)],
      clientCpuRow(reports, serverUse.wallMs),
      machineRow(machineUse),
      [
        'board array at the end: items incl. tombstones / live entries; one YKeyValue walk',
        `${int(convergence.items)} / ${int(convergence.live)}; ${convergence.walkMs.toFixed(3)} ms`,
      ],
    ]
    if (scenario.p99TargetMs !== null) rows.push(['every update delivered', allDelivered ? 'yes' : `no: ${int(expected - received)} missing`, verdict(allDelivered)])
    // Honest partners: the server undoes nothing and no limit refuses anything.
    const repairs = server.output().match(/guard\.repaired/g)?.length ?? 0
    const limited = server.output().match(/ws\.too-many-connections|ws\.closed-by-server|ws\.presence-limit|http\.rate-limited/g)?.length ?? 0
    rows.push(['changes the server undid / refusals by a limit', `${int(repairs)} / ${int(limited)}`, verdict(repairs === 0 && limited === 0)])
    emit(table(`${scenario.name}: ${scenario.boards} board(s) × ${scenario.partnersPerBoard} partners (${((performance.now() - started) / 1000).toFixed(0)} s)`, rows))
  } finally {
    await all(workers, { cmd: 'close' }, 30_000).catch(() => {})
    await server.dispose()
  }
}

// -----------------------------------------------------------------------------------------------
// Cursors

interface CursorRun {
  partners: number
  hz: number
}

async function runCursors(options: Options, workers: Worker[], run: number): Promise<void> {
  const started = performance.now()
  const flushMs = 50
  const runs: CursorRun[] = [
    { partners: 50, hz: 30 },
    { partners: 100, hz: 30 },
    { partners: 100, hz: 10 },
  ]
  const rows: Row[] = [
    ['AWARENESS_FLUSH_MS', String(flushMs)],
    ['measured run per line', `${(options.cursorDurationMs / 1000).toFixed(0)} s`],
  ]
  for (const r of runs) {
    const server = await startBenchServer({ ROOM_UNLOAD_DELAY_MS: '1000', AWARENESS_FLUSH_MS: String(flushMs) })
    try {
      const board = (await createBoard(server, `Bench cursors ${r.partners}`)).id
      await connectPartners(server, workers, [board], r.partners)
      await sleep(1000)
      await all(workers, { cmd: 'phaseStart' }, 10_000)
      const monitor = new ProcessMonitor(server.process.pid!)
      const machineMonitor = new MachineMonitor()
      machineMonitor.start()
      monitor.start()
      const results = await all<CursorsResult>(
        workers,
        { cmd: 'cursors', run, durationMs: options.cursorDurationMs, intervalMs: 1000 / r.hz },
        options.cursorDurationMs + 30_000,
      )
      const serverUse = monitor.stop()
      const machineUse = machineMonitor.stop()
      const reports = await all<Report>(workers, { cmd: 'report', run }, 60_000)
      const c = sumCounters(reports)
      const seconds = serverUse.wallMs / 1000
      const changes = results.reduce((s, x) => s + x.presenceChanges, 0)
      const bound = r.partners * (1000 / flushMs)
      const sentPerSecond = c.awarenessIn / seconds
      const lat = sortedCopy(reports.flatMap((x) => x.latencies))
      const label = `${r.partners} partners @ ${r.hz}/s`
      rows.push(
        [`${label}: cursor moves made (per s)`, `${int(changes / seconds)} (asked: ${int(r.partners * r.hz)})`],
        [
          `${label}: awareness messages the server sent (per s)`,
          int(sentPerSecond),
          `≤ ${int(bound)} (connections × 1000/${flushMs}): ${verdict(sentPerSecond <= bound * 1.02)}`,
        ],
        [`${label}: … the same relayed one by one, (connections − 1) × moves/s`, int(((r.partners - 1) * changes) / seconds)],
        [`${label}: awareness bytes the server sent (per s)`, mib(c.awarenessInBytes / seconds) + '/s'],
        [`${label}: awareness messages / bytes clients sent (per s)`, `${int(c.awarenessOut / seconds)} / ${mib(c.awarenessOutBytes / seconds)}/s`],
        [`${label}: cursor latency p50 / p99 (one partner samples)`, `${ms(percentile(lat, 50))} / ${ms(percentile(lat, 99))}`],
        [`${label}: server CPU (% of one core) / peak RSS`, `${pct(serverUse.cpuPercent)} / ${mib(serverUse.peakRss)}`],
        clientCpuRow(reports, serverUse.wallMs).map((v, i) => (i === 0 ? `${label}: ${v}` : v)) as Row,
        machineRow(machineUse).map((v, i) => (i === 0 ? `${label}: ${v}` : v)) as Row,
      )
    } finally {
      await all(workers, { cmd: 'close' }, 30_000).catch(() => {})
      await server.dispose()
    }
  }
  emit(table(`cursors: presence fan-out (${((performance.now() - started) / 1000).toFixed(0)} s)`, rows))
}

// -----------------------------------------------------------------------------------------------
// Memory per idle loaded board

async function runMemory(workers: Worker[]): Promise<void> {
  const started = performance.now()
  const boardsCount = 200
  const notes = 20
  // Boards stay in memory for an hour after their last connection: long enough to measure them idle.
  const server = await startBenchServer({ ROOM_UNLOAD_DELAY_MS: '3600000' })
  try {
    const boards: string[] = []
    for (let i = 0; i < boardsCount; i++) boards.push((await createBoard(server, `Bench memory ${i}`)).id)
    await sleep(2000)
    const pid = server.process.pid!
    const before = memory(pid).rss
    await connectPartners(server, workers, boards, 1, notes)
    await sleep(3000)
    const connected = memory(pid).rss
    await all(workers, { cmd: 'close' }, 30_000)
    await sleep(3000)
    const idle = memory(pid).rss
    const perBoardConnected = (connected - before) / boardsCount
    const perBoardIdle = (idle - before) / boardsCount
    const limit = 5 * 1024 * 1024
    emit(
      table(`memory: ${boardsCount} loaded boards × ${notes} notes (${((performance.now() - started) / 1000).toFixed(0)} s)`, [
        ['server RSS before loading (boards created, none loaded)', mib(before)],
        ['server RSS, every board loaded with one idle connection', mib(connected)],
        ['server RSS, every board loaded, connections closed (unload delay 1 h)', mib(idle)],
        ['per board, with its idle connection', kib(perBoardConnected), `< 5 MB: ${verdict(perBoardConnected < limit)}`],
        ['per board, loaded without connections', kib(perBoardIdle), `< 5 MB: ${verdict(perBoardIdle < limit)}`],
        ['server peak memory (VmHWM)', mib(memory(pid).hwm)],
      ]),
    )
  } finally {
    await all(workers, { cmd: 'close' }, 30_000).catch(() => {})
    await server.dispose()
  }
}

// -----------------------------------------------------------------------------------------------
// Document growth

const MOVERS = 4
const NOTES = 100

async function converged(movers: BenchClient[], timeoutMs: number, what: string): Promise<void> {
  await until(
    () => {
      const first = digest(movers[0], 0)
      return movers.every((m, i) => {
        const d = digest(m, i)
        return d.records === first.records && d.stateVector === first.stateVector
      })
    },
    timeoutMs,
    what,
  )
}

interface GrowthBoard {
  label: string
  id: string
  moves: number
  seconds: number
  updatesSent: number
  stateBytes: number
  stateBytesV2: number
  finalNotes: NoteRecord[]
  /** Items in the records array (tombstones included) and live entries, at the end. */
  items: number
  live: number
}

/**
 * Four partners move 100 notes in turn. With `batch` 1 every move is its own change (its own message to
 * the server, as in a live session); a larger batch moves every note `batch / 100` times inside one
 * `doc.transact`, so a million moves take minutes instead of hours.
 */
async function moveNotes(server: BenchServer, label: string, movesPerNote: number, batch: number, budgetMs: number): Promise<GrowthBoard> {
  // The facilitator's key: the movers move each other's notes (meta included), which measures growth, not rules.
  const { id, facilitatorKey } = await createBoard(server, `Bench growth ${label}`)
  const movers = Array.from({ length: MOVERS }, () => connect(server.wsUrl, id, { key: facilitatorKey }))
  try {
    await Promise.all(movers.map((m) => m.synced))
    // The app's own record layer, with its clean-up of concurrent writes to one key.
    const kvs = movers.map((m) => new YKeyValue<NoteRecord>(m.array as unknown as Y.Array<{ key: string; val: NoteRecord }>))
    const notes: NoteRecord[] = []
    for (let i = 0; i < NOTES; i++) {
      notes.push(noteRecord(noteId(1000 + i), 1000 + i, i))
      kvs[i % MOVERS].set(notes[i].id, notes[i])
    }
    await converged(movers, 30_000, 'movers see every note')
    const total = movesPerNote * NOTES
    const started = performance.now()
    let moves = 0
    let updates = 0
    let turn = 0
    while (moves < total && performance.now() - started < budgetMs) {
      const mover = turn++ % MOVERS
      const n = Math.min(batch, total - moves)
      movers[mover].doc.transact(() => {
        for (let k = 0; k < n; k++) {
          const i = (moves + k) % NOTES
          notes[i] = moved(notes[i], { seq: moves + k + 1, sentAt: 0 })
          kvs[mover].set(notes[i].id, notes[i])
        }
      })
      moves += n
      updates++
      // Let the sockets breathe: the other movers receive and apply what was sent.
      if (batch > 1 || updates % 50 === 0) await new Promise((r) => setImmediate(r))
    }
    await converged(movers, 120_000, 'movers converge after the moves')
    const seconds = (performance.now() - started) / 1000
    // Read the final notes from the shared doc (concurrent moves of one note: the doc decides).
    const finalNotes = notes.map((n) => kvs[0].get(n.id) as NoteRecord)
    const { items, live } = arrayItems(movers[0])
    return {
      items,
      live,
      label,
      id,
      moves,
      seconds,
      updatesSent: updates,
      stateBytes: Y.encodeStateAsUpdate(movers[0].doc).byteLength,
      stateBytesV2: Y.encodeStateAsUpdateV2(movers[0].doc).byteLength,
      finalNotes,
    }
  } finally {
    for (const m of movers) m.destroy()
  }
}

/** A fresh board with the same notes, written one by one by one partner. */
async function freshBoard(server: BenchServer, label: string, notes: NoteRecord[]): Promise<GrowthBoard> {
  const { id, facilitatorKey } = await createBoard(server, `Bench fresh ${label}`)
  const client = connect(server.wsUrl, id, { key: facilitatorKey })
  const check = connect(server.wsUrl, id)
  try {
    await Promise.all([client.synced, check.synced])
    const kv = new YKeyValue<NoteRecord>(client.array as unknown as Y.Array<{ key: string; val: NoteRecord }>)
    for (const n of notes) kv.set(n.id, n)
    await converged([client, check], 30_000, 'fresh board synced')
    const { items, live } = arrayItems(client)
    return {
      items,
      live,
      label: `fresh (${label})`,
      id,
      moves: 0,
      seconds: 0,
      updatesSent: notes.length,
      stateBytes: Y.encodeStateAsUpdate(client.doc).byteLength,
      stateBytesV2: Y.encodeStateAsUpdateV2(client.doc).byteLength,
      finalNotes: notes,
    }
  } finally {
    client.destroy()
    check.destroy()
  }
}

async function runGrowth(options: Options): Promise<void> {
  const started = performance.now()
  const server = await startBenchServer({ ROOM_UNLOAD_DELAY_MS: '500' })
  try {
    const boards: GrowthBoard[] = []
    const small = await moveNotes(server, '100 moves per note, one change each', 100, 1, options.growthBudgetMs)
    boards.push(small, await freshBoard(server, 'same 100 notes', small.finalNotes))
    if (options.growthMovesPerNote > 0) {
      const big = await moveNotes(
        server,
        `${options.growthMovesPerNote} moves per note, 1,000 per transaction`,
        options.growthMovesPerNote,
        1000,
        options.growthBudgetMs,
      )
      boards.push(big, await freshBoard(server, 'same 100 notes', big.finalNotes))
    }
    // SIGTERM: the server unloads every board, which compacts it into one snapshot.
    await server.stop()
    const db = new Database(join(server.dataDir, 'waterlijn.sqlite'), { readonly: true, fileMustExist: true })
    const stored = (id: string) =>
      db.prepare<[string], { bytes: number | null; rows: number }>('SELECT SUM(LENGTH(data)) AS bytes, COUNT(*) AS rows FROM updates WHERE board_id = ?').get(id)!
    const rows: Row[] = [['partners moving', `${MOVERS}, in turn (each move replaces the note record: YKeyValue)`]]
    for (let i = 0; i < boards.length; i += 2) {
      const movedBoard = boards[i]
      const fresh = boards[i + 1]
      const s = stored(movedBoard.id)
      const f = stored(fresh.id)
      const ratio = (s.bytes ?? 0) / (f.bytes ?? 1)
      const complete = movedBoard.moves === (i === 0 ? 100 : options.growthMovesPerNote) * NOTES
      rows.push(
        [`${movedBoard.label}: moves done`, `${int(movedBoard.moves)} in ${movedBoard.seconds.toFixed(1)} s (${int(movedBoard.updatesSent)} updates sent)${complete ? '' : ' — stopped by the time budget'}`],
        [`${movedBoard.label}: records array items incl. tombstones / live entries`, `${int(movedBoard.items)} / ${int(movedBoard.live)}`],
        [`${movedBoard.label}: Yjs state (encodeStateAsUpdate V1 / V2)`, `${kib(movedBoard.stateBytes)} / ${kib(movedBoard.stateBytesV2)}`],
        [`${movedBoard.label}: stored in SQLite after unload`, `${kib(s.bytes ?? 0)} in ${s.rows} row(s)`],
        [`${fresh.label}: Yjs state V1 / V2`, `${kib(fresh.stateBytes)} / ${kib(fresh.stateBytesV2)}`],
        [`${fresh.label}: stored in SQLite after unload`, `${kib(f.bytes ?? 0)} in ${f.rows} row(s)`],
        [`${movedBoard.label}: stored / fresh`, `${ratio.toFixed(2)}×`, `< 3×: ${verdict(ratio < 3)}`],
      )
    }
    db.close()
    emit(table(`growth: ${NOTES} notes moved many times (${((performance.now() - started) / 1000).toFixed(0)} s)`, rows))
  } finally {
    await server.dispose()
  }
}

// -----------------------------------------------------------------------------------------------

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  let nproc = String(cpus().length)
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
  } catch {
    // keep the os.cpus() count
  }
  return `${nproc} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory (${(freemem() / 1024 ** 3).toFixed(1)} GiB free), Node ${process.version}, ${process.platform} ${process.arch}`
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2))
  // The default run takes about 3.5 minutes; nothing may keep it alive beyond 20.
  hardLimit(20 * 60_000)
  const started = performance.now()
  emit(`## Sync benchmark, ${new Date().toISOString()}\n`)
  emit(`- machine: ${machine()}`)
  emit(`- command: npm run bench:sync${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`)
  emit(`- client workers: ${options.workers} processes at niceness ${options.partnersNice} (the server runs at 0); partner note changes every 500 ms for ${options.durationMs / 1000} s per scenario\n`)
  const needsWorkers = options.scenarios.some((s) => s !== 'growth')
  const workers = needsWorkers ? await startWorkers(options.workers, options.partnersNice) : []
  let run = 0
  let failed = false
  try {
    for (const scenario of options.scenarios) {
      run++
      try {
        if (scenario === 'one-board-20') await runNotes({ name: scenario, boards: 1, partnersPerBoard: 20, p99TargetMs: null }, options, workers, run)
        else if (scenario === 'one-board-100') await runNotes({ name: scenario, boards: 1, partnersPerBoard: 100, p99TargetMs: 50 }, options, workers, run)
        // A plenary of 150 with the default limits: nothing refused, nothing undone, everything delivered.
        else if (scenario === 'one-board-150') await runNotes(
            { name: scenario, boards: 1, partnersPerBoard: 150, p99TargetMs: 100, env: { BOARDS_PER_MINUTE_PER_ADDRESS: '20', JOINS_PER_MINUTE_PER_ADDRESS: '240' } },
            options,
            workers,
            run,
          )
        else if (scenario === 'boards-20x20') await runNotes({ name: scenario, boards: 20, partnersPerBoard: 20, p99TargetMs: null }, options, workers, run)
        else if (scenario === 'cursors') await runCursors(options, workers, run)
        else if (scenario === 'memory') await runMemory(workers)
        else if (scenario === 'growth') await runGrowth(options)
      } catch (error) {
        failed = true
        emit(`### ${scenario}: ERROR\n\n${String(error instanceof Error ? (error.stack ?? error.message) : error)}\n`)
      }
    }
  } finally {
    for (const w of workers) w.stop()
  }
  emit(`Total time: ${((performance.now() - started) / 1000).toFixed(0)} s`)
  if (options.out) writeFileSync(options.out, output.join('\n') + '\n')
  process.exit(failed ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
