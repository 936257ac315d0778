import type { SerialLineEnding } from '../../../shared/api/serialViews'
import { assertNever } from '../../../shared/errors/CoreError'

/** What "send line" appends to the typed text. */
export function lineEndingText(ending: SerialLineEnding): string {
  switch (ending) {
    case 'none':
      return ''
    case 'lf':
      return '\n'
    case 'cr':
      return '\r'
    case 'crlf':
      return '\r\n'
    default:
      return assertNever(ending)
  }
}
