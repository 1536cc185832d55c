import { useNotice } from './notice.ts'

export function Notice() {
  const message = useNotice((s) => s.message)
  return (
    <div className="notice" role="alert" aria-live="assertive">
      {message}
    </div>
  )
}
