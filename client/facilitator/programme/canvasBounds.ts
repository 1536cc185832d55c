/** Where the template frames lie on the canvas: what "Volgende onderdeel" brings everyone to. */
import type { Editor } from 'tldraw'
import { templateFrames } from '../../templates/render.ts'
import type { Bounds } from './actions.ts'

/** The page bounds of every template frame on the canvas, by shape id. */
export function frameBoundsOnCanvas(editor: Editor): Record<string, Bounds> {
  const bounds: Record<string, Bounds> = {}
  for (const { frame } of templateFrames(editor)) {
    const box = editor.getShapePageBounds(frame.id)
    if (box) bounds[frame.id] = { x: box.x, y: box.y, w: box.w, h: box.h }
  }
  return bounds
}

