/**
 * Which instance a board lives on, when several serve the boards behind a load balancer: the balancer
 * hashes the board id's route key (ROUTE_KEY_LENGTH in shared/protocol.ts). A page opened by view id
 * does not know the board id, and must not: it asks the server for the route key and sends it along.
 */
import { Paths } from '../../shared/protocol.ts'
import { api } from '../api.ts'

const known = new Map<string, string>()

/** Keeps the route key the server gave for this board or view id (`BoardInfo.route`). */
export function rememberRoute(room: string, route: string | undefined): void {
  if (route) known.set(room, route)
}

/** The query parameters that bring a connection for `room` to its board's instance. */
export function routeParams(room: string): Record<string, string> {
  const route = known.get(room)
  return route ? { [Paths.routeParam]: route } : {}
}

/** Asks the server for the route key (after the board's instance said "not me" and none was known). */
export async function lookUpRoute(room: string): Promise<Record<string, string>> {
  if (!known.has(room)) {
    try {
      rememberRoute(room, (await api.boardInfo(room)).route)
    } catch {
      // Offline or refused: the next attempt asks again.
    }
  }
  return routeParams(room)
}
