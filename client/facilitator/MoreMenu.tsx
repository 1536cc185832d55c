/**
 * "Meer": the facilitator's tools for before and after a session (files, the PDF, closing and deleting the board)
 * behind one button, so the row of tools used during a session fits on a laptop's screen.
 */
import type { ReactNode } from 'react'
import { useT } from '../i18n/language.ts'
import { PanelButton, ParentPanel, useOpenPanel } from '../ui/PanelButton.tsx'

export const MORE_PANEL = 'more'
/** The panels of the tools it holds (FilesMenu, ExportMenu, DeleteBoard): while one of them is open, so is "Meer". */
const INSIDE = ['files', 'pdf', 'delete']

export function MoreMenu({ children }: { children: ReactNode }) {
  const t = useT()
  const open = useOpenPanel((s) => s.open === MORE_PANEL || INSIDE.includes(s.open ?? ''))
  const toggle = () => useOpenPanel.setState({ open: open ? null : MORE_PANEL })
  return (
    <div className="more-menu">
      <PanelButton
        label={
          <>
            {t('more.button')}
            <span aria-hidden="true">▾</span>
          </>
        }
        panelLabel={t('more.button')} open={open} onToggle={toggle}>
        <ParentPanel.Provider value={MORE_PANEL}>{children}</ParentPanel.Provider>
      </PanelButton>
    </div>
  )
}
