/** Small number helpers and table printing for the bench output. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort()
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a'
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

export function pct(value: number): string {
  return `${value.toFixed(0)} %`
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL'
}

export type Row = [string, string, string?]

/** A two- or three-column table (measure, value, target) as Markdown, so it pastes into docs/benchmarks.md. */
export function table(title: string, rows: Row[]): string {
  const hasTarget = rows.some((r) => r[2] !== undefined)
  const header = hasTarget ? ['measure', 'value', 'target'] : ['measure', 'value']
  const body = rows.map((r) => (hasTarget ? [r[0], r[1], r[2] ?? ''] : [r[0], r[1]]))
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)))
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`
  return [
    `### ${title}`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    '',
  ].join('\n')
}
