/**
 * One line per event on stdout: time, level, event and fields, as readable text (the default) or as one
 * JSON object per line for a log collector (LOG_FORMAT=json), with the instance's name. Never log secrets.
 */
type Fields = Record<string, string | number | boolean | null | undefined>

interface LogSettings {
  format: 'text' | 'json'
  instance: string | null
}

const settings: LogSettings = { format: 'text', instance: null }

/** Set once at start (server/main.ts, server/app.ts) from the config. */
export function configureLog(next: Partial<LogSettings>): void {
  Object.assign(settings, next)
}

function text(time: string, level: string, event: string, fields: Fields): string {
  const parts = [time, level, event]
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    const s = String(v)
    parts.push(`${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`)
  }
  return parts.join(' ')
}

function json(time: string, level: string, event: string, fields: Fields): string {
  const entry: Record<string, unknown> = { time, level, event }
  if (settings.instance) entry.instance = settings.instance
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && !(k in entry)) entry[k] = v
  return JSON.stringify(entry)
}

function format(level: string, event: string, fields: Fields): string {
  const time = new Date().toISOString()
  return settings.format === 'json' ? json(time, level, event, fields) : text(time, level, event, fields)
}

export const log = {
  info: (event: string, fields: Fields = {}) => console.log(format('info', event, fields)),
  warn: (event: string, fields: Fields = {}) => console.warn(format('warn', event, fields)),
  error: (event: string, fields: Fields = {}) => console.error(format('error', event, fields)),
}
