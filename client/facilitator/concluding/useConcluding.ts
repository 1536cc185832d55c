/** The commitment question and answers, and the agreements, as they change. */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { isAgreements, NO_AGREEMENTS, type Agreements } from '../../../shared/board/agreements.ts'
import { isCommitmentAnswer, isCommitmentRound, type CommitmentAnswer, type CommitmentRound } from '../../../shared/board/commitment.ts'
import { BoardMapKeys, DocKeys, type OrganisationEntry } from '../../../shared/protocol.ts'
import { useBoardMapValue } from '../boardMap.ts'

export function useCommitmentRound(doc: Y.Doc | null): CommitmentRound | null {
  return useBoardMapValue(doc, BoardMapKeys.commitment, (v) => (isCommitmentRound(v) ? v : null))
}

export function useAgreements(doc: Y.Doc | null): Agreements {
  return useBoardMapValue(doc, BoardMapKeys.agreements, (v) => (isAgreements(v) ? v : NO_AGREEMENTS))
}

/** A shared map's entries as they change (read through `read`, which drops what it cannot use). */
function useMapEntries<T>(doc: Y.Doc | null, name: string, read: (value: unknown) => value is T): [string, T][] {
  const [entries, setEntries] = useState<[string, T][]>([])
  useEffect(() => {
    if (!doc) return
    const map = doc.getMap<unknown>(name)
    const update = () => setEntries([...map.entries()].filter((e): e is [string, T] => read(e[1])))
    update()
    map.observe(update)
    return () => map.unobserve(update)
  }, [doc, name])
  return entries
}

export function useCommitmentAnswers(doc: Y.Doc | null): [string, CommitmentAnswer][] {
  return useMapEntries(doc, DocKeys.commitments, isCommitmentAnswer)
}

const isOrganisation = (v: unknown): v is OrganisationEntry => !!v && typeof v === 'object' && typeof (v as OrganisationEntry).name === 'string'

/** The organisations on the board, in order of arrival. */
export function useOrganisations(doc: Y.Doc | null): OrganisationEntry[] {
  return useMapEntries(doc, DocKeys.organisations, isOrganisation)
    .map(([, o]) => o)
    .sort((a, b) => a.index - b.index)
}
