/** Turns an API failure into a sentence for the person in front of the screen. */
import { NAME_MAX_LENGTH } from '../../shared/protocol.ts'
import { ApiError } from '../api.ts'
import type { Translate } from '../i18n/language.ts'

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const f = error.failure
    switch (f.kind) {
      case 'unreachable':
        return t('error.unreachable')
      case 'not-found':
        return t('error.boardNotFound')
      case 'deleted':
        return t('board.deleted')
      case 'forbidden':
        return t('error.viewLinkCannotJoin')
      case 'invalid':
        return t('join.error.tooLong', { max: NAME_MAX_LENGTH })
      case 'closed':
        return t('join.error.closed')
      case 'full':
        return t('join.error.organisationsFull')
      case 'rate-limited':
        return t('error.tooManyRequests', { count: f.retryAfterSeconds })
      case 'server':
        return t('error.server', { status: f.status })
    }
  }
  return t('error.boardLoad', { message: error instanceof Error ? error.message : String(error) })
}
