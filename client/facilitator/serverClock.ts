/**
 * The server's clock as seen from this laptop: the offset is measured a few times (the answer with the
 * shortest round trip wins) so every screen shows the same timer, whatever its own clock says.
 */
import { create } from 'zustand'
import { api } from '../api.ts'

interface ServerClock {
  /** Server time minus local time, in ms; 0 until measured. */
  offsetMs: number
  measured: boolean
}

export const useServerClock = create<ServerClock>(() => ({ offsetMs: 0, measured: false }))

export function serverNow(): number {
  return Date.now() + useServerClock.getState().offsetMs
}

export async function measureServerClock(samples = 3): Promise<void> {
  let best: { rtt: number; offset: number } | null = null
  for (let i = 0; i < samples; i++) {
    const sent = Date.now()
    try {
      const { now } = await api.serverTime()
      const received = Date.now()
      const rtt = received - sent
      if (!best || rtt < best.rtt) best = { rtt, offset: now - (sent + rtt / 2) }
    } catch {
      // offline: keep what we had
    }
  }
  if (best) useServerClock.setState({ offsetMs: best.offset, measured: true })
}
