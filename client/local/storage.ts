/**
 * What this browser remembers between visits (localStorage): who the person is, the boards they created
 * (so a facilitator never loses a key), and per board who the server says they are and their colour.
 */
import type { OrganisationEntry, ParticipantCredentials } from '../../shared/protocol.ts'

const KEYS = {
  identity: 'waterlijn.identity',
  boards: 'waterlijn.myBoards',
  language: 'waterlijn.language',
  joined: (boardId: string) => `waterlijn.joined.${boardId}`,
} as const

function read<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key)
    return raw === null ? undefined : (JSON.parse(raw) as T)
  } catch {
    return undefined
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // private mode or full storage: the app works, it just forgets
  }
}

export interface Identity {
  name: string
  organisation: string
}

export function savedIdentity(): Identity | undefined {
  const value = read<Identity>(KEYS.identity)
  return value && typeof value.name === 'string' && typeof value.organisation === 'string' ? value : undefined
}

export function saveIdentity(identity: Identity): void {
  write(KEYS.identity, identity)
}

/** A board this browser created or opened with its facilitator key. */
export interface MyBoard {
  id: string
  title: string
  facilitatorKey: string
  /** Known when the board was created here; the API does not reveal it later. */
  viewId?: string
  createdAt: string
  /** ISO 8601: the server said the board was deleted (its key is forgotten then: it opens nothing). */
  deletedAt?: string
}

export function myBoards(): MyBoard[] {
  const list = read<MyBoard[]>(KEYS.boards)
  return Array.isArray(list) ? list.filter((b) => b && typeof b.id === 'string' && typeof b.facilitatorKey === 'string') : []
}

/** Adds or updates a board (matched by id), newest first; never drops a known view id. */
export function rememberBoard(board: MyBoard): MyBoard[] {
  const existing = myBoards()
  const previous = existing.find((b) => b.id === board.id)
  const merged: MyBoard = { ...previous, ...board, viewId: board.viewId ?? previous?.viewId }
  const list = [merged, ...existing.filter((b) => b.id !== board.id)]
  write(KEYS.boards, list)
  return list
}

export function forgetBoard(id: string): MyBoard[] {
  const list = myBoards().filter((b) => b.id !== id)
  write(KEYS.boards, list)
  return list
}

/** The board with this id or view id was deleted: its entry stays, marked, until the person removes it. */
export function markBoardDeleted(idOrViewId: string, deletedAt: string): MyBoard[] {
  const list = myBoards().map((b) => (b.id === idOrViewId || b.viewId === idOrViewId ? { ...b, facilitatorKey: '', deletedAt: b.deletedAt ?? deletedAt } : b))
  write(KEYS.boards, list)
  return list
}

export function savedLanguage(): string | undefined {
  return read<string>(KEYS.language)
}

export function saveLanguage(language: string): void {
  write(KEYS.language, language)
}

/**
 * What a person joined a board with: their name, organisation and colour, and the author id and token
 * the server issued, for joining again as the same person and for opening the board offline.
 */
export interface JoinedBoard extends Identity, ParticipantCredentials {
  colour: OrganisationEntry['colour']
}

/** Only a complete entry counts: one from before the server issued tokens means joining again. */
export function joinedBoard(boardId: string): JoinedBoard | undefined {
  const value = read<Partial<JoinedBoard>>(KEYS.joined(boardId))
  return value && typeof value.token === 'string' && typeof value.authorId === 'string' && typeof value.name === 'string' ? (value as JoinedBoard) : undefined
}

export function rememberJoin(boardId: string, joined: JoinedBoard): void {
  write(KEYS.joined(boardId), joined)
}

export function forgetJoin(boardId: string): void {
  try {
    localStorage.removeItem(KEYS.joined(boardId))
  } catch {
    // storage forbidden: there was nothing kept either
  }
}
