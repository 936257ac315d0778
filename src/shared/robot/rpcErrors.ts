import { CoreError, type ErrorCode, type FieldError } from '../errors/CoreError'
import { errorMessage } from '../errors/errorMessage'

// JSON-RPC 2.0 carries errors as {code: number, message, data}. The numbers keep the wire standard
// (any JSON-RPC library understands -32700..-32603); the stable string code in `data.code` is what
// programs branch on, the same ErrorCode used across IPC and the bridge.

/** Standard JSON-RPC 2.0 codes. */
export const JSONRPC_PARSE_ERROR = -32700
export const JSONRPC_INVALID_REQUEST = -32600
export const JSONRPC_METHOD_NOT_FOUND = -32601
export const JSONRPC_INVALID_PARAMS = -32602
export const JSONRPC_INTERNAL_ERROR = -32603

/** The JSON-RPC number for each stable code (server-defined range -32000..-32099 for ours). */
export const RPC_ERROR_NUMBERS: Readonly<Record<ErrorCode, number>> = {
  'invalid-argument': JSONRPC_INVALID_PARAMS,
  internal: JSONRPC_INTERNAL_ERROR,
  unauthenticated: -32001,
  'permission-denied': -32003,
  'not-found': -32004,
  conflict: -32009,
  'failed-precondition': -32012,
  unavailable: -32014,
  // A desktop-side condition; robots never send it, but every code has its number.
  'secret-not-remembered': -32016,
}

const CODES = new Set<string>(Object.keys(RPC_ERROR_NUMBERS))

export interface JsonRpcErrorData {
  code: ErrorCode
  fieldErrors?: FieldError[]
}

export interface JsonRpcErrorObject {
  code: number
  message: string
  data?: JsonRpcErrorData
}

/**
 * An error with a specific JSON-RPC number. Protocol failures (parse error, unknown method) need
 * their standard numbers while still carrying a stable ErrorCode; everything else is a CoreError.
 */
export class RpcError extends CoreError {
  readonly rpcCode: number

  constructor(code: ErrorCode, message: string, rpcCode?: number, fieldErrors?: FieldError[]) {
    super(code, message, fieldErrors)
    this.name = 'RpcError'
    this.rpcCode = rpcCode ?? RPC_ERROR_NUMBERS[code]
  }
}

/** Anything thrown by a handler, as it goes on the wire. Unknown failures become `internal`. */
export function toJsonRpcError(err: unknown): JsonRpcErrorObject {
  if (err instanceof CoreError) {
    const data: JsonRpcErrorData = { code: err.code }
    if (err.fieldErrors) data.fieldErrors = err.fieldErrors
    const rpcCode = err instanceof RpcError ? err.rpcCode : RPC_ERROR_NUMBERS[err.code]
    return { code: rpcCode, message: err.message, data }
  }
  const message = errorMessage(err)
  return { code: JSONRPC_INTERNAL_ERROR, message: `internal error: ${message}`, data: { code: 'internal' } }
}

/** A received error object as a CoreError; peers that send no `data.code` are mapped by number. */
export function fromJsonRpcError(error: JsonRpcErrorObject): RpcError {
  const dataCode = error.data?.code
  const code: ErrorCode =
    typeof dataCode === 'string' && CODES.has(dataCode) ? dataCode : codeFromNumber(error.code)
  const fieldErrors = Array.isArray(error.data?.fieldErrors) ? error.data.fieldErrors : undefined
  return new RpcError(code, error.message, error.code, fieldErrors)
}

function codeFromNumber(n: number): ErrorCode {
  if (n === JSONRPC_METHOD_NOT_FOUND) return 'not-found'
  if (n === JSONRPC_PARSE_ERROR || n === JSONRPC_INVALID_REQUEST) return 'invalid-argument'
  for (const [code, value] of Object.entries(RPC_ERROR_NUMBERS)) {
    if (value === n) return code as ErrorCode
  }
  return 'internal'
}
