import { describe, expect, it } from 'vitest'
import { readChallengeAnswer } from '../../../src/main/serial/probe/readChallengeAnswer'

describe('readChallengeAnswer', () => {
  const id = 'probe-1'
  it('reads a result naming a part', () => {
    const message = JSON.stringify({
      jsonrpc: '2.0',
      id,
      result: { nonce: 'n', partId: 'p-1', protocolVersion: 1 },
    })
    expect(readChallengeAnswer(message, id)).toEqual({ kind: 'robot', partId: 'p-1', protocolVersion: 1 })
  })
  it('ignores what is not the answer to this probe', () => {
    expect(readChallengeAnswer('not json', id)).toEqual({ kind: 'not-ours' })
    expect(readChallengeAnswer('[1]', id)).toEqual({ kind: 'not-ours' })
    expect(readChallengeAnswer(JSON.stringify({ id: 'other', result: { partId: 'p' } }), id)).toEqual({
      kind: 'not-ours',
    })
    expect(readChallengeAnswer(JSON.stringify({ id: null, error: { message: 'dropped' } }), id)).toEqual({
      kind: 'not-ours',
    })
  })
  it('reads an error, or a result without a part, as a refusal', () => {
    expect(
      readChallengeAnswer(JSON.stringify({ id, error: { code: -32000, message: 'too many' } }), id),
    ).toEqual({
      kind: 'refused',
      message: 'too many',
    })
    expect(
      readChallengeAnswer(JSON.stringify({ id, result: { partId: '', protocolVersion: 1 } }), id),
    ).toMatchObject({ kind: 'refused' })
    expect(readChallengeAnswer(JSON.stringify({ id, result: null }), id)).toMatchObject({ kind: 'refused' })
  })
})
