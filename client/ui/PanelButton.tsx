/** A toolbar button that opens a panel of controls below it: the facilitator's timer, voting, files and PDF. */
import { createContext, useContext, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { create } from 'zustand'

/** Which of the board's panels is open: one at a time, so none covers another. */
export const useOpenPanel = create<{ open: string | null }>(() => ({ open: null }))

/**
 * The panel a panel sits in ("Meer" holds the files and the PDF): closing the inner one goes back to
 * the outer one instead of closing both, so the menu a person came through stays where it was.
 */
export const ParentPanel = createContext<string | null>(null)

type SetOpen = (next: boolean | ((open: boolean) => boolean)) => void

/** Open or closed, for the panel `id`: opening it closes whichever other panel was open. */
export function usePanel(id: string): [boolean, SetOpen] {
  const parent = useContext(ParentPanel)
  const open = useOpenPanel((s) => s.open === id)
  const setOpen: SetOpen = (next) => {
    const current = useOpenPanel.getState().open === id
    const wanted = typeof next === 'function' ? next(current) : next
    if (wanted) useOpenPanel.setState({ open: id })
    else if (current) useOpenPanel.setState({ open: parent })
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
  const button = useRef<HTMLButtonElement>(null)
  // Escape closes the innermost open panel only, and the keyboard goes back to the button that opened it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return
    e.stopPropagation()
    onToggle()
    button.current?.focus()
  }
  return (
    <div className="timer-controls" onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="button" aria-expanded={open} onClick={onToggle}>
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
