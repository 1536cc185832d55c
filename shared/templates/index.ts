/** The workshop templates, by kind. */
import { coalitionSpectrum, type CoalitionSpectrumParams } from './coalition-spectrum/index.ts'
import { coalitionVenn, type CoalitionVennParams } from './coalition-venn/index.ts'
import { iceberg, type IcebergParams } from './iceberg/index.ts'
import { messageHouse, type MessageHouseParams } from './message-house/index.ts'
import { positioning, type PositioningParams } from './positioning/index.ts'
import { TemplateKinds, type TemplateDefinition, type TemplateKind } from './types.ts'

export interface TemplateParamsByKind {
  [TemplateKinds.iceberg]: IcebergParams
  [TemplateKinds.messageHouse]: MessageHouseParams
  [TemplateKinds.coalitionVenn]: CoalitionVennParams
  [TemplateKinds.coalitionSpectrum]: CoalitionSpectrumParams
  [TemplateKinds.positioning]: PositioningParams
}

export const templates: { [K in TemplateKind]: TemplateDefinition<TemplateParamsByKind[K]> } = {
  [TemplateKinds.iceberg]: iceberg,
  [TemplateKinds.messageHouse]: messageHouse,
  [TemplateKinds.coalitionVenn]: coalitionVenn,
  [TemplateKinds.coalitionSpectrum]: coalitionSpectrum,
  [TemplateKinds.positioning]: positioning,
}

export * from './types.ts'
export * from './geometry.ts'
export { findFreeSpot } from './placement.ts'
