import { CoreError } from '../shared/errors/CoreError'
import type { Role } from '../shared/domain/model'
import { verifyPartToken, verifyProof, type HubKeys } from '../shared/robot/auth'
import { PROTOCOL_VERSION, type RobotParsedParams } from '../shared/robot/protocol'
import type { HubKeySource } from './hubKeys/HubKeySource'

export interface PartIdentity {
  partId: string
  secret: string
  /** Without it, only the part secret opens a session. */
  hubPublicKey?: HubKeys
  /** The hub's keys as fetched and cached from the hub (when the agent is given a hub URL). */
  hubKeys?: HubKeySource
}

/**
 * Checks a hello's credentials against this part: a hub token (any role it grants) or the answer
 * to the challenge this session was issued (owner). Every refusal says why, so that a technician
 * knows whether to fix the secret, get a new token, or connect to another robot.
 */
export async function authenticateHello(
  hello: RobotParsedParams<'session.hello'>,
  issuedNonce: string | undefined,
  identity: PartIdentity,
  now: number,
): Promise<{ role: Role; who: string }> {
  if (hello.protocolVersion !== PROTOCOL_VERSION) {
    throw new CoreError(
      'failed-precondition',
      `this agent speaks robot protocol ${PROTOCOL_VERSION}; the client asked for ${hello.protocolVersion}`,
    )
  }
  const { auth } = hello
  if (auth.kind === 'token') {
    const key = identity.hubPublicKey ?? (await identity.hubKeys?.keysFor(auth.token))
    if (!key)
      throw new CoreError(
        'unauthenticated',
        identity.hubKeys
          ? 'this agent has not fetched the hub keys yet (the hub is out of reach): use the part secret'
          : 'this agent has no hub public key configured: use the part secret',
      )
    const claims = await verifyPartToken(auth.token, key, { partId: identity.partId, now })
    return { role: claims.role, who: `token for ${claims.subject}` }
  }
  if (issuedNonce === undefined || auth.nonce !== issuedNonce) {
    throw new CoreError(
      'unauthenticated',
      'unknown or already used challenge: call session.challenge, then hello with its nonce',
    )
  }
  const ok = await verifyProof({
    secret: identity.secret,
    first: auth.nonce,
    second: auth.clientNonce,
    partId: identity.partId,
    proof: auth.proof,
  })
  if (!ok)
    throw new CoreError(
      'unauthenticated',
      `wrong part secret: the proof does not match part "${identity.partId}"'s secret`,
    )
  return { role: 'owner', who: 'part secret' }
}
