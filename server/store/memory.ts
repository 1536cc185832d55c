/** In-memory BoardStore: a second implementation of the interface, for tests and benchmarks. */
import type { BoardStore, NewVersion, StoredBoard, StoredParticipant, StoredUpdates, StoredVersion } from './types.ts'

export class MemoryStore implements BoardStore {
  private boards = new Map<string, StoredBoard>()
  private updates = new Map<string, { seq: number; data: Uint8Array }[]>()
  private participants = new Map<string, Map<string, StoredParticipant>>()
  /** board id → round id → voter id → dots. */
  private votes = new Map<string, Map<string, Map<string, string[]>>>()
  /** Id or view id of a deleted board → when. */
  private deleted = new Map<string, string>()
  /** board id → its versions, oldest first. */
  private versions = new Map<string, { version: StoredVersion; snapshot: Uint8Array }[]>()
  private lastVersionIds = new Map<string, number>()

  async createBoard(board: StoredBoard, initialUpdate: Uint8Array): Promise<void> {
    if (this.boards.has(board.id) || [...this.boards.values()].some((b) => b.viewId === board.viewId || (!!board.joinCode && b.joinCode === board.joinCode))) {
      throw new Error('a board with this id, view id or join code exists')
    }
    this.boards.set(board.id, { ...board })
    this.updates.set(board.id, [{ seq: 1, data: initialUpdate.slice() }])
  }

  async getBoard(id: string): Promise<StoredBoard | undefined> {
    const b = this.boards.get(id)
    return b && { ...b }
  }

  async getBoardByViewId(viewId: string): Promise<StoredBoard | undefined> {
    for (const b of this.boards.values()) if (b.viewId === viewId) return { ...b }
    return undefined
  }

  async getBoardByJoinCode(code: string): Promise<StoredBoard | undefined> {
    for (const b of this.boards.values()) if (b.joinCode === code) return { ...b }
    return undefined
  }

  async setJoinCode(id: string, code: string): Promise<void> {
    if ([...this.boards.values()].some((b) => b.joinCode === code && b.id !== id)) throw new Error('a board with this join code exists')
    const b = this.boards.get(id)
    if (b) b.joinCode = code
  }

  async setLocked(id: string, locked: boolean): Promise<void> {
    const b = this.boards.get(id)
    if (b) b.locked = locked
  }

  async loadUpdates(id: string): Promise<StoredUpdates> {
    const list = this.updates.get(id) ?? []
    return { updates: list.map((u) => u.data.slice()), lastSeq: list.length ? list[list.length - 1].seq : 0 }
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    const list = this.updates.get(id)
    if (!list) throw new Error(`unknown board ${id}`)
    const seq = (list.length ? list[list.length - 1].seq : 0) + 1
    list.push({ seq, data: update.slice() })
    return seq
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    const list = this.updates.get(id)
    if (!list) return
    this.updates.set(id, [{ seq: uptoSeq, data: snapshot.slice() }, ...list.filter((u) => u.seq > uptoSeq)])
  }

  async saveParticipant(boardId: string, participant: StoredParticipant): Promise<void> {
    if (!this.boards.has(boardId)) throw new Error(`unknown board ${boardId}`)
    let list = this.participants.get(boardId)
    if (!list) this.participants.set(boardId, (list = new Map()))
    const before = list.get(participant.authorId)
    list.set(participant.authorId, { ...participant, tokenHash: before?.tokenHash ?? participant.tokenHash, joinedAt: before?.joinedAt ?? participant.joinedAt })
  }

  async findParticipant(boardId: string, tokenHash: string): Promise<StoredParticipant | undefined> {
    for (const p of this.participants.get(boardId)?.values() ?? []) if (p.tokenHash === tokenHash) return { ...p }
    return undefined
  }

  async saveVote(boardId: string, roundId: string, voterId: string, dots: readonly string[]): Promise<void> {
    if (!this.boards.has(boardId)) throw new Error(`unknown board ${boardId}`)
    let rounds = this.votes.get(boardId)
    if (!rounds) this.votes.set(boardId, (rounds = new Map()))
    let round = rounds.get(roundId)
    if (!round) rounds.set(roundId, (round = new Map()))
    round.set(voterId, [...dots])
  }

  async loadVotes(boardId: string, roundId: string): Promise<Map<string, string[]>> {
    const round = this.votes.get(boardId)?.get(roundId)
    return new Map([...(round ?? [])].map(([voter, dots]) => [voter, [...dots]]))
  }

  async touchBoard(id: string, at: string): Promise<void> {
    const b = this.boards.get(id)
    if (b) b.lastOpenedAt = at
  }

  async setRetainUntil(id: string, until: string): Promise<void> {
    const b = this.boards.get(id)
    if (b) b.retainUntil = until
  }

  async boardsToExpire(openedBefore: string, now: string): Promise<string[]> {
    return [...this.boards.values()]
      .filter((b) => (b.lastOpenedAt ?? b.createdAt) < openedBefore && (!b.retainUntil || b.retainUntil < now))
      .map((b) => b.id)
  }

  async deleteBoards(ids: readonly string[], deletedAt: string): Promise<string[]> {
    const deleted: string[] = []
    for (const id of ids) {
      const b = this.boards.get(id)
      if (!b) continue
      this.boards.delete(id)
      this.updates.delete(id)
      this.participants.delete(id)
      this.votes.delete(id)
      this.versions.delete(id)
      this.deleted.set(b.id, deletedAt)
      this.deleted.set(b.viewId, deletedAt)
      deleted.push(id)
    }
    return deleted
  }

  async deletedAt(idOrViewId: string): Promise<string | undefined> {
    return this.deleted.get(idOrViewId)
  }

  async saveVersion(boardId: string, version: NewVersion, snapshot: Uint8Array): Promise<StoredVersion> {
    if (!this.boards.has(boardId)) throw new Error(`unknown board ${boardId}`)
    let list = this.versions.get(boardId)
    if (!list) this.versions.set(boardId, (list = []))
    const id = (this.lastVersionIds.get(boardId) ?? 0) + 1
    this.lastVersionIds.set(boardId, id)
    const stored: StoredVersion = { ...version, changes: { ...version.changes }, id, bytes: snapshot.byteLength }
    list.push({ version: stored, snapshot: snapshot.slice() })
    return { ...stored, changes: { ...stored.changes } }
  }

  async listVersions(boardId: string): Promise<StoredVersion[]> {
    return (this.versions.get(boardId) ?? []).map(({ version }) => ({ ...version, changes: { ...version.changes } }))
  }

  async loadVersion(boardId: string, versionId: number): Promise<{ version: StoredVersion; snapshot: Uint8Array } | undefined> {
    const found = this.versions.get(boardId)?.find((v) => v.version.id === versionId)
    return found && { version: { ...found.version, changes: { ...found.version.changes } }, snapshot: found.snapshot.slice() }
  }

  async deleteVersions(boardId: string, versionIds: readonly number[]): Promise<void> {
    const list = this.versions.get(boardId)
    if (!list) return
    const gone = new Set(versionIds)
    this.versions.set(boardId, list.filter((v) => !gone.has(v.version.id)))
  }

  async storedBytes(id: string): Promise<number> {
    return (this.updates.get(id) ?? []).reduce((n, u) => n + u.data.byteLength, 0)
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
