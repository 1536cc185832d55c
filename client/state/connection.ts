/** Connection state of the open board (zustand): what the calm indicator in the top bar shows. */
import { create } from 'zustand'

/**
 * connecting: before the first contact with the server;
 * online: connected and synced, every change goes straight to the server;
 * offline: no server; changes are kept in this browser and sent on reconnect;
 * closed: the server closed the board for good (deleted or unloadable);
 * refused: the server closed this link because its facilitator key is wrong (close code 4401);
 * removed: the facilitator removed this connection (close code 4403);
 * blocked: this connection kept making changes the board does not allow (close code 4409);
 * full: the board reached its largest size, the last change was not taken (close code 4413);
 * crowded: the board or this network has as many connections as the server takes (close code 4429);
 * deleted: the board was deleted, by its facilitator or after the retention period (close code 4410).
 */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'closed' | 'refused' | 'removed' | 'blocked' | 'full' | 'crowded' | 'deleted'

interface ConnectionState {
  status: ConnectionStatus
  setStatus(status: ConnectionStatus): void
}

export const useConnection = create<ConnectionState>()((set) => ({
  status: 'connecting',
  setStatus: (status) => set({ status }),
}))
