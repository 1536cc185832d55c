/** A toolbar button that opens a panel of controls below it: the facilitator's timer, voting, files and PDF. */
import type { ReactNode } from 'react'
import { create } from 'zustand'

/** Which of the board's panels is open: one at a time, so none covers another. */
export const useOpenPanel = create<{ open: string | null }>(() => ({ open: null }))

type SetOpen = (next: boolean | ((open: boolean) => boolean)) => void

/** Open or closed, for the panel `id`: opening it closes whichever other panel was open. */
export function usePanel(id: string): [boolean, SetOpen] {
  const open = useOpenPanel((s) => s.open === id)
  const setOpen: SetOpen = (next) => {
    const current = useOpenPanel.getState().open === id
    const wanted = typeof next === 'function' ? next(current) : next
    if (wanted) useOpenPanel.setState({ open: id })
    else if (current) useOpenPanel.setState({ open: null })
  }
  return [open, setOpen]
}

export function PanelButton({
  label,
  panelLabel,
  open,
  onToggle,
  children,
}: {
  label: ReactNode
  /** The panel's accessible name. */
  panelLabel: string
  open: boolean
  onToggle: () => void
  children: ReactNode
}) {
  return (
    <div className="timer-controls">
      <button type="button" className="button" aria-expanded={open} onClick={onToggle}>
        {label}
      </button>
      {open && (
        <div className="timer-controls__panel" role="group" aria-label={panelLabel}>
          {children}
        </div>
      )}
    </div>
  )
}
