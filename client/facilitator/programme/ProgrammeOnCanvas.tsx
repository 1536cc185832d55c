/** The programme on the canvas page: the strip under the top bar and the facilitator's set-up panel, both following the part that starts. */
import { useCallback, type ReactNode } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import { useBoardSession } from '../../session/BoardSession.tsx'
import { usePanel } from '../../ui/PanelButton.tsx'
import type { PartStarted } from './actions.ts'
import { frameBoundsOnCanvas } from './canvasBounds.ts'
import { PROGRAMME_PANEL, ProgrammePanel } from './ProgrammePanel.tsx'
import { ProgrammeOnProjector, ProgrammeStrip } from './ProgrammeStrip.tsx'

/** The jump moves every partner's screen; the facilitator's own goes along. */
function useFollowOwnScreen(editor: Editor) {
  return useCallback(
    ({ bounds }: PartStarted) => {
      if (bounds) editor.zoomToBounds(bounds, { animation: { duration: 400 } })
    },
    [editor],
  )
}

export function CanvasProgrammeStrip({ editor, facilitator, children }: { editor: Editor; facilitator: boolean; children?: ReactNode }) {
  const { doc } = useBoardSession()
  const [open, setOpen] = usePanel(PROGRAMME_PANEL)
  const onStarted = useFollowOwnScreen(editor)
  return (
    <ProgrammeStrip
      doc={doc}
      facilitator={facilitator}
      frameBounds={() => frameBoundsOnCanvas(editor)}
      onStarted={onStarted}
      onOpenPanel={() => setOpen((o) => !o)}
      panelOpen={open}
    >
      {children}
    </ProgrammeStrip>
  )
}

export function CanvasProgrammePanel({ editor }: { editor: Editor }) {
  const [open, setOpen] = usePanel(PROGRAMME_PANEL)
  const onStarted = useFollowOwnScreen(editor)
  return open ? <ProgrammePanel editor={editor} onClose={() => setOpen(false)} onStarted={onStarted} /> : null
}

/** On the projector card; `showFrame` fits a part's first template beside the card (the projector's own fit), else the screen goes along as on the canvas. */
export function ProjectorProgramme({ editor, showFrame }: { editor: Editor; showFrame(frameId: TLShapeId): void }) {
  const { doc } = useBoardSession()
  const follow = useFollowOwnScreen(editor)
  const onStarted = (started: PartStarted) => {
    const onBoard = frameBoundsOnCanvas(editor)
    const first = started.part?.frameIds.find((id) => id in onBoard)
    if (first && started.part?.frameIds.length === 1) showFrame(first as TLShapeId)
    else follow(started)
  }
  return <ProgrammeOnProjector doc={doc} frameBounds={() => frameBoundsOnCanvas(editor)} onStarted={onStarted} />
}
