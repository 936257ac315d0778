// One call to the hub with the part's credentials. Every failure (no answer, a timeout, a status
// the caller did not expect, a body that is not JSON) comes back as a HubCallError, so the loops
// that call the hub only ever catch one kind of thing and back off.

export interface HubTarget {
  url: string
  partId: string
  secret: string
}

export class HubCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

export interface HubAnswer {
  status: number
  body: unknown
}

export interface HubCallOptions {
  body?: unknown
  timeoutMs: number
  signal?: AbortSignal
  expect: number[]
}

/** A call with the part's own credentials (the agent routes). */
export function hubRequest(
  target: HubTarget,
  method: 'GET' | 'POST',
  path: string,
  options: HubCallOptions,
): Promise<HubAnswer> {
  return hubCall(target.url, `Part ${target.partId}:${target.secret}`, method, path, options)
}

/** A call with any credentials (`authorization` is the header's value). */
export async function hubCall(
  url: string,
  authorization: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: HubCallOptions,
): Promise<HubAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const headers: Record<string, string> = { authorization }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      signal,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new HubCallError(`the hub at ${url} did not answer (${why})`)
  }
  let text: string
  try {
    text = await response.text()
  } catch (err) {
    throw new HubCallError(`the hub's answer broke off (${err instanceof Error ? err.message : String(err)})`)
  }
  if (!options.expect.includes(response.status)) {
    let detail = text.slice(0, 200)
    try {
      const parsed = JSON.parse(text) as { message?: unknown }
      if (typeof parsed.message === 'string') detail = parsed.message
    } catch {
      // Not JSON: the start of the text says enough.
    }
    throw new HubCallError(
      `the hub answered ${response.status} to ${method} ${path}: ${detail}`,
      response.status,
    )
  }
  if (text === '') return { status: response.status, body: undefined }
  try {
    return { status: response.status, body: JSON.parse(text) as unknown }
  } catch {
    throw new HubCallError(
      `the hub answered ${method} ${path} with something that is not JSON`,
      response.status,
    )
  }
}
