export interface RenderFailureText {
  /** "The CONFIGURE tab stopped working" */
  title: string
  /** The error in its own words ("RangeError: Maximum call stack size exceeded"), for a bug report. */
  detail: string
  /** What the user can do now. */
  hint: string
}

const MAX_DETAIL = 2000

/**
 * The production build of React gives codes, not words. The one a bad reply causes most (an object
 * where text was expected) is put in words; its URL stays for the others.
 */
function reactInWords(message: string): string {
  const m = /^Minified React error #31; visit (\S+?)(?: for the full message|$)/.exec(message)
  if (!m?.[1]) return message
  let shown = 'an object'
  try {
    shown = new URL(m[1]).searchParams.getAll('args[]')[0] ?? shown
  } catch {
    // keep the general words
  }
  return `Data arrived in a shape this part cannot show: ${shown} where text or a number was expected.`
}

/** What an error boundary says about `what` (as the user knows it) after `error` was thrown in it. */
export function renderFailureText(what: string, error: unknown): RenderFailureText {
  const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} stopped working`
  let detail: string
  if (error instanceof Error) {
    detail = error.message ? `${error.name}: ${reactInWords(error.message)}` : error.name
  } else if (typeof error === 'string') {
    detail = error
  } else {
    try {
      detail = `Something that is not an error was thrown: ${JSON.stringify(error) ?? String(error)}`
    } catch {
      detail = `Something that is not an error was thrown: ${String(error)}`
    }
  }
  if (detail.length > MAX_DETAIL) detail = `${detail.slice(0, MAX_DETAIL)}…`
  return {
    title,
    detail,
    hint: 'The rest of Fleetdesk keeps working, and edits already saved are kept on this computer. Try again; if it fails the same way, note what you did just before and report it with this message.',
  }
}
