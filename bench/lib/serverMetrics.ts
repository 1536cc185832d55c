/**
 * The server's own view of a bench run, read from its `/metrics` (prom-client): its event-loop delay
 * and its fan-out histogram (from an update's arrival to its message handed to every peer). Read at the
 * start and the end of the measured window; prom-client restarts its event-loop histogram at every read,
 * so the second read covers the window only, and the fan-out buckets are taken as the difference.
 */
export interface MetricsReading {
  loopP99Ms: number
  loopMaxMs: number
  fanOut: Map<number, number>
  /** Update messages sent to peers and document updates received, since the server started. */
  messagesOut: number
  updatesIn: number
  at: number
}

export async function readMetrics(url: string): Promise<MetricsReading> {
  const res = await fetch(`${url}/metrics`)
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`)
  const text = await res.text()
  const value = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN
  }
  const fanOut = new Map<number, number>()
  for (const line of text.split('\n')) {
    const match = line.match(/^waterlijn_fanout_seconds_bucket\{le="([^"]+)".*\} (\d+)$/)
    if (match) fanOut.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]))
  }
  return {
    loopP99Ms: value('waterlijn_nodejs_eventloop_lag_p99_seconds') * 1000,
    loopMaxMs: value('waterlijn_nodejs_eventloop_lag_max_seconds') * 1000,
    fanOut,
    messagesOut: value('waterlijn_update_messages_out_total'),
    updatesIn: value('waterlijn_updates_in_total'),
    at: Date.now(),
  }
}

/** The fan-out bucket (upper bound, ms) that holds the p-th percentile of the fan-outs between two readings. */
export function fanOutPercentileMs(start: MetricsReading, end: MetricsReading, p: number): number {
  const bounds = [...end.fanOut.keys()].sort((a, b) => a - b)
  const total = (end.fanOut.get(Infinity) ?? 0) - (start.fanOut.get(Infinity) ?? 0)
  if (total <= 0) return NaN
  for (const le of bounds) {
    if ((end.fanOut.get(le) ?? 0) - (start.fanOut.get(le) ?? 0) >= (p / 100) * total) return le * 1000
  }
  return Infinity
}

/** Update messages the server sent per second, and per update it received, between two readings. */
export function messageRates(start: MetricsReading, end: MetricsReading): { perSecond: number; perUpdate: number } {
  const messages = end.messagesOut - start.messagesOut
  return { perSecond: (messages * 1000) / (end.at - start.at), perUpdate: messages / Math.max(1, end.updatesIn - start.updatesIn) }
}
