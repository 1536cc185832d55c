/** The board screen: a large, calm top bar over the shared tldraw canvas. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Box, Tldraw, atom, type TldrawOptions, createUserId, startEditingShapeWithRichText, useValue, UserRecordType, type Editor, type TLComponents, type TLUiOverrides, type TLUser } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'
import '../i18n/english.ts'
import { ORGANISATION_COLOUR_HEX } from '../../shared/protocol.ts'
import type { Person } from './person.ts'
import { clientConfig } from '../config.ts'
import { LANGUAGES, translate } from '../../shared/i18n/index.ts'
import { useLanguage, useT } from '../i18n/language.ts'
import { useConnection } from '../state/connection.ts'
import { rememberViewMode } from '../state/viewMode.ts'
import { useBoardSync } from '../sync/useBoardSync.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { describeError } from '../ui/errors.ts'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { addNoteInView, applyLanguage, setOrganisationColour, showShape, stampAuthorOnCreate } from './editorSetup.ts'
import { boardShapeUtils } from './shapes.ts'
import { SharePanel } from './SharePanel.tsx'
import { arrivalView, ZoomButtons } from './ZoomButtons.tsx'
import { useMediaQuery } from '../ui/useMediaQuery.ts'
import { PeoplePresent } from './PeoplePresent.tsx'
import { BoardSchemaError } from '../sync/schema.ts'
import { addNoteToZone, templateFrames, type ZoneChoice } from '../templates/render.ts'
import { TemplateControls } from '../templates/TemplateControls.tsx'
import { TemplatePicker } from '../templates/TemplatePicker.tsx'
import { ZonePicker } from '../templates/ZonePicker.tsx'
import { LockButton } from '../facilitator/LockButton.tsx'
import { useBoardLocked } from '../facilitator/useBoardLocked.ts'
import { protectOthersWork } from '../facilitator/protectWork.ts'
import { Notice } from '../ui/Notice.tsx'
import { FollowControls, FollowFacilitator } from '../facilitator/follow.tsx'
import { useVotingSync, VotingBanner, VotingControls, VotingResults } from '../facilitator/voting.tsx'
import { ProjectorCard } from '../facilitator/ProjectorCard.tsx'
import { MoreMenu } from '../facilitator/MoreMenu.tsx'
import { DeleteBoardButton, RetentionNote } from '../facilitator/DeleteBoard.tsx'
import { HISTORY_PANEL, HistoryButton, HistoryPanel } from '../facilitator/History.tsx'
import { RestoreNotice } from '../facilitator/RestoreNotice.tsx'
import { FilesMenu } from '../files/FilesMenu.tsx'
import { ExportMenu, PreparePdf } from '../export/ExportMenu.tsx'
import { ParticipantsButton, ParticipantsPanel } from '../facilitator/Participants.tsx'
import { useDisplayNamesSync } from '../facilitator/displayNames.ts'
import { PrivateRoundBanner, PrivateRoundControls, usePrivateRound, usePrivateWriting } from '../facilitator/privateWriting.tsx'
import { useNotice } from '../ui/notice.ts'
import { TimerControls, TimerDisplay, useTimer } from '../facilitator/Timer.tsx'
import { BoardSessionProvider } from '../session/BoardSession.tsx'
import { useOpenPanel, usePanel } from '../ui/PanelButton.tsx'
import { ConcludingPanel } from '../facilitator/concluding/ConcludingPanel.tsx'
import { CommitmentQuestion } from '../facilitator/concluding/CommitmentQuestion.tsx'
import { CanvasProgrammePanel, CanvasProgrammeStrip } from '../facilitator/programme/ProgrammeOnCanvas.tsx'
import { GROUPS_PANEL, GroupsButton, GroupsPanel } from '../facilitator/groups/GroupsPanel.tsx'
import { GroupBanner } from '../facilitator/groups/GroupBanner.tsx'
import { useMyGroup } from '../facilitator/groups/useGroups.ts'

// One page per board: the page menu would only invite confusion ("Page 1") on a workshop laptop.
const components: TLComponents = { PageMenu: null }

// Undo and redo in the menu at the top, never in the toolbar just above a phone's keyboard, where people
// tap to finish a note (and a tap on undo took the note just typed away).
const options: Partial<TldrawOptions> = { actionShortcutsLocation: 'menu' }

// tldraw's own sticky-note tool goes by the board's one name for a note ("Opmerking" in tldraw's Dutch).
const overrides: TLUiOverrides = {
  translations: Object.fromEntries(LANGUAGES.map((language) => [language, { 'tool.note': translate(language, 'board.noteTool') }])),
}

// Everything tldraw needs (fonts, icons, translations) comes from our own build: no CDN, no internet.
const assetUrls = getAssetUrlsByImport()

export type { Person }

const BOARD_PANELS = ['templates', 'zones', 'people', 'concluding'] as const
type BoardPanel = (typeof BOARD_PANELS)[number]

export interface BoardViewProps {
  /** Board id, or view id when read-only. */
  room: string
  /** Set for participants and the facilitator (not for viewers). */
  boardId?: string
  facilitatorKey?: string
  /** The token the server issued to this person at join (not for viewers). */
  participantToken?: string
  readonly: boolean
  title: string | null
  person?: Person
}

export function BoardView({ room, boardId, facilitatorKey, participantToken, readonly, title, person }: BoardViewProps) {
  const t = useT()
  const language = useLanguage((s) => s.language)
  const [editor, setEditor] = useState<Editor | null>(null)
  // The board's panels share one "open" slot with the facilitator's toolbar panels: one at a time.
  const [shareOpen, setShareOpen] = usePanel('share')
  const openPanel = useOpenPanel((s) => s.open)
  const panel = BOARD_PANELS.includes(openPanel as BoardPanel) ? (openPanel as BoardPanel) : null
  const setPanel = useCallback((next: BoardPanel | null | ((current: BoardPanel | null) => BoardPanel | null)) => {
    const current = useOpenPanel.getState().open as BoardPanel | null
    const wanted = typeof next === 'function' ? next(BOARD_PANELS.includes(current as BoardPanel) ? current : null) : next
    if (wanted) useOpenPanel.setState({ open: wanted })
    else if (BOARD_PANELS.includes(current as BoardPanel)) useOpenPanel.setState({ open: null })
  }, [])
  const [projector, setProjector] = useState(false)
  const status = useConnection((s) => s.status)
  // A phone or tablet: our own zoom buttons, as tldraw shows none there.
  const compact = useMediaQuery('(max-width: 700px), (pointer: coarse)')

  const user = useMemo(
    () =>
      atom<TLUser | null>(
        'waterlijn user',
        person
          ? UserRecordType.create({
              id: createUserId(person.authorId),
              name: `${person.author} (${person.organisation})`,
              color: ORGANISATION_COLOUR_HEX[person.colour],
              meta: { authorId: person.authorId, author: person.author, organisation: person.organisation, facilitator: !!facilitatorKey },
            })
          : null,
      ),
    [person?.authorId, person?.author, person?.organisation, person?.colour, facilitatorKey],
  )

  const sync = useBoardSync({ room, facilitatorKey, participantToken, readonly, user })

  const onMount = useCallback(
    (mounted: Editor) => {
      setEditor(mounted)
      applyLanguage(mounted, useLanguage.getState().language)
      if (!person) return
      mounted.user.updateUserPreferences({ name: `${person.author} (${person.organisation})`, color: ORGANISATION_COLOUR_HEX[person.colour] })
      setOrganisationColour(mounted, person.colour)
      // A partner starts on what the facilitator shows, or the whole board.
      if (!facilitatorKey) arrivalView(mounted)
      const unstamp = stampAuthorOnCreate(mounted, { authorId: person.authorId, author: person.author, organisation: person.organisation })
      const unprotect = facilitatorKey
        ? () => {}
        : protectOthersWork(mounted, { role: 'participant', authorId: person.authorId, name: person.author, organisation: person.organisation }, (reason) =>
            useNotice.getState().show(t(reason === 'template' ? 'template.protected' : 'protect.others')),
          )
      return () => {
        unstamp()
        unprotect()
      }
    },
    [person?.authorId, person?.author, person?.organisation, person?.colour, facilitatorKey, t],
  )

  useEffect(() => {
    if (editor) applyLanguage(editor, language)
  }, [editor, language])

  const hasTemplates = useValue('has templates', () => !!editor && templateFrames(editor).length > 0, [editor])
  const locked = useBoardLocked(sync.phase === 'ready' ? sync.doc : null)
  const timer = useTimer(sync.phase === 'ready' ? sync.doc : null)
  useVotingSync(sync.phase === 'ready' ? sync.doc : null, !readonly && boardId && participantToken ? { boardId, token: participantToken } : null)
  const privateRound = usePrivateRound(sync.phase === 'ready' ? sync.doc : null)
  useDisplayNamesSync(sync.phase === 'ready' ? sync.doc : null)
  usePrivateWriting(editor, privateRound, room, !readonly && !facilitatorKey)
  const myGroup = useMyGroup(sync.phase === 'ready' ? sync.doc : null, facilitatorKey ? null : person?.authorId)
  /** A partner on a closed board looks but no longer changes anything (the server refuses it anyway). */
  const closedToMe = locked && !facilitatorKey
  useEffect(() => {
    if (editor && !readonly) editor.updateInstanceState({ isReadonly: closedToMe })
  }, [editor, closedToMe, readonly])

  // With templates on the board, a partner first says where the note belongs.
  const addNote = () => {
    if (!editor || !person) return
    if (hasTemplates) setPanel((p) => (p === 'zones' ? null : 'zones'))
    else addNoteInView(editor, person.colour)
  }

  const addNoteInZone = (choice: ZoneChoice) => {
    setPanel(null)
    if (!editor || !person) return
    editor.markHistoryStoppingPoint('add note')
    editor.setCurrentTool('select')
    const id = addNoteToZone(editor, choice.frameId, choice.zone.id, person.colour, language)
    if (id === 'full') {
      useNotice.getState().show(t('zones.full', { zone: choice.zone.label }))
      return
    }
    if (!id) return
    editor.select(id)
    const frame = editor.getShapePageTransform(choice.frameId)
    const area = choice.zone.area
    const corners = [frame.applyToPoint({ x: area.x, y: area.y }), frame.applyToPoint({ x: area.x + area.w, y: area.y + area.h })]
    showShape(editor, id, Box.FromPoints(corners))
    startEditingShapeWithRichText(editor, id)
  }

  const closePanel = useCallback(() => setPanel(null), [])

  // Just joined: the keyboard lands on the one thing a partner came to do, not on the page body.
  const addNoteButton = useRef<HTMLButtonElement>(null)
  const focusedOnce = useRef(false)
  useEffect(() => {
    if (!editor || focusedOnce.current || !addNoteButton.current) return
    focusedOnce.current = true
    addNoteButton.current.focus()
  }, [editor])

  // Projector mode: tldraw's focus mode hides its own chrome; ours is hidden by the class on the board.
  useEffect(() => {
    if (!editor) return
    editor.updateInstanceState({ isFocusMode: projector })
    if (!projector) return
    setPanel(null)
    setShareOpen(false)
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setProjector(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [editor, projector])

  const closeShare = useCallback(() => setShareOpen(false), [])

  const page = (
    <div className={`board${projector ? ' board--projector' : ''}`}>
      <header className="topbar">
        <div className="topbar__heading">
          <div className="topbar__title">
            <a className="topbar__home" href="/" title={t('board.home')}>
              {t('app.name')}
            </a>
            <h1 className="topbar__board-title">{title ?? ''}</h1>
            {readonly && <span className="badge badge--readonly">{t('board.readonly')}</span>}
          </div>
          <div className="topbar__subline">
            {facilitatorKey && <span className="badge badge--facilitator">{t('board.facilitator')}</span>}
            <ConnectionIndicator />
            <TimerDisplay timer={timer} withSound={!!facilitatorKey} />
            {person && (
              <span className="person-chip">
                <span className="person-chip__swatch" style={{ background: ORGANISATION_COLOUR_HEX[person.colour] }} aria-hidden="true" />
                {t('board.you', { name: person.author, organisation: person.organisation })}
              </span>
            )}
          </div>
        </div>
        <div className="topbar__actions">
          {editor && <PeoplePresent editor={editor} />}
          {facilitatorKey && boardId && (
            <button type="button" className="button" aria-expanded={shareOpen} onClick={() => setShareOpen((o) => !o)}>
              {t('board.share')}
            </button>
          )}
          <LanguageSwitch />
          {(person || readonly) && (
            <button
              type="button"
              className="button"
              onClick={() => {
                // A fresh page for the list: the canvas and everything it loaded (fonts still arriving
                // included) go at once, instead of being torn down under tldraw's feet.
                rememberViewMode('list')
                window.location.reload()
              }}
            >
              {t('board.toList')}
            </button>
          )}
          {!readonly && !closedToMe && person && (
            <button ref={addNoteButton} type="button" className="button button--primary button--add-note" onClick={addNote} disabled={!editor}>
              <span aria-hidden="true" className="button__plus">
                +
              </span>
              {t('board.addNote')}
            </button>
          )}
        </div>
      </header>
      {facilitatorKey && boardId && editor && person && sync.phase === 'ready' && (
        // The facilitator's tools in a row of their own, so the top bar stays readable on a laptop.
        <nav className="facilitator-bar" aria-label={t('board.facilitatorTools')}>
          <button type="button" className="button" aria-expanded={panel === 'templates'} onClick={() => setPanel((p) => (p === 'templates' ? null : 'templates'))}>
            {t('templates.button')}
          </button>
          <ParticipantsButton editor={editor} open={panel === 'people'} onOpen={() => setPanel((p) => (p === 'people' ? null : 'people'))} />
          <TimerControls timer={timer} />
          <FollowControls editor={editor} userId={createUserId(person.authorId)} />
          <VotingControls />
          <PrivateRoundControls round={privateRound} />
          <button type="button" className="button" onClick={() => setProjector(true)}>
            {t('projector.button')}
          </button>
          {/* A closed board keeps its way back open in plain sight. */}
          {locked && <LockButton boardId={boardId} facilitatorKey={facilitatorKey} locked={locked} />}
          {/* What a facilitator needs before or after a session, not during it. */}
          <PreparePdf />
          <MoreMenu>
            <HistoryButton />
            <FilesMenu editor={editor} title={title ?? ''} boardId={boardId} facilitatorKey={facilitatorKey} />
            <ExportMenu editor={editor} doc={sync.doc} title={title ?? ''} boardId={boardId} facilitatorKey={facilitatorKey} />
            {!locked && <LockButton boardId={boardId} facilitatorKey={facilitatorKey} locked={locked} />}
            <DeleteBoardButton boardId={boardId} facilitatorKey={facilitatorKey} title={title ?? ''} />
            <RetentionNote boardId={boardId} facilitatorKey={facilitatorKey} />
          </MoreMenu>
        </nav>
      )}

      {editor && sync.phase === 'ready' && (
        // The shape of the meeting in one row for the facilitator: the programme, the groups, the concluding part.
        <CanvasProgrammeStrip editor={editor} facilitator={!!facilitatorKey && !readonly}>
          {facilitatorKey && person && (
            <>
              <GroupsButton />
              <button type="button" className="button" aria-expanded={panel === 'concluding'} onClick={() => setPanel((p) => (p === 'concluding' ? null : 'concluding'))}>
                {t('concluding.button')}
              </button>
            </>
          )}
        </CanvasProgrammeStrip>
      )}
      {locked && (
        <p className="closed-banner" role="status">
          {facilitatorKey ? t('lock.closedFacilitator') : t('lock.closed')}
        </p>
      )}
      <Notice />
      <RestoreNotice doc={sync.phase === 'ready' ? sync.doc : null} />
      <VotingBanner forRoom={projector} />
      <PrivateRoundBanner round={privateRound} facilitator={!!facilitatorKey} />
      {!facilitatorKey && editor && sync.phase === 'ready' && <FollowFacilitator editor={editor} doc={sync.doc} />}
      {!facilitatorKey && editor && person && sync.phase === 'ready' && <GroupBanner editor={editor} doc={sync.doc} authorId={person.authorId} />}
      <main className="board__canvas">
        {sync.phase === 'loading' &&
          (status === 'refused' ? (
            <p className="board__message form-error" role="alert">
              {t('connection.refused')}
            </p>
          ) : (
            <p className="board__message">{t('board.loading')}</p>
          ))}
        {sync.phase === 'error' && (
          <p className="board__message form-error" role="alert">
            {sync.error instanceof BoardSchemaError && sync.error.newerVersion ? t('error.newerVersion') : describeError(sync.error, t)}
          </p>
        )}
        {sync.phase === 'ready' && (
          <Tldraw
            store={sync.store}
            shapeUtils={boardShapeUtils}
            assetUrls={assetUrls}
            licenseKey={clientConfig().tldrawLicenseKey ?? undefined}
            locale={language}
            onMount={onMount}
            options={options}
            overrides={overrides}
            components={components}
          />
        )}
        {shareOpen && boardId && facilitatorKey && <SharePanel boardId={boardId} facilitatorKey={facilitatorKey} onClose={closeShare} />}
        {panel === 'templates' && editor && sync.phase === 'ready' && <TemplatePicker editor={editor} doc={sync.doc} ownOrganisation={person?.organisation} onClose={closePanel} />}
        {panel === 'zones' && editor && person && (
          <ZonePicker editor={editor} group={myGroup} onPick={addNoteInZone} onLoose={() => (setPanel(null), addNoteInView(editor, person.colour))} onClose={closePanel} />
        )}
        {editor && compact && !projector && <ZoomButtons editor={editor} />}
        {facilitatorKey && editor && sync.phase === 'ready' && <TemplateControls editor={editor} doc={sync.doc} />}
        {editor && <VotingResults editor={editor} />}
        {panel === 'concluding' && editor && sync.phase === 'ready' && <ConcludingPanel editor={editor} doc={sync.doc} ownOrganisation={person?.organisation} onClose={closePanel} />}
        {!facilitatorKey && !closedToMe && person && sync.phase === 'ready' && !projector && <CommitmentQuestion doc={sync.doc} person={person} variant="card" />}
        {panel === 'people' && editor && boardId && facilitatorKey && sync.phase === 'ready' && (
          <ParticipantsPanel editor={editor} boardId={boardId} facilitatorKey={facilitatorKey} onClose={closePanel} />
        )}
        {openPanel === GROUPS_PANEL && editor && sync.phase === 'ready' && (
          <GroupsPanel editor={editor} ownAuthorId={person?.authorId} ownOrganisation={person?.organisation} onClose={() => useOpenPanel.setState({ open: null })} />
        )}
        {openPanel === HISTORY_PANEL && boardId && facilitatorKey && (
          <HistoryPanel boardId={boardId} facilitatorKey={facilitatorKey} onClose={() => useOpenPanel.setState({ open: null })} />
        )}
        {facilitatorKey && editor && sync.phase === 'ready' && <CanvasProgrammePanel editor={editor} />}
        {projector && editor && boardId && facilitatorKey && <ProjectorCard editor={editor} boardId={boardId} facilitatorKey={facilitatorKey} timer={timer} ownOrganisation={person?.organisation} onExit={() => setProjector(false)} />}
      </main>
    </div>
  )
  return sync.phase === 'ready' ? (
    <BoardSessionProvider doc={sync.doc} store={sync.store}>
      {page}
    </BoardSessionProvider>
  ) : (
    page
  )
}
