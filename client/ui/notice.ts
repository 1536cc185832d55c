/** A short message for the person at this screen ("that is not yours to change"), gone after a few seconds. */
import { create } from 'zustand'

interface NoticeState {
  message: string | null
  show(message: string): void
}

let timer: ReturnType<typeof setTimeout> | null = null

export const useNotice = create<NoticeState>((set) => ({
  message: null,
  show(message) {
    if (timer) clearTimeout(timer)
    set({ message })
    timer = setTimeout(() => set({ message: null }), 5000)
  },
}))
