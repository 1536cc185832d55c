/**
 * Where a partner's private notes wait for the reveal: in this browser only, per board, as complete tldraw
 * records (so the canvas and the list view read each other's). Never in the shared document.
 */
const storageKey = (room: string) => `waterlijn-private-${room}`

export function loadKept<T = unknown>(room: string): T[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(room)) ?? '[]')
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}

/** The board was deleted: its private notes go too. */
export function forgetKept(room: string): void {
  saveKept(room, [])
}

export function saveKept(room: string, records: readonly unknown[]): void {
  try {
    if (records.length) localStorage.setItem(storageKey(room), JSON.stringify(records))
    else localStorage.removeItem(storageKey(room))
  } catch {
    // Storage full or forbidden: the note is still on screen, and goes out at the reveal from memory.
  }
}
