/**
 * A fixed-window counter per key (a client address). Small on purpose: one process, one map. Its memory
 * stays bounded: windows that ran out are dropped as new ones open, and past `maxKeys` the oldest window
 * is forgotten, so a flood of addresses cannot grow the map without end.
 */

export interface RateLimitOptions {
  /** Requests allowed per key per window; 0 means no limit. */
  limit: number
  windowMs: number
  /** Most keys tracked at once. */
  maxKeys?: number
  now?: () => number
}

export type RateDecision =
  | { allowed: true }
  | {
      allowed: false
      /** Whole seconds until the key's window ends (at least 1), for `Retry-After`. */
      retryAfterSeconds: number
      /** True only for the first refusal in the key's window: log once per window, not per request. */
      firstRefusal: boolean
    }

interface Window {
  start: number
  count: number
  refused: boolean
}

export const DEFAULT_MAX_KEYS = 10_000

export class RateLimiter {
  // Insertion order is window-start order (an expired window is removed before its key opens a new one),
  // so the expired windows are always the first ones.
  private readonly windows = new Map<string, Window>()
  private readonly limit: number
  private readonly windowMs: number
  private readonly maxKeys: number
  private readonly now: () => number

  constructor(options: RateLimitOptions) {
    this.limit = options.limit
    this.windowMs = options.windowMs
    this.maxKeys = Math.max(1, options.maxKeys ?? DEFAULT_MAX_KEYS)
    // A monotonic clock: a laptop's clock being set back must not stretch anyone's window.
    this.now = options.now ?? (() => performance.now())
  }

  /** Counts one request for `key` and says whether it may go ahead. */
  hit(key: string): RateDecision {
    if (this.limit <= 0) return { allowed: true }
    const now = this.now()
    this.dropExpired(now)
    let window = this.windows.get(key)
    if (!window) {
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!)
      window = { start: now, count: 0, refused: false }
      this.windows.set(key, window)
    }
    if (window.count < this.limit) {
      window.count++
      return { allowed: true }
    }
    const firstRefusal = !window.refused
    window.refused = true
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)), firstRefusal }
  }

  /** Whether `key` has used up its window, without counting a request (for limits on failures only). */
  exhausted(key: string): RateDecision {
    if (this.limit <= 0) return { allowed: true }
    const now = this.now()
    this.dropExpired(now)
    const window = this.windows.get(key)
    if (!window || window.count < this.limit) return { allowed: true }
    const firstRefusal = !window.refused
    window.refused = true
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)), firstRefusal }
  }

  /** Keys with an open window (for tests and diagnostics). */
  get size(): number {
    return this.windows.size
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start < this.windowMs) return
      this.windows.delete(key)
    }
  }
}
