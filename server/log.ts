/** One line per event on stdout: time, level, event, key=value fields. Never log secrets. */
type Fields = Record<string, string | number | boolean | null | undefined>

function format(level: string, event: string, fields: Fields): string {
  const parts = [new Date().toISOString(), level, event]
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    const s = String(v)
    parts.push(`${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`)
  }
  return parts.join(' ')
}

export const log = {
  info: (event: string, fields: Fields = {}) => console.log(format('info', event, fields)),
  warn: (event: string, fields: Fields = {}) => console.warn(format('warn', event, fields)),
  error: (event: string, fields: Fields = {}) => console.error(format('error', event, fields)),
}
