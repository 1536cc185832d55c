/** Messages between the bench (bench/sync.ts) and its client worker processes (bench/worker.ts). */

export interface PartnerSpec {
  /** Global index of the partner, unique across workers. */
  partner: number
  board: string
  /** Notes this partner writes right after it has synced (its own note is noteId(partner)). */
  notes: number
  /** Who the server says this partner is (from joining): their notes carry this author id. */
  authorId: string
  token: string
}

export interface Counters {
  syncIn: number
  syncInBytes: number
  awarenessIn: number
  awarenessInBytes: number
  syncOut: number
  syncOutBytes: number
  awarenessOut: number
  awarenessOutBytes: number
}

export interface DocDigest {
  board: string
  partner: number
  /** Hash of every record (sorted by key) and of the board settings. */
  records: string
  /** The decoded state vector, sorted by client id. */
  stateVector: string
  notes: number
}

export interface WorkerCpu {
  /** user + system CPU of the worker process over the phase, ms */
  cpuMs: number
  /** p99 event-loop delay of the worker during the phase, ms (high = the clients themselves were saturated) */
  loopDelayP99Ms: number
}

export type Request =
  | { cmd: 'connect'; wsUrl: string; partners: PartnerSpec[]; timeoutMs: number }
  | { cmd: 'waitNotes'; expected: Record<string, number>; timeoutMs: number }
  | { cmd: 'notes'; run: number; durationMs: number; intervalMs: number }
  | { cmd: 'cursors'; run: number; durationMs: number; intervalMs: number }
  | { cmd: 'received'; run: number }
  | { cmd: 'report'; run: number }
  | { cmd: 'phaseStart' }
  | { cmd: 'close' }

export interface NotesResult {
  /** Updates sent during the run, per partner. */
  sent: Record<number, number>
}

export interface CursorsResult {
  /** Local presence changes made (setLocalStateField calls). */
  presenceChanges: number
}

export interface Report {
  received: number
  /** Fan-out latencies of this run, ms (note scenarios) or cursor latencies sampled on one partner (cursor scenarios). */
  latencies: number[]
  digests: DocDigest[]
  counters: Counters
  cpu: WorkerCpu
  /** Received updates that skipped a sequence number (a lost or merged update). */
  gaps: number
}

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }
