// What an operator of several instances reads: alive and ready, metrics in Prometheus' format with the
// instance's name, and one JSON object per log line.
import { describe, expect, it } from 'vitest'
import { createBoard, joinBoard, waitFor } from '../helpers/server.ts'
import { serverForFile } from '../helpers/serverForFile.ts'
import { noteRecord } from '../helpers/records.ts'

const file = serverForFile({ env: { INSTANCE_ID: 'waterlijn-a', LOG_FORMAT: 'json', METRICS_TOKEN: 'geheim-voor-prometheus' } })

/** The value of one series in Prometheus' text format, or undefined. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue
    const match = line.match(/^([a-z_]+)(\{[^}]*\})? (\S+)$/)
    if (!match || match[1] !== name) continue
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3])
  }
  return undefined
}

async function metrics(): Promise<string> {
  const res = await fetch(`${file.server.url}/metrics`, { headers: { authorization: 'Bearer geheim-voor-prometheus' } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
  return res.text()
}

describe('operations', () => {
  it('alive and ready, with the instance’s name', async () => {
    expect(await (await fetch(`${file.server.url}/healthz`)).json()).toEqual({ ok: true, instance: 'waterlijn-a' })
    const ready = await fetch(`${file.server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ok: true, instance: 'waterlijn-a' })
  })

  it('metrics need their token, then count boards, connections, updates, fan-outs and refusals', async () => {
    expect((await fetch(`${file.server.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${file.server.url}/metrics`, { headers: { authorization: 'Bearer fout' } })).status).toBe(401)

    const board = await createBoard(file.server)
    const anne = await file.partner(board.id)
    const viewer = file.client(board.id)
    await Promise.all([anne.synced, viewer.synced])
    const before = await metrics()
    const updatesBefore = series(before, 'waterlijn_updates_in_total', { instance_id: 'waterlijn-a' }) ?? 0
    expect(series(before, 'waterlijn_boards_loaded', { instance_id: 'waterlijn-a' })).toBeGreaterThanOrEqual(1)
    expect(series(before, 'waterlijn_connections')).toBeGreaterThanOrEqual(2)

    for (let i = 0; i < 3; i++) anne.records.set(`shape:m${i}`, anne.note(`shape:m${i}`, `Notitie ${i}`))
    await waitFor(() => viewer.records.get('shape:m2'), 5000, 'the notes at the viewer')
    // A viewer's write is refused, and counted with its reason.
    viewer.records.set('shape:viewer', noteRecord('shape:viewer', 'Mag niet', { x: 0, y: 0 }))
    const after = await waitFor(async () => {
      const text = await metrics()
      return (series(text, 'waterlijn_refusals_total', { reason: 'update:read-only' }) ?? 0) >= 1 ? text : null
    }, 5000, 'the refusal counted')
    expect(series(after, 'waterlijn_updates_in_total')! - updatesBefore).toBeGreaterThanOrEqual(3)
    // Updates of one turn go out merged and are stored as one: at least one message and one store write.
    expect(series(after, 'waterlijn_update_messages_out_total')).toBeGreaterThanOrEqual(1)
    expect(series(after, 'waterlijn_fanout_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(series(after, 'waterlijn_store_append_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(series(after, 'waterlijn_process_resident_memory_bytes')).toBeGreaterThan(0)
    // A partner breaking a rule is a repair.
    const bram = await joinBoard(file.server, board.id, { name: 'Bram', organisation: 'Woonstichting' })
    const attacker = file.client(board.id, { token: bram.participant.token })
    await attacker.synced
    attacker.records.delete('shape:m0')
    await waitFor(async () => (series(await metrics(), 'waterlijn_repairs_total') ?? 0) >= 1, 5000, 'the repair counted')
  })

  it('logs one JSON object per line, each with the instance', () => {
    const lines = file.server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
    expect(lines.length).toBeGreaterThan(3)
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>
      expect(entry).toMatchObject({ instance: 'waterlijn-a' })
      expect(typeof entry.time).toBe('string')
      expect(['info', 'warn', 'error']).toContain(entry.level)
    }
    expect(lines.some((line) => JSON.parse(line).event === 'ws.connected')).toBe(true)
  })
})
