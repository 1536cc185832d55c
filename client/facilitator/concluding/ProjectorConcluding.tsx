/**
 * The concluding part on the projector: where every organisation stands and the follow-up agreements by
 * owner ("Nog niet belegd" apart), large enough to read from the back of the room, updated as answers and
 * agreements come in. The chair names them aloud; the room sees the same.
 */
import { useId } from 'react'
import type * as Y from 'yjs'
import { agreementsByOwner, type Agreement } from '../../../shared/board/agreements.ts'
import { commitmentTable } from '../../../shared/board/commitment.ts'
import { formatDay } from '../../../shared/board/minutesDocument.ts'
import { organisationKey } from '../../../shared/protocol.ts'
import { useLanguage, useT } from '../../i18n/language.ts'
import { useAgreements, useCommitmentAnswers, useCommitmentRound, useOrganisations } from './useConcluding.ts'

/** Whether there is anything of the concluding part to show yet. */
export function useHasConcluding(doc: Y.Doc): boolean {
  const round = useCommitmentRound(doc)
  const { items, nextMeeting } = useAgreements(doc)
  return !!round || items.length > 0 || !!nextMeeting
}

export function ProjectorConcluding({ doc, ownOrganisation, onClose }: { doc: Y.Doc; ownOrganisation?: string; onClose(): void }) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const headingId = useId()
  const round = useCommitmentRound(doc)
  const answers = useCommitmentAnswers(doc)
  const organisations = useOrganisations(doc).filter((o) => !ownOrganisation || organisationKey(o.name) !== organisationKey(ownOrganisation))
  const { items, nextMeeting } = useAgreements(doc)
  const rows = commitmentTable(organisations, answers)
  const { owned, unassigned } = agreementsByOwner(items)
  const line = (a: Agreement) => (
    <li key={a.id}>
      {a.what}
      <span className="projector-concluding__meta">{[a.due, t(`agreements.kind.${a.kind}`)].filter(Boolean).join(' · ')}</span>
    </li>
  )
  return (
    <section className="projector-concluding" aria-labelledby={headingId}>
      <div className="projector-concluding__head">
        <h2 id={headingId}>{t('concluding.title')}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('concluding.close')}
        </button>
      </div>
      {(round || answers.length > 0) && (
        <>
          <h3>{(round?.question ?? null) || t('commitment.defaultQuestion')}</h3>
          <table className="projector-concluding__table">
            <tbody>
              {rows.map(({ organisation, answer }) => (
                <tr key={organisationKey(organisation)}>
                  <th scope="row">{organisation}</th>
                  <td className={answer ? `projector-concluding__level projector-concluding__level--${answer.level}` : 'projector-concluding__level'}>
                    {answer ? t(`commitment.level.${answer.level}`) : t('commitment.noAnswer')}
                    {answer?.remark && <span className="projector-concluding__meta">“{answer.remark}”</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('minutes.agreements')}</h3>
      {items.length === 0 && <p>{t('minutes.agreementsNone')}</p>}
      {owned.map(({ owner, items: own }) => (
        <div key={organisationKey(owner)} className="projector-concluding__owner">
          <h4>{owner}</h4>
          <ul>{own.map(line)}</ul>
        </div>
      ))}
      {unassigned.length > 0 && (
        <div className="projector-concluding__owner projector-concluding__owner--unassigned">
          <h4>{t('agreements.unassigned')}</h4>
          <ul>{unassigned.map(line)}</ul>
        </div>
      )}
      {nextMeeting && (
        <p className="projector-concluding__next">
          <strong>{t('concluding.nextMeeting')}:</strong> {[nextMeeting.date ? formatDay(new Date(`${nextMeeting.date}T12:00:00Z`), language) : '', nextMeeting.note].filter(Boolean).join(' — ')}
        </p>
      )}
    </section>
  )
}
