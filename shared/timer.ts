/**
 * The workshop timer, as data every screen can compute from: the end time on the server's clock while
 * it runs, the remaining time while it is paused. Every laptop shows the same countdown, also after a
 * reconnect or a late join, whatever its own clock says (clients measure their offset to the server).
 */

export interface TimerState {
  /** The time set, for "stop" and for showing progress. */
  durationMs: number
  /** While running: when it reaches zero, in server time (ms since the epoch). Null while paused or stopped. */
  endsAt: number | null
  /** While paused: what is left. While running: what was left when it (re)started, so a screen whose
   *  clock estimate runs a few milliseconds behind never shows more than that. */
  remainingMs: number
}

export const MINUTE = 60_000
/** The longest timer a facilitator can set. */
export const MAX_TIMER_MS = 180 * MINUTE

export function setTimer(minutes: number): TimerState {
  const durationMs = Math.round(Math.max(0, Math.min(MAX_TIMER_MS, minutes * MINUTE)))
  return { durationMs, endsAt: null, remainingMs: durationMs }
}

export function remainingMs(timer: TimerState, now: number): number {
  return timer.endsAt === null ? timer.remainingMs : Math.min(timer.remainingMs, Math.max(0, timer.endsAt - now))
}

export function isRunning(timer: TimerState, now: number): boolean {
  return timer.endsAt !== null && timer.endsAt > now
}

export function startTimer(timer: TimerState, now: number): TimerState {
  if (timer.endsAt !== null) return timer
  const left = timer.remainingMs > 0 ? timer.remainingMs : timer.durationMs
  return { ...timer, endsAt: now + left, remainingMs: left }
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.endsAt === null) return timer
  return { ...timer, endsAt: null, remainingMs: remainingMs(timer, now) }
}

/** One more minute, running or not; a timer that had run out starts again with one minute. */
export function addMinute(timer: TimerState, now: number): TimerState {
  if (timer.endsAt !== null && timer.endsAt > now) {
    return { ...timer, endsAt: timer.endsAt + MINUTE, remainingMs: timer.remainingMs + MINUTE, durationMs: timer.durationMs + MINUTE }
  }
  if (timer.endsAt !== null) return { ...timer, endsAt: now + MINUTE, remainingMs: MINUTE }
  return { ...timer, remainingMs: Math.min(MAX_TIMER_MS, timer.remainingMs + MINUTE), durationMs: timer.durationMs + MINUTE }
}

/** How long "De tijd is om" stays on the screens after the end. */
export const DONE_SHOWN_MS = MINUTE

/** Whether screens show the timer: set and not run out more than a minute ago. */
export function timerShown(timer: TimerState | null, now: number): boolean {
  return !!timer && (timer.endsAt === null || timer.endsAt + DONE_SHOWN_MS > now)
}

/** "12:05" for minutes and seconds, rounding up so the display reaches 0:00 exactly at the end. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return `${minutes}:${String(seconds).padStart(2, '0')}`
}

export function isTimerState(value: unknown): value is TimerState {
  if (!value || typeof value !== 'object') return false
  const t = value as Record<string, unknown>
  return typeof t.durationMs === 'number' && typeof t.remainingMs === 'number' && (t.endsAt === null || typeof t.endsAt === 'number')
}
