/** The awareness field that holds a client's tldraw presence record. */
export const PRESENCE_FIELD = 'presence'
