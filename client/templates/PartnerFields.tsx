/** The partner list of the coalition Venn: 2 to 6 names, each with its colour. Used when placing and when editing. */
import { ORGANISATION_COLOUR_HEX, ORGANISATION_COLOURS, organisationKey, type OrganisationColour, type OrganisationEntry } from '../../shared/protocol.ts'
import { MAX_PARTNERS, type VennPartner } from '../../shared/templates/coalition-venn/index.ts'
import { useT } from '../i18n/language.ts'

export interface PartnerDraft {
  /** Set for partners already in a diagram: renaming keeps the id, so notes keep their zone. */
  id?: string
  name: string
  colour: string
}

/** The filled-in drafts as Venn partners; new ones get ids that do not clash with existing ones. */
export function partnersFromNames(drafts: PartnerDraft[]): VennPartner[] {
  const used = new Set(drafts.map((d) => d.id).filter(Boolean))
  let next = 1
  return drafts
    .filter((d) => d.name.trim())
    .map((d) => {
      if (d.id) return { id: d.id, name: d.name.trim(), colour: d.colour }
      while (used.has(`p${next}`)) next++
      used.add(`p${next}`)
      return { id: `p${next}`, name: d.name.trim(), colour: d.colour }
    })
}

function unusedColour(drafts: PartnerDraft[]): string {
  return ORGANISATION_COLOURS.find((c) => !drafts.some((d) => d.colour === c)) ?? ORGANISATION_COLOURS[drafts.length % ORGANISATION_COLOURS.length]
}

/**
 * `organisations`: the ones on the board; a partner typed with the name of one of them gets its colour,
 * so the circle matches that organisation's notes and cursors.
 */
export function PartnerFields({ partners, organisations = [], onChange }: { partners: PartnerDraft[]; organisations?: OrganisationEntry[]; onChange(next: PartnerDraft[]): void }) {
  const t = useT()
  const rename = (i: number, name: string) => {
    const known = organisations.find((o) => organisationKey(o.name) === organisationKey(name))
    onChange(partners.map((q, j) => (j === i ? { ...q, name, colour: known?.colour ?? q.colour } : q)))
  }
  return (
    <fieldset className="partner-fields">
      <legend>{t('templates.venn.partners')}</legend>
      {partners.map((p, i) => (
        <div className="partner-fields__row" key={i}>
          <span className="partner-fields__swatch" style={{ background: ORGANISATION_COLOUR_HEX[p.colour as OrganisationColour] ?? '#999' }} aria-hidden="true" />
          <input
            aria-label={t('templates.venn.partner', { n: i + 1 })}
            value={p.name}
            maxLength={60}
            onChange={(e) => rename(i, e.target.value)}
          />
          {partners.length > 2 && !p.id && (
            <button type="button" className="button button--quiet" aria-label={t('templates.venn.removePartner', { n: i + 1 })} onClick={() => onChange(partners.filter((_, j) => j !== i))}>
              ×
            </button>
          )}
        </div>
      ))}
      {partners.length < MAX_PARTNERS && (
        <button type="button" className="button button--quiet" onClick={() => onChange([...partners, { name: '', colour: unusedColour(partners) }])}>
          {t('templates.venn.addPartner')}
        </button>
      )}
    </fieldset>
  )
}
