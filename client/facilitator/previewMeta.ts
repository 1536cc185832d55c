/** Marks the editor of a version looked at in the history, so what the board draws for the live round (vote buttons) stays off it. */
export const PREVIEW_META = 'waterlijnPreview'
