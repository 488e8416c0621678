import type { ReactNode } from 'react'

/** The form's own error (not tied to a field); role="alert" so it is announced when it appears. */
export default function FormError({ children }: { children?: ReactNode }) {
  if (!children) {
    return null
  }
  return (
    <div id="form-error" role="alert" className="form-error">
      {children}
    </div>
  )
}
