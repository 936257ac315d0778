import { randomUUID } from 'node:crypto'
import type { MessageChannel } from '../../../shared/robot/MessageChannel'
import { readChallengeAnswer } from './readChallengeAnswer'

export type LinkProbe =
  { kind: 'robot'; partId: string; protocolVersion: number } | { kind: 'silent'; why: string }

/**
 * Asks the device on a channel who it is: one `session.challenge` (answered before
 * authentication), waiting at most `timeoutMs`. Silence, a refusal or the port closing all mean no
 * robot handshake; the channel is left as it was (the caller closes what it opened).
 */
export function probeSerialLink(channel: MessageChannel, timeoutMs: number): Promise<LinkProbe> {
  const id = `probe-${randomUUID()}`
  if (!channel.isOpen) return Promise.resolve({ kind: 'silent', why: 'the port is closed' })
  return new Promise<LinkProbe>((resolve) => {
    const done = (result: LinkProbe): void => {
      clearTimeout(timer)
      offMessage()
      offClose()
      resolve(result)
    }
    const timer = setTimeout(
      () => done({ kind: 'silent', why: `nothing answered a robot handshake within ${timeoutMs / 1000} s` }),
      timeoutMs,
    )
    const offMessage = channel.onMessage((message) => {
      const answer = readChallengeAnswer(message, id)
      switch (answer.kind) {
        case 'not-ours':
          return
        case 'robot':
          return done(answer)
        case 'refused':
          return done({ kind: 'silent', why: `it refused the robot handshake: ${answer.message}` })
      }
    })
    const offClose = channel.onClose((reason) => done({ kind: 'silent', why: `the port closed: ${reason}` }))
    try {
      channel.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'session.challenge', params: {} }))
    } catch (err) {
      done({ kind: 'silent', why: `could not write to the port: ${String(err)}` })
    }
  })
}
