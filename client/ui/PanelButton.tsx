/** A toolbar button that opens a panel of controls below it: the facilitator's timer, voting, files and PDF. */
import type { ReactNode } from 'react'

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
