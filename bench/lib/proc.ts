/** Reads a process's CPU time and memory from /proc (Linux). */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond = 100
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
} catch {
  // Linux default
}

/** utime + stime of the process in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may contain spaces: split after the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / ticksPerSecond
}

export interface Memory {
  rss: number
  hwm: number
}

/** VmRSS and VmHWM (peak RSS) in bytes. */
export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

/** CPU and memory of one process over a phase: CPU as % of one core, RSS peak sampled every 200 ms. */
export class ProcessMonitor {
  private startCpu = 0
  private startAt = 0
  private timer: NodeJS.Timeout | null = null
  peakRss = 0

  constructor(readonly pid: number) {}

  start(): void {
    this.startCpu = cpuMs(this.pid)
    this.startAt = performance.now()
    this.peakRss = memory(this.pid).rss
    this.timer = setInterval(() => {
      try {
        this.peakRss = Math.max(this.peakRss, memory(this.pid).rss)
      } catch {
        // the process is gone; stop() reports what we have
      }
    }, 200)
    this.timer.unref()
  }

  stop(): { cpuPercent: number; cpuMs: number; wallMs: number; rss: number; peakRss: number; hwm: number } {
    if (this.timer) clearInterval(this.timer)
    const used = cpuMs(this.pid) - this.startCpu
    const wall = performance.now() - this.startAt
    const mem = memory(this.pid)
    this.peakRss = Math.max(this.peakRss, mem.rss)
    return { cpuPercent: (100 * used) / wall, cpuMs: used, wallMs: wall, rss: mem.rss, peakRss: this.peakRss, hwm: mem.hwm }
  }
}

/** Machine-wide CPU contention over a phase: PSI "some" (share of time at least one task waited for a CPU) and busy %. */
export class MachineMonitor {
  private psi0 = 0
  private busy0 = 0
  private total0 = 0
  private t0 = 0

  private static psiUs(): number {
    try {
      return Number(readFileSync('/proc/pressure/cpu', 'utf8').match(/^some .*total=(\d+)/m)?.[1] ?? NaN)
    } catch {
      return NaN
    }
  }

  private static cpuTicks(): { busy: number; total: number } {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((a, b) => a + b, 0)
    const idle = fields[3] + (fields[4] ?? 0)
    return { busy: total - idle, total }
  }

  start(): void {
    this.psi0 = MachineMonitor.psiUs()
    const t = MachineMonitor.cpuTicks()
    this.busy0 = t.busy
    this.total0 = t.total
    this.t0 = performance.now()
  }

  stop(): { pressurePercent: number; busyPercent: number } {
    const wallUs = (performance.now() - this.t0) * 1000
    const t = MachineMonitor.cpuTicks()
    return {
      pressurePercent: (100 * (MachineMonitor.psiUs() - this.psi0)) / wallUs,
      busyPercent: (100 * (t.busy - this.busy0)) / Math.max(1, t.total - this.total0),
    }
  }
}
