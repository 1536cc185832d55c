/** Where the session stands in its programme: no programme, not started, a part running, or done. */
import { currentPart, nextPartOf, type Programme, type ProgrammePart } from '../../../shared/board/programme.ts'

export type ProgrammeStatus =
  | { kind: 'none' }
  | { kind: 'notStarted'; count: number }
  | { kind: 'running'; part: ProgrammePart; index: number; count: number; last: boolean }
  | { kind: 'done'; endedAt: number }

export function programmeStatus(programme: Programme | null): ProgrammeStatus {
  if (!programme || programme.parts.length === 0) return { kind: 'none' }
  const part = currentPart(programme)
  const count = programme.parts.length
  if (part) {
    const index = programme.parts.indexOf(part)
    return { kind: 'running', part, index, count, last: index === count - 1 }
  }
  const ends = programme.parts.flatMap((p) => (p.endedAt !== null ? [p.endedAt] : []))
  // Between parts with nothing left to start (the last one ended, or the running one was removed): done.
  if (nextPartOf(programme) === null) return { kind: 'done', endedAt: ends.length > 0 ? Math.max(...ends) : 0 }
  return { kind: 'notStarted', count }
}
