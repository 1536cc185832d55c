/** Records as the bench writes them: shaped like tldraw 5 note shapes and presence, so sizes are realistic. */
import { NOTE_PROPS } from '../../test/helpers/records.ts'

export const NOTE_PREFIX = 'shape:bench-'

export interface BenchMeta {
  authorId: string
  author: string
  organisation: string
  /** Which partner wrote this version (global partner index). */
  partner: number
  /** Which run this version belongs to (0 = setup). */
  run: number
  /** 1, 2, 3 … within a run; 0 at setup. */
  seq: number
  /** The sender's wall clock (ms) when it wrote this version: see now(). */
  sentAt: number
}

export interface NoteRecord {
  id: string
  typeName: 'shape'
  type: 'note'
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  props: Record<string, unknown>
  meta: BenchMeta
}

const WORDS = ['Samen', 'sterker', 'wonen', 'zorg', 'water', 'dijk', 'gemeente', 'partners', 'ambitie', 'waarden', 'belang', 'regio']

/**
 * One clock for every process of the bench: the system's wall clock. `performance.timeOrigin` is fixed
 * when a process starts, so two processes started minutes apart can disagree by a hundred milliseconds
 * once the system clock has been slewed in between (seen here: latencies of −130 ms).
 */
export function now(): number {
  return Date.now()
}

/** The name and organisation partner number `partner` joins with. */
export function benchPerson(partner: number): { name: string; organisation: string } {
  return { name: `Deelnemer ${partner}`, organisation: `Organisatie ${partner % 11}` }
}

export function noteId(partner: number, n = 0): string {
  return n === 0 ? `${NOTE_PREFIX}${partner}` : `${NOTE_PREFIX}${partner}-${n}`
}

/** A fractional index key for the i-th note: tldraw refuses one whose fraction ends in 0 ("a10"). */
function noteIndex(i: number): string {
  const digits = (i + 1).toString(36)
  return `a${digits}${digits.endsWith('0') ? 'V' : ''}`
}

export function noteRecord(id: string, partner: number, i: number, meta: Partial<BenchMeta> = {}): NoteRecord {
  const text = Array.from({ length: 6 }, (_, k) => WORDS[(partner * 7 + i * 3 + k) % WORDS.length]).join(' ')
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: Math.round(Math.random() * 4000),
    y: Math.round(Math.random() * 3000),
    rotation: 0,
    index: noteIndex(i),
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: { ...NOTE_PROPS, color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
    meta: {
      authorId: `author-${partner}`,
      author: benchPerson(partner).name,
      organisation: benchPerson(partner).organisation,
      partner,
      run: 0,
      seq: 0,
      sentAt: now(),
      ...meta,
    },
  }
}

/** A moved copy of a note (new position, new meta); everything else unchanged. */
export function moved(note: NoteRecord, meta: Partial<BenchMeta>): NoteRecord {
  return {
    ...note,
    x: Math.round(Math.random() * 4000),
    y: Math.round(Math.random() * 3000),
    meta: { ...note.meta, ...meta },
  }
}

/** What tldraw 5 puts in `instance_presence` (the awareness `presence` field), roughly 500 bytes as JSON. */
export function presenceRecord(clientId: number, partner: number, sentAt: number): Record<string, unknown> {
  return {
    id: `instance_presence:${clientId}`,
    typeName: 'instance_presence',
    userId: `author-${partner}`,
    userName: `Deelnemer ${partner}`,
    color: '#4465e9',
    camera: { x: 0, y: 0, z: 1 },
    selectedShapeIds: [],
    currentPageId: 'page:page',
    brush: null,
    scribbles: [],
    screenBounds: { x: 0, y: 0, w: 1440, h: 900 },
    followingUserId: null,
    cursor: { x: Math.round(Math.random() * 1440), y: Math.round(Math.random() * 900), type: 'default', rotation: 0 },
    chatMessage: '',
    lastActivityTimestamp: Math.round(sentAt),
    meta: { partner, sentAt },
  }
}
