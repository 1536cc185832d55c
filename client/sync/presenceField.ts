/** The awareness field that holds a client's tldraw presence record. */
export const PRESENCE_FIELD = 'presence'

/** The presence meta key under which a partner says how many private notes wait on their laptop. */
export const PRIVATE_NOTES_META_KEY = 'privateNotes'
