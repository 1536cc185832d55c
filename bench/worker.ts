/**
 * A client worker process of the sync bench: holds some of the simulated partners (stock y-websocket
 * clients), changes notes or cursors on command and measures what arrives. Started by bench/sync.ts with
 * child_process.fork; exits when the bench goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { connect, benchNoteCount, digest, until, type BenchClient } from './lib/client.ts'
import { takeCounters } from './lib/counting-ws.ts'
import type { CursorsResult, NotesResult, PartnerSpec, Report, Request, Response } from './lib/ipc.ts'
import { NOTE_PREFIX, moved, noteId, noteRecord, now, presenceRecord, type NoteRecord } from './lib/records.ts'

/** However the bench behaves, this process does not outlive 15 minutes. */
const HARD_LIMIT_MS = 15 * 60_000
setTimeout(() => process.exit(3), HARD_LIMIT_MS).unref()
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
// y-websocket adds one process 'exit' listener per provider.
process.setMaxListeners(0)

interface Partner {
  spec: PartnerSpec
  client: BenchClient
  note: NoteRecord
  /** Per sender: updates of the current run received, and the last seq seen. */
  seen: Map<number, { count: number; last: number }>
}

const partners: Partner[] = []
let currentRun = 0
let latencies: number[] = []
let received = 0
let gaps = 0
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
let phaseCpu = process.cpuUsage()

function observe(p: Partner): void {
  p.client.onChange((added, tr) => {
    if (tr.local) return
    const at = now()
    for (const entry of added) {
      if (!entry.key.startsWith(NOTE_PREFIX)) continue
      const meta = (entry.val as NoteRecord).meta
      if (!meta || meta.run !== currentRun || meta.seq === 0 || meta.partner === p.spec.partner) continue
      let s = p.seen.get(meta.partner)
      if (!s) p.seen.set(meta.partner, (s = { count: 0, last: 0 }))
      if (meta.seq <= s.last) continue
      if (meta.seq !== s.last + 1) gaps++
      s.last = meta.seq
      s.count++
      received++
      latencies.push(Math.round((at - meta.sentAt) * 100) / 100)
    }
  })
}

async function handle(req: Request): Promise<unknown> {
  switch (req.cmd) {
    case 'connect': {
      const added: Partner[] = []
      for (const spec of req.partners) {
        const client = connect(req.wsUrl, spec.board, { token: spec.token })
        const p: Partner = { spec, client, note: noteRecord(noteId(spec.partner), spec.partner, 0, { authorId: spec.authorId }), seen: new Map() }
        observe(p)
        partners.push(p)
        added.push(p)
      }
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.all(added.map((p) => p.client.synced)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`partners did not sync within ${req.timeoutMs} ms`)), req.timeoutMs)
        }),
      ]).finally(() => clearTimeout(timer))
      for (const p of added) {
        // Each note is its own change, as a person adds them one by one.
        p.client.set(p.note.id, p.note)
        for (let i = 1; i < p.spec.notes; i++) {
          const id = noteId(p.spec.partner, i)
          p.client.set(id, noteRecord(id, p.spec.partner, i, { authorId: p.spec.authorId }))
        }
      }
      return added.length
    }
    case 'waitNotes': {
      await until(
        () => partners.every((p) => benchNoteCount(p.client) >= (req.expected[p.spec.board] ?? 0)),
        req.timeoutMs,
        'every partner to see every note on its board',
      )
      return true
    }
    case 'phaseStart': {
      takeCounters()
      loopDelay.reset()
      loopDelay.enable()
      phaseCpu = process.cpuUsage()
      latencies = []
      received = 0
      gaps = 0
      return true
    }
    case 'notes': {
      currentRun = req.run
      for (const p of partners) p.seen.clear()
      const sent: Record<number, number> = {}
      const stopAt = performance.now() + req.durationMs
      await Promise.all(
        partners.map(
          (p) =>
            new Promise<void>((resolve) => {
              let seq = 0
              let interval: NodeJS.Timeout | undefined
              const tick = (): boolean => {
                if (performance.now() >= stopAt) {
                  clearInterval(interval)
                  sent[p.spec.partner] = seq
                  resolve()
                  return false
                }
                seq++
                p.note = moved(p.note, { run: req.run, seq, sentAt: now(), partner: p.spec.partner })
                p.client.set(p.note.id, p.note)
                return true
              }
              // Spread the partners over the interval, as people do not click in step.
              setTimeout(() => {
                if (tick()) interval = setInterval(tick, req.intervalMs)
              }, Math.random() * req.intervalMs)
            }),
        ),
      )
      const result: NotesResult = { sent }
      return result
    }
    case 'cursors': {
      currentRun = req.run
      let changes = 0
      const sampler = partners[0]
      const onChange = ({ updated }: { updated: number[] }, origin: unknown) => {
        if (origin === 'local') return
        const at = now()
        const states = sampler.client.provider.awareness.getStates()
        for (const id of updated) {
          const meta = (states.get(id)?.presence as { meta?: { sentAt?: number } } | undefined)?.meta
          if (meta?.sentAt) latencies.push(Math.round((at - meta.sentAt) * 100) / 100)
        }
      }
      sampler?.client.provider.awareness.on('change', onChange)
      const stopAt = performance.now() + req.durationMs
      await Promise.all(
        partners.map(
          (p) =>
            new Promise<void>((resolve) => {
              const awareness = p.client.provider.awareness
              let interval: NodeJS.Timeout | undefined
              const tick = (): boolean => {
                if (performance.now() >= stopAt) {
                  clearInterval(interval)
                  resolve()
                  return false
                }
                changes++
                awareness.setLocalStateField('presence', presenceRecord(awareness.clientID, p.spec.partner, now()))
                return true
              }
              setTimeout(() => {
                if (tick()) interval = setInterval(tick, req.intervalMs)
              }, Math.random() * req.intervalMs)
            }),
        ),
      )
      // Let the last batches arrive before the sampler stops listening.
      await new Promise((r) => setTimeout(r, 300))
      sampler?.client.provider.awareness.off('change', onChange)
      const result: CursorsResult = { presenceChanges: changes }
      return result
    }
    case 'received':
      return received
    case 'report': {
      loopDelay.disable()
      const cpu = process.cpuUsage(phaseCpu)
      const report: Report = {
        received,
        latencies,
        gaps,
        digests: partners.map((p) => digest(p.client, p.spec.partner)),
        counters: takeCounters(),
        cpu: { cpuMs: (cpu.user + cpu.system) / 1000, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 },
      }
      latencies = []
      return report
    }
    case 'close': {
      for (const p of partners.splice(0)) p.client.destroy()
      return true
    }
  }
}

process.on('message', (message: { id: number } & Request) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, ok: true, result } satisfies Response),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: String(error) } satisfies Response),
  )
})
process.send!({ ready: true })
