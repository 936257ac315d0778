import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { FieldError } from '../../shared/errors/CoreError'
import { HubError, type HubErrorBody } from '../core/HubError'

/** `body/components/0/name` → `body.components[0].name`. */
export function validationPath(context: string | undefined, instancePath: string): string {
  const segments = instancePath.split('/').filter((s) => s !== '')
  return segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : `${acc}.${s}`), context ?? 'request')
}

/** Any error thrown by a route or by Fastify itself, as the hub's `{code, message}` body. */
export function toErrorReply(error: unknown): { status: number; body: HubErrorBody; retryAfter?: number } {
  if (error instanceof HubError) {
    return {
      status: error.status,
      body: error.body(),
      ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}),
    }
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext
    const errors: FieldError[] = error.validation.map((v) => ({
      path: validationPath(context, v.instancePath),
      message: v.message ?? 'invalid',
    }))
    const first = errors[0]
    const message = first
      ? `Invalid ${context ?? 'request'}: ${first.path}: ${first.message}`
      : 'Invalid request.'
    return { status: 400, body: { code: 'invalid-argument', message, errors } }
  }
  const fe = error as Partial<FastifyError>
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      body: { code: 'payload-too-large', message: 'The request body is larger than the hub accepts.' },
    }
  }
  if (fe.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      status: 400,
      body: { code: 'invalid-argument', message: 'A path parameter is longer than any id the hub makes.' },
    }
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own refusals: malformed JSON, unsupported media type, ...
    const code =
      fe.statusCode === 404 ? 'not-found' : fe.statusCode === 413 ? 'payload-too-large' : 'invalid-argument'
    return {
      status: fe.statusCode === 415 ? 415 : code === 'invalid-argument' ? 400 : fe.statusCode,
      body: { code, message: fe.message ?? 'Bad request.' },
    }
  }
  return {
    status: 500,
    body: { code: 'internal', message: 'The hub failed to handle this request; see its log.' },
  }
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, retryAfter } = toErrorReply(error)
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  else request.log.info({ code: body.code, status }, body.message)
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter))
  void reply.status(status).send(body)
}
