/**
 * "Afronding": the concluding part of the meeting. The facilitator asks every organisation where it
 * stands (and sees the answers come in, or notes down what was said aloud), records the follow-up
 * agreements — what, who or "nog niet belegd", when, which kind — and the next meeting. A selected note
 * becomes an agreement in one step.
 */
import { useId, useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLNoteShape } from 'tldraw'
import type * as Y from 'yjs'
import { AGREEMENT_DUE_MAX_LENGTH, AGREEMENT_KINDS, AGREEMENT_TEXT_MAX_LENGTH, NEXT_MEETING_NOTE_MAX_LENGTH, type Agreement, type AgreementKind } from '../../../shared/board/agreements.ts'
import { COMMITMENT_LEVELS, COMMITMENT_QUESTION_MAX_LENGTH, commitmentTable, type CommitmentLevel } from '../../../shared/board/commitment.ts'
import { richTextToPlain } from '../../../shared/board/richText.ts'
import { organisationKey } from '../../../shared/protocol.ts'
import { useT } from '../../i18n/language.ts'
import { SidePanel } from '../../ui/SidePanel.tsx'
import { useNotice } from '../../ui/notice.ts'
import { agreementActions, commitmentActions, type AgreementDraft } from './actions.ts'
import { useAgreements, useCommitmentAnswers, useCommitmentRound, useOrganisations } from './useConcluding.ts'

export const CONCLUDING_PANEL = 'concluding'

/** The one note selected on the canvas, as text: what an agreement can be made from. */
function useSelectedNote(editor: Editor): { id: string; text: string } | null {
  return useValue(
    'selected note',
    () => {
      const shapes = editor.getSelectedShapes()
      if (shapes.length !== 1 || shapes[0].type !== 'note') return null
      const note = shapes[0] as TLNoteShape
      return { id: note.id, text: richTextToPlain(note.props.richText).trim() }
    },
    [editor],
  )
}

export function ConcludingPanel({ editor, doc, ownOrganisation, onClose }: { editor: Editor; doc: Y.Doc; ownOrganisation?: string; onClose(): void }) {
  const t = useT()
  return (
    <SidePanel title={t('concluding.title')} closeLabel={t('concluding.close')} onClose={onClose} className="concluding">
      <p className="concluding__intro">{t('concluding.intro')}</p>
      <CommitmentSection doc={doc} ownOrganisation={ownOrganisation} />
      <AgreementsSection editor={editor} doc={doc} ownOrganisation={ownOrganisation} />
      <NextMeetingSection doc={doc} />
    </SidePanel>
  )
}

function CommitmentSection({ doc, ownOrganisation }: { doc: Y.Doc; ownOrganisation?: string }) {
  const t = useT()
  const headingId = useId()
  const round = useCommitmentRound(doc)
  const answers = useCommitmentAnswers(doc)
  const organisations = useOrganisations(doc).filter((o) => !ownOrganisation || organisationKey(o.name) !== organisationKey(ownOrganisation))
  const [question, setQuestion] = useState('')
  const rows = commitmentTable(organisations, answers)
  const answered = rows.filter((r) => r.answer).length

  return (
    <section className="concluding__section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('concluding.commitment')}</h3>
      {round?.open ? (
        <div className="concluding__round">
          <p role="status">
            <strong>{t('concluding.asked')}</strong> {round.question || t('commitment.defaultQuestion')}
            <br />
            {t('concluding.answered', { count: answered, total: rows.length })}
          </p>
          <button type="button" className="button" onClick={() => commitmentActions.close(doc)}>
            {t('concluding.closeQuestion')}
          </button>
        </div>
      ) : (
        <form
          className="concluding__form"
          onSubmit={(e) => {
            e.preventDefault()
            commitmentActions.ask(doc, question)
          }}
        >
          <label>
            {t('concluding.question')}
            <input className="text-input" value={question} maxLength={COMMITMENT_QUESTION_MAX_LENGTH} placeholder={t('commitment.defaultQuestion')} onChange={(e) => setQuestion(e.target.value)} />
          </label>
          <button type="submit" className="button button--primary">
            {t(round ? 'concluding.askAgain' : 'concluding.ask')}
          </button>
        </form>
      )}
      {rows.length === 0 ? (
        <p>{t('concluding.noOrganisations')}</p>
      ) : (
        <table className="concluding__table">
          <thead>
            <tr>
              <th scope="col">{t('minutes.commitmentOrganisation')}</th>
              <th scope="col">{t('minutes.commitmentLevel')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ organisation, answer }) => (
              <tr key={organisationKey(organisation)}>
                <th scope="row">{organisation}</th>
                <td>
                  <select
                    aria-label={t('concluding.levelFor', { organisation })}
                    value={answer?.level ?? ''}
                    onChange={(e) => commitmentActions.noteDown(doc, organisation, (e.target.value || null) as CommitmentLevel | null, answer?.remark ?? '')}
                  >
                    <option value="">{t('commitment.noAnswer')}</option>
                    {COMMITMENT_LEVELS.map((level) => (
                      <option key={level} value={level}>
                        {t(`commitment.level.${level}`)}
                      </option>
                    ))}
                  </select>
                  {answer && (answer.remark || answer.name) && (
                    <p className="concluding__remark">
                      {answer.remark && <>“{answer.remark}” </>}
                      {answer.name && <span className="concluding__by">— {answer.name}</span>}
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

const EMPTY_DRAFT: AgreementDraft = { what: '', owner: null, due: '', kind: 'plan-of-approach', noteId: null }

function AgreementsSection({ editor, doc, ownOrganisation }: { editor: Editor; doc: Y.Doc; ownOrganisation?: string }) {
  const t = useT()
  const headingId = useId()
  const { items } = useAgreements(doc)
  const organisations = useOrganisations(doc).filter((o) => !ownOrganisation || organisationKey(o.name) !== organisationKey(ownOrganisation))
  const selected = useSelectedNote(editor)
  const [draft, setDraft] = useState<AgreementDraft>(EMPTY_DRAFT)
  const [editing, setEditing] = useState<string | null>(null)
  const [error, setError] = useState('')
  const fieldId = useId()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!draft.what.trim()) {
      setError(t('concluding.whatRequired'))
      return
    }
    const ok = editing ? agreementActions.update(doc, editing, draft) : agreementActions.add(doc, draft)
    if (!ok) {
      useNotice.getState().show(t('concluding.notSaved'))
      return
    }
    useNotice.getState().show(t(editing ? 'concluding.updated' : 'concluding.added'))
    setDraft(EMPTY_DRAFT)
    setEditing(null)
    setError('')
  }

  const edit = (a: Agreement) => {
    setEditing(a.id)
    setDraft({ what: a.what, owner: a.owner, due: a.due, kind: a.kind, noteId: a.noteId })
    setError('')
  }

  // An owner typed on an older agreement stays choosable even if that organisation never joined.
  const owners = [...organisations.map((o) => o.name)]
  if (draft.owner && !owners.some((o) => organisationKey(o) === organisationKey(draft.owner!))) owners.push(draft.owner)

  return (
    <section className="concluding__section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('minutes.agreements')}</h3>
      {selected && !editing && (
        <button type="button" className="button concluding__from-note" onClick={() => (setDraft({ ...draft, what: selected.text.slice(0, AGREEMENT_TEXT_MAX_LENGTH), noteId: selected.id }), setError(''))}>
          {t('concluding.fromNote', { text: selected.text.length > 40 ? `${selected.text.slice(0, 40)}…` : selected.text || '—' })}
        </button>
      )}
      <form className="concluding__form" onSubmit={submit} aria-label={t(editing ? 'concluding.editAgreement' : 'concluding.newAgreement')}>
        <label htmlFor={`${fieldId}-what`}>{t('minutes.agreementWhat')}</label>
        <textarea
          id={`${fieldId}-what`}
          className="text-input"
          rows={2}
          maxLength={AGREEMENT_TEXT_MAX_LENGTH}
          value={draft.what}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          placeholder={t('concluding.whatPlaceholder')}
          onChange={(e) => (setDraft({ ...draft, what: e.target.value }), setError(''))}
        />
        {error && (
          <p id={`${fieldId}-error`} className="form-error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor={`${fieldId}-who`}>{t('minutes.agreementWho')}</label>
        <select id={`${fieldId}-who`} value={draft.owner ?? ''} onChange={(e) => setDraft({ ...draft, owner: e.target.value || null })}>
          <option value="">{t('agreements.unassigned')}</option>
          {owners.map((name) => (
            <option key={organisationKey(name)} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor={`${fieldId}-when`}>{t('minutes.agreementWhen')}</label>
        <input
          id={`${fieldId}-when`}
          className="text-input"
          value={draft.due}
          maxLength={AGREEMENT_DUE_MAX_LENGTH}
          placeholder={t('concluding.whenPlaceholder')}
          onChange={(e) => setDraft({ ...draft, due: e.target.value })}
        />
        <label htmlFor={`${fieldId}-kind`}>{t('minutes.agreementKind')}</label>
        <select id={`${fieldId}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as AgreementKind })}>
          {AGREEMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`agreements.kind.${kind}`)}
            </option>
          ))}
        </select>
        <div className="concluding__buttons">
          <button type="submit" className="button button--primary">
            {t(editing ? 'concluding.save' : 'concluding.add')}
          </button>
          {(editing || draft.what) && (
            <button type="button" className="button" onClick={() => (setDraft(EMPTY_DRAFT), setEditing(null), setError(''))}>
              {t('concluding.cancel')}
            </button>
          )}
        </div>
      </form>
      {items.length === 0 ? (
        <p>{t('minutes.agreementsNone')}</p>
      ) : (
        <ul className="concluding__agreements" aria-label={t('minutes.agreements')}>
          {items.map((a) => (
            <li key={a.id} className="concluding__agreement">
              <p className="concluding__what">{a.what}</p>
              <p className="concluding__meta">
                <span className={a.owner ? undefined : 'concluding__unassigned'}>{a.owner ?? t('agreements.unassigned')}</span>
                {a.due && <> · {a.due}</>} · {t(`agreements.kind.${a.kind}`)}
              </p>
              <div className="concluding__buttons">
                <button type="button" className="button button--quiet" onClick={() => edit(a)} aria-label={t('concluding.editNamed', { what: a.what.slice(0, 60) })}>
                  {t('concluding.edit')}
                </button>
                <button type="button" className="button button--quiet" onClick={() => agreementActions.remove(doc, a.id)} aria-label={t('concluding.removeNamed', { what: a.what.slice(0, 60) })}>
                  {t('concluding.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function NextMeetingSection({ doc }: { doc: Y.Doc }) {
  const t = useT()
  const headingId = useId()
  const { nextMeeting } = useAgreements(doc)
  const [date, setDate] = useState(nextMeeting?.date ?? '')
  const [note, setNote] = useState(nextMeeting?.note ?? '')
  const changed = date !== (nextMeeting?.date ?? '') || note !== (nextMeeting?.note ?? '')
  return (
    <section className="concluding__section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('concluding.nextMeeting')}</h3>
      <form
        className="concluding__form"
        onSubmit={(e) => {
          e.preventDefault()
          if (agreementActions.setNextMeeting(doc, date || null, note)) useNotice.getState().show(t('concluding.nextSaved'))
        }}
      >
        <label>
          {t('concluding.nextDate')}
          <input type="date" className="text-input" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t('concluding.nextNote')}
          <input className="text-input" value={note} maxLength={NEXT_MEETING_NOTE_MAX_LENGTH} placeholder={t('concluding.nextNotePlaceholder')} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={!changed}>
          {t('concluding.save')}
        </button>
      </form>
    </section>
  )
}
