import { describe, expect, it } from 'vitest'
import { addMinute, formatRemaining, isRunning, MINUTE, pauseTimer, remainingMs, setTimer, startTimer, timerShown } from '../../shared/timer.ts'

describe('the workshop timer', () => {
  const t0 = 1_800_000_000_000
  it('counts down from the server time it was started at', () => {
    const running = startTimer(setTimer(5), t0)
    expect(remainingMs(running, t0)).toBe(300_000)
    expect(remainingMs(running, t0 + 61_500)).toBe(238_500)
    expect(formatRemaining(remainingMs(running, t0 + 61_500))).toBe('3:59')
    expect(remainingMs(running, t0 + 400_000)).toBe(0)
    expect(isRunning(running, t0 + 400_000)).toBe(false)
  })

  it('pauses, resumes and takes an extra minute', () => {
    let timer = startTimer(setTimer(2), t0)
    timer = pauseTimer(timer, t0 + 30_000)
    expect(remainingMs(timer, t0 + 999_999)).toBe(90_000)
    timer = addMinute(timer, t0 + 40_000)
    expect(remainingMs(timer, t0 + 40_000)).toBe(150_000)
    timer = startTimer(timer, t0 + 50_000)
    expect(remainingMs(timer, t0 + 60_000)).toBe(140_000)
    timer = addMinute(timer, t0 + 60_000)
    expect(remainingMs(timer, t0 + 60_000)).toBe(200_000)
  })

  it('restarts after it ran out', () => {
    const done = startTimer(setTimer(1), t0)
    const more = addMinute(done, t0 + 120_000)
    expect(remainingMs(more, t0 + 120_000)).toBe(60_000)
    expect(formatRemaining(0)).toBe('0:00')
    expect(formatRemaining(59_001)).toBe('1:00')
  })

  it('never shows more than was set, on a screen whose clock estimate lags a little', () => {
    const running = startTimer(setTimer(5), t0)
    expect(remainingMs(running, t0 - 40)).toBe(300_000)
    expect(formatRemaining(remainingMs(running, t0 - 40))).toBe('5:00')
  })

  it('refuses silly values', () => {
    expect(setTimer(-3).durationMs).toBe(0)
    expect(setTimer(10_000).durationMs).toBe(180 * 60_000)
  })

  it('"de tijd is om" shows for a minute after the end, then the timer leaves the screen', () => {
    const running = startTimer(setTimer(5), 0)
    expect(timerShown(running, 5 * MINUTE - 1)).toBe(true)
    expect(timerShown(running, 5 * MINUTE + 59_000)).toBe(true)
    expect(timerShown(running, 6 * MINUTE + 1)).toBe(false)
    expect(timerShown(pauseTimer(running, MINUTE), 60 * MINUTE)).toBe(true)
    expect(timerShown(null, 0)).toBe(false)
  })
})
