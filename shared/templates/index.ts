/** The workshop templates, by kind. */
import { coalitionVenn, type CoalitionVennParams } from './coalition-venn/index.ts'
import { iceberg, type IcebergParams } from './iceberg/index.ts'
import { messageHouse, type MessageHouseParams } from './message-house/index.ts'
import { TemplateKinds, type TemplateDefinition, type TemplateKind } from './types.ts'

export interface TemplateParamsByKind {
  [TemplateKinds.iceberg]: IcebergParams
  [TemplateKinds.messageHouse]: MessageHouseParams
  [TemplateKinds.coalitionVenn]: CoalitionVennParams
}

export const templates: { [K in TemplateKind]: TemplateDefinition<TemplateParamsByKind[K]> } = {
  [TemplateKinds.iceberg]: iceberg,
  [TemplateKinds.messageHouse]: messageHouse,
  [TemplateKinds.coalitionVenn]: coalitionVenn,
}

export * from './types.ts'
export * from './geometry.ts'
export { findFreeSpot } from './placement.ts'
