/** The workshop timer: the same countdown on every screen; the facilitator sets, starts, pauses and stops it. */
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { BoardMapKeys } from '../../shared/protocol.ts'
import { formatRemaining, isTimerState, remainingMs, timerShown, type TimerState } from '../../shared/timer.ts'
import { useT } from '../i18n/language.ts'
import { measureServerClock, serverNow } from './serverClock.ts'
import { useBoardMapValue } from './boardMap.ts'
import { PanelButton, usePanel } from '../ui/PanelButton.tsx'
import { useBoardSession } from '../session/BoardSession.tsx'

export function useTimer(doc: Y.Doc | null): TimerState | null {
  useEffect(() => {
    if (doc) void measureServerClock()
  }, [doc])
  return useBoardMapValue(doc, BoardMapKeys.timer, (value) => (isTimerState(value) ? value : null))
}

/** A soft two-note chime, made on the spot (no sound file): only on the facilitator's screen. */
function chime(): void {
  try {
    const audio = new AudioContext()
    for (const [i, frequency] of [660, 880].entries()) {
      const osc = audio.createOscillator()
      const gain = audio.createGain()
      osc.frequency.value = frequency
      const start = audio.currentTime + i * 0.35
      gain.gain.setValueAtTime(0, start)
      gain.gain.linearRampToValueAtTime(0.12, start + 0.05)
      gain.gain.exponentialRampToValueAtTime(0.001, start + 0.9)
      osc.connect(gain).connect(audio.destination)
      osc.start(start)
      osc.stop(start + 1)
    }
    setTimeout(() => void audio.close(), 2000)
  } catch {
    // no sound available: the display still says the time is up
  }
}

/** The countdown in the top bar, for everyone; empty when no timer is set. */
export function TimerDisplay({ timer, withSound }: { timer: TimerState | null; withSound: boolean }) {
  const t = useT()
  const [now, setNow] = useState(serverNow)
  const wasRunning = useRef(false)
  useEffect(() => {
    if (!timer || timer.endsAt === null) return
    const id = setInterval(() => setNow(serverNow()), 250)
    return () => clearInterval(id)
  }, [timer])
  useEffect(() => setNow(serverNow()), [timer])
  const left = timer ? remainingMs(timer, now) : 0
  const running = !!timer && timer.endsAt !== null && left > 0
  const done = !!timer && timer.endsAt !== null && left === 0
  // The signal sounds when this screen saw the countdown reach zero, not when joining a finished timer.
  useEffect(() => {
    if (done && wasRunning.current && withSound) chime()
    wasRunning.current = running
  }, [done, running, withSound])
  // "De tijd is om" for a minute, then the top bar is calm again.
  if (!timer || !timerShown(timer, now)) return null
  return (
    <span className={`timer${done ? ' timer--done' : ''}${running ? '' : ' timer--still'}`} role="timer" aria-label={t('timer.label')}>
      <span className="timer__time">{formatRemaining(left)}</span>
      {done && <span className="timer__done">{t('timer.done')}</span>}
      {!running && !done && <span className="timer__paused">{t('timer.paused')}</span>}
    </span>
  )
}

/** The facilitator's timer controls. */
export function TimerControls({ timer }: { timer: TimerState | null }) {
  const t = useT()
  const { actions } = useBoardSession()
  const [open, setOpen] = usePanel('timer')
  const [minutes, setMinutes] = useState(10)
  const now = () => serverNow()
  const running = !!timer && timer.endsAt !== null && remainingMs(timer, now()) > 0
  return (
    <PanelButton label={t('timer.button')} panelLabel={t('timer.controls')} open={open} onToggle={() => setOpen((o) => !o)}>
      <label className="field field--inline">
        <span>{t('timer.minutes')}</span>
        <input type="number" min={1} max={180} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
      </label>
      <button type="button" className="button button--primary" onClick={() => actions.startTimer(minutes, now())}>
        {t('timer.startNew', { count: minutes })}
      </button>
      {timer && !running && remainingMs(timer, now()) > 0 && (
        <button type="button" className="button" onClick={() => actions.resumeTimer(now())}>
          {t('timer.resume')}
        </button>
      )}
      {timer && running && (
        <button type="button" className="button" onClick={() => actions.pauseTimer(now())}>
          {t('timer.pause')}
        </button>
      )}
      {timer && (
        <button type="button" className="button" onClick={() => actions.addMinute(now())}>
          {t('timer.addMinute')}
        </button>
      )}
      {timer && (
        <button type="button" className="button button--quiet" onClick={() => actions.stopTimer()}>
          {t('timer.stop')}
        </button>
      )}
    </PanelButton>
  )
}
