/**
 * The short join code a person reads from the projector and types: six characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L), shown as two groups ("K7M-4QX"), read case-insensitively and
 * with or without the dash or spaces.
 */

export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const JOIN_CODE_LENGTH = 6

/** The code in its stored form (upper case, no separators), or null when it cannot be a join code. */
export function normaliseJoinCode(input: string): string | null {
  const code = input.normalize('NFKC').toUpperCase().replace(/[\s\-–—.]/g, '')
  if (code.length !== JOIN_CODE_LENGTH) return null
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return null
  return code
}

/** "K7M4QX" → "K7M-4QX": two groups, as the projector shows it. */
export function formatJoinCode(code: string): string {
  const half = Math.ceil(code.length / 2)
  return `${code.slice(0, half)}-${code.slice(half)}`
}
