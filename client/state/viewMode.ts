/**
 * List or board: a phone (narrow or touch-only screen) gets the list by default, a laptop the board;
 * anyone can switch, and the choice is remembered in this browser for every board.
 */
import { create } from 'zustand'

export type ViewMode = 'list' | 'board'

const KEY = 'waterlijn.viewMode'

function stored(): ViewMode | null {
  try {
    const value = localStorage.getItem(KEY)
    return value === 'list' || value === 'board' ? value : null
  } catch {
    return null
  }
}

/** What this screen suits: the list on a narrow screen or one without a fine pointer (a phone, a tablet). */
export function suitedViewMode(): ViewMode {
  const narrow = window.matchMedia('(max-width: 700px)').matches
  const touchOnly = window.matchMedia('(hover: none) and (pointer: coarse)').matches
  return narrow || touchOnly ? 'list' : 'board'
}

/** Remembers the choice without changing this page (for a switch that reloads the page). */
export function rememberViewMode(mode: ViewMode): void {
  try {
    localStorage.setItem(KEY, mode)
  } catch {
    // private mode: the choice holds until the tab closes
  }
}

export const useViewMode = create<{ chosen: ViewMode | null; choose(mode: ViewMode): void }>((set) => ({
  chosen: stored(),
  choose(mode) {
    rememberViewMode(mode)
    set({ chosen: mode })
  },
}))
