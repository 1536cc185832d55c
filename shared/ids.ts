/** A short random id (16 hex characters) for what the board's settings name: rounds, jumps, parts, groups, agreements. */
export function newShortId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 16)
}
