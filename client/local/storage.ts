/**
 * What this browser remembers between visits (localStorage): who the person is, the boards they created
 * (so a facilitator never loses a key), and per board the organisation colour they got.
 */
import type { OrganisationEntry } from '../../shared/protocol.ts'

const KEYS = {
  authorId: 'waterlijn.authorId',
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

/** A random id, stable per browser: marks the shapes this person made. */
export function authorId(): string {
  let id = read<string>(KEYS.authorId)
  if (!id) {
    id = crypto.randomUUID()
    write(KEYS.authorId, id)
  }
  return id
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

export function savedLanguage(): string | undefined {
  return read<string>(KEYS.language)
}

export function saveLanguage(language: string): void {
  write(KEYS.language, language)
}

/** The identity and organisation colour a person joined a board with, for opening it again offline. */
export interface JoinedBoard extends Identity {
  colour: OrganisationEntry['colour']
}

export function joinedBoard(boardId: string): JoinedBoard | undefined {
  return read<JoinedBoard>(KEYS.joined(boardId))
}

export function rememberJoin(boardId: string, joined: JoinedBoard): void {
  write(KEYS.joined(boardId), joined)
}
