/** Capabilities instead of accounts: unguessable ids and a facilitator key stored only as a hash. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../shared/joinCode.ts'

/** 128 random bits, URL-safe (22 characters). */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url')
}

/** 256 random bits, URL-safe. */
export function newFacilitatorKey(): string {
  return randomBytes(32).toString('base64url')
}

/** An author id the server hands a person at join: 128 random bits, URL-safe. */
export const newAuthorId = newBoardId

/** A participant's secret token: 256 random bits, URL-safe; stored only as its hash. */
export const newParticipantToken = newFacilitatorKey

/** The key has 256 bits of entropy, so a plain SHA-256 is enough: there is nothing to brute-force. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Keys and tokens are stored as this hash (hex). */
export function hashToken(token: string): string {
  return hashKey(token)
}

export function keyMatches(key: string | null | undefined, storedHash: string): boolean {
  if (!key) return false
  const a = Buffer.from(hashKey(key), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Ids we hand out are base64url; anything else cannot be a board and is refused without a lookup. */
export function looksLikeId(value: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(value)
}

/** A short join code (shared/joinCode.ts): uniform over the alphabet, from the system's random source. */
export function newJoinCode(): string {
  return Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('')
}
