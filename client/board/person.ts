import type { AuthorMeta, OrganisationColour } from '../../shared/protocol.ts'

/** Who is using this page: their author fields and their organisation's colour. */
export interface Person extends AuthorMeta {
  colour: OrganisationColour
}
