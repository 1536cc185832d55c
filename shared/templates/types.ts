/**
 * What every workshop template offers: a layout (parameters and frame size → the drawing, in frame-local
 * coordinates) and a zone function (a frame-local point → the zone it lies in). The client draws the
 * layout with tldraw shapes; the client, the server and the minutes all ask the same zone function.
 */
import type { Language } from '../i18n/index.ts'
import type { Point, Rect, Size } from './geometry.ts'

export const TemplateKinds = {
  iceberg: 'iceberg',
  messageHouse: 'message-house',
  coalitionVenn: 'coalition-venn',
  coalitionSpectrum: 'coalition-spectrum',
  positioning: 'positioning',
} as const
export type TemplateKind = (typeof TemplateKinds)[keyof typeof TemplateKinds]

/** Where a note lies within one template instance. */
export interface Zone {
  /** Stable id within the template, e.g. `below.values` or `venn:a+c:inside`. */
  id: string
  /** Plain words for people, in the board's language. */
  label: string
  /** Coalition Venn only: the partners whose circles contain the point (in the order of the diagram). */
  partners?: { id: string; name: string }[]
  /** Coalition Venn only: whether the point lies inside the coalition's domain. */
  insideDomain?: boolean
}

/** One piece of the drawing, in frame-local coordinates; the client turns it into a tldraw shape. */
/** Outline and fill of a drawn part, in tldraw's style names (stroke: line thickness). */
export interface PartStyle {
  colour: string
  fill: 'solid' | 'semi' | 'none'
  dash?: 'solid' | 'dashed'
  stroke?: 's' | 'm' | 'l' | 'xl'
}

export type DrawingPart =
  | ({ kind: 'polygon'; id: string; points: Point[] } & PartStyle)
  | ({ kind: 'rect'; id: string; rect: Rect } & PartStyle)
  | ({ kind: 'ellipse'; id: string; rect: Rect } & PartStyle)
  | { kind: 'line'; id: string; from: Point; to: Point; colour: string; dash?: 'solid' | 'dashed'; stroke?: 's' | 'm' | 'l' | 'xl' }
  | { kind: 'label'; id: string; rect: Rect; text: string; size: 's' | 'm' | 'l' | 'xl'; align: 'start' | 'middle' | 'end' }

export interface Layout {
  /** The whole drawing, back to front. */
  parts: DrawingPart[]
  /** Every zone a note can be placed in, with the rectangle to look for free room first. */
  zones: (Zone & { area: Rect })[]
}

export interface TemplateDefinition<Params> {
  kind: TemplateKind
  /** The frame's size when the template is placed. */
  defaultSize: Size
  defaultParams(language: Language): Params
  layout(params: Params, size: Size, language: Language): Layout
  /** The zone at a frame-local point, or null where the template has none. */
  zoneAt(params: Params, size: Size, point: Point, language: Language): Zone | null
  /**
   * How the minutes group this template's notes. Absent: by zone, in the layout's order. 'organisation':
   * one group per organisation (the notes' organisation), each saying which zone its notes lie in — for an
   * exercise where every organisation places its own marker (the coalition spectrum).
   */
  minutesBy?: 'organisation'
}
