/**
 * Dot voting. A round is set by the facilitator in the board map; every voter's dots are ONE entry of
 * the `votes` map, keyed by round and voter, holding the note ids they put a dot on. A voter can only
 * ever have one entry, so a reconnect, a second tab or a double click cannot count twice; and counting
 * caps each entry to the round's rules, whatever a client wrote.
 */

export interface VotingRound {
  id: string
  /** Dots per person (default 3). */
  votesPerPerson: number
  /** May a person put several dots on one note? */
  allowStacking: boolean
  /** Keep the counts hidden until the round is closed. */
  hideResults: boolean
  open: boolean
}

export const DEFAULT_VOTES_PER_PERSON = 3

export function voteKey(roundId: string, voterId: string): string {
  return `${roundId}|${voterId}`
}

/** The dots of one voter as the round's rules allow them: at most votesPerPerson, one per note unless stacking. */
export function validDots(round: VotingRound, noteIds: readonly unknown[]): string[] {
  const dots: string[] = []
  for (const id of noteIds) {
    if (typeof id !== 'string' || dots.length >= round.votesPerPerson) continue
    if (!round.allowStacking && dots.includes(id)) continue
    dots.push(id)
  }
  return dots
}

/** Dots per note in this round. */
export function tally(round: VotingRound, entries: Iterable<[string, unknown]>): Map<string, number> {
  const counts = new Map<string, number>()
  const prefix = `${round.id}|`
  for (const [key, value] of entries) {
    if (!key.startsWith(prefix) || !Array.isArray(value)) continue
    for (const id of validDots(round, value)) counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

/** How many people have at least one dot in this round. */
export function countVoters(round: VotingRound, entries: Iterable<[string, unknown]>): number {
  let voters = 0
  const prefix = `${round.id}|`
  for (const [key, value] of entries) {
    if (key.startsWith(prefix) && Array.isArray(value) && validDots(round, value).length > 0) voters++
  }
  return voters
}

/** A voter's dots after putting one on `noteId`; unchanged when the rules do not allow it. */
export function addDot(round: VotingRound, mine: readonly string[], noteId: string): string[] {
  const current = validDots(round, mine)
  if (!round.open || current.length >= round.votesPerPerson) return current
  if (!round.allowStacking && current.includes(noteId)) return current
  return [...current, noteId]
}

/** A voter's dots after taking one off `noteId`. */
export function removeDot(round: VotingRound, mine: readonly string[], noteId: string): string[] {
  const current = validDots(round, mine)
  if (!round.open) return current
  const at = current.lastIndexOf(noteId)
  return at < 0 ? current : [...current.slice(0, at), ...current.slice(at + 1)]
}

/** Notes with dots, most first (ties: in the order given). */
export function ranking<T extends { id: string }>(counts: Map<string, number>, notes: T[]): { note: T; votes: number }[] {
  return notes
    .map((note, i) => ({ note, votes: counts.get(note.id) ?? 0, i }))
    .filter((r) => r.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.i - b.i)
    .map(({ note, votes }) => ({ note, votes }))
}

/**
 * May everybody see this round's votes: the round is closed, or its results are not hidden. Until then the
 * server keeps the votes to itself (not in the document) and each page shows only its own dots.
 */
export function resultsShown(round: VotingRound): boolean {
  return !round.open || !round.hideResults
}

export function isVotingRound(value: unknown): value is VotingRound {
  if (!value || typeof value !== 'object') return false
  const r = value as Record<string, unknown>
  return typeof r.id === 'string' && typeof r.votesPerPerson === 'number' && typeof r.open === 'boolean'
}
