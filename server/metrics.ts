/**
 * What an operator watches, in Prometheus' text format (`GET /metrics`, prom-client): boards in memory,
 * open connections, updates in and messages out, how long a fan-out and a store append take, repairs
 * and refusals by reason; and the process's own CPU, memory and event-loop delay. Every series carries
 * the instance's name, so several instances behind one load balancer can be told apart.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

export interface MetricsSources {
  boardsLoaded(): number
  connections(): number
}

export class Metrics {
  readonly registry = new Registry()
  readonly updatesIn: Counter
  readonly updateMessagesOut: Counter
  readonly awarenessMessagesOut: Counter
  readonly repairs: Counter
  readonly refusals: Counter<'reason'>
  readonly fanOutSeconds: Histogram
  readonly storeAppendSeconds: Histogram
  private sources: MetricsSources = { boardsLoaded: () => 0, connections: () => 0 }

  constructor(instanceId: string) {
    const registers = [this.registry]
    this.registry.setDefaultLabels({ instance_id: instanceId })
    collectDefaultMetrics({ register: this.registry, prefix: 'waterlijn_' })
    const sources = () => this.sources
    new Gauge({ name: 'waterlijn_boards_loaded', help: 'Boards in memory on this instance.', registers, collect() { this.set(sources().boardsLoaded()) } })
    new Gauge({ name: 'waterlijn_connections', help: 'Open websocket connections.', registers, collect() { this.set(sources().connections()) } })
    this.updatesIn = new Counter({ name: 'waterlijn_updates_in_total', help: 'Document updates received from clients.', registers })
    this.updateMessagesOut = new Counter({ name: 'waterlijn_update_messages_out_total', help: 'Update messages sent to clients (one per peer per fan-out).', registers })
    this.awarenessMessagesOut = new Counter({ name: 'waterlijn_awareness_messages_out_total', help: 'Presence messages sent to clients.', registers })
    this.repairs = new Counter({ name: 'waterlijn_repairs_total', help: 'Changes the server undid because they broke a rule of the board.', registers })
    this.refusals = new Counter({ name: 'waterlijn_refusals_total', help: 'Requests, connections and updates refused, by reason.', labelNames: ['reason'], registers })
    this.fanOutSeconds = new Histogram({
      name: 'waterlijn_fanout_seconds',
      help: 'From the first update of a turn (one event-loop turn, or at most FANOUT_INTERVAL_MS) arriving to its message handed to every peer.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    })
    this.storeAppendSeconds = new Histogram({
      name: 'waterlijn_store_append_seconds',
      help: 'Time to store one update durably.',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers,
    })
  }

  /** Where the gauges read from (the rooms and the websocket handler, once they exist). */
  watch(sources: MetricsSources): void {
    this.sources = sources
  }

  refused(reason: string): void {
    this.refusals.inc({ reason })
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
