/**
 * Groups per sub-theme (seed 003, step 5: "uiteen in groepen over deelthema's"): the facilitator splits
 * the partners into 2 to 8 groups, each with a sub-theme and its own copy of a template (a frame named
 * after the sub-theme). Stored in the board map's `groups`, written by the facilitator.
 */
import { isAuthorId, organisationKey } from '../protocol.ts'

export const MIN_GROUPS = 2
export const MAX_GROUPS = 8
export const GROUP_NAME_MAX_LENGTH = 80
const MAX_MEMBERS = 500

export interface Group {
  id: string
  /** The sub-theme, e.g. "Wonen en zorg"; also the name of the group's frame. */
  name: string
  /** Author ids of the partners in this group. */
  members: string[]
  /** The group's own template frame (shape id), once placed. */
  frameId: string | null
}

export interface GroupsState {
  /** Changes with every new split, so a page can tell a new one from an edit. */
  id: string
  /** True while the groups work apart; false after "back to the plenary" (the groups stay for the minutes). */
  active: boolean
  groups: Group[]
}

export interface Partner {
  authorId: string
  name: string
  organisation: string
}

/**
 * Splits partners evenly into `count` groups with every organisation spread over them: the partners,
 * organisation by organisation (largest first), are dealt round the groups in turn. Group sizes differ
 * by at most one, and an organisation with n people is in min(n, count) groups.
 */
export function assignEvenly(partners: readonly Partner[], count: number): string[][] {
  const n = Math.max(1, Math.floor(count))
  const byOrganisation = new Map<string, Partner[]>()
  for (const partner of partners) {
    const key = organisationKey(partner.organisation)
    byOrganisation.set(key, [...(byOrganisation.get(key) ?? []), partner])
  }
  const ordered = [...byOrganisation.entries()]
    .sort(([a, pa], [b, pb]) => pb.length - pa.length || a.localeCompare(b, 'nl'))
    .flatMap(([, people]) => [...people].sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.authorId.localeCompare(b.authorId)))
  const groups: string[][] = Array.from({ length: n }, () => [])
  ordered.forEach((partner, i) => groups[i % n].push(partner.authorId))
  return groups
}

/** Moves one partner to another group (by hand); `groupId` null takes them out of every group. */
export function movePartner(state: GroupsState, authorId: string, groupId: string | null): GroupsState {
  return {
    ...state,
    groups: state.groups.map((g) => {
      const members = g.members.filter((m) => m !== authorId)
      return { ...g, members: g.id === groupId ? [...members, authorId] : members }
    }),
  }
}

/** The group this partner is in while the groups work apart, else null. */
export function groupOf(state: GroupsState | null, authorId: string | null | undefined): Group | null {
  if (!state || !state.active || !authorId) return null
  return state.groups.find((g) => g.members.includes(authorId)) ?? null
}

/** The group whose frame this is (active or not: the minutes name the group), else null. */
export function groupOfFrame(state: GroupsState | null, frameId: string): Group | null {
  return state?.groups.find((g) => g.frameId === frameId) ?? null
}

/** Frames in the order a partner is offered them: their group's frame first, the rest as they were. */
export function ownGroupFirst<T extends { id: string }>(frames: readonly T[], group: Group | null): T[] {
  if (!group?.frameId) return [...frames]
  const own = frames.filter((f) => f.id === group.frameId)
  return [...own, ...frames.filter((f) => f.id !== group.frameId)]
}

// -------------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function isGroup(v: unknown): v is Group {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    v.id.length > 0 &&
    v.id.length <= 64 &&
    typeof v.name === 'string' &&
    v.name.trim().length > 0 &&
    v.name.length <= GROUP_NAME_MAX_LENGTH &&
    Array.isArray(v.members) &&
    v.members.length <= MAX_MEMBERS &&
    v.members.every(isAuthorId) &&
    (v.frameId === null || (typeof v.frameId === 'string' && v.frameId.startsWith('shape:') && v.frameId.length <= 100))
  )
}

/** Groups as the rule table accepts them: 2 to 8, unique ids, nobody in two groups, a frame for one group only. */
export function isGroupsState(v: unknown): v is GroupsState {
  if (!isObject(v) || typeof v.id !== 'string' || v.id.length === 0 || v.id.length > 64 || typeof v.active !== 'boolean') return false
  if (!Array.isArray(v.groups) || v.groups.length < MIN_GROUPS || v.groups.length > MAX_GROUPS || !v.groups.every(isGroup)) return false
  const groups = v.groups as Group[]
  if (new Set(groups.map((g) => g.id)).size !== groups.length) return false
  const members = groups.flatMap((g) => g.members)
  if (new Set(members).size !== members.length) return false
  const frames = groups.map((g) => g.frameId).filter((f) => f !== null)
  return new Set(frames).size === frames.length
}
