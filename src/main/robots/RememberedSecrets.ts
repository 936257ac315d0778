import { CoreError } from '../../shared/errors/CoreError'
import type { RobotAuthInput } from '../../shared/api/robotViews'
import type { ClientAuth } from '../../shared/robot/RobotClient'
import type { CacheStore } from '../cache/types'
import type { SecretBox } from '../secrets/SecretBox'

const secretKey = (partId: string): string => `robot.secret.${partId}`

/**
 * Part secrets remembered on this computer, sealed by the SecretBox (the OS keychain in the app)
 * before they reach the cache, so robots the user connected to once need no typing again.
 */
export class RememberedSecrets {
  constructor(
    private readonly cache: Pick<CacheStore, 'getSetting' | 'putSetting'>,
    private readonly box: SecretBox,
  ) {}

  async remember(partId: string, secret: string): Promise<void> {
    await this.cache.putSetting(secretKey(partId), await this.box.encrypt(secret))
  }

  /** Whether a secret is remembered for this part (the serial probe says so before connecting). */
  async has(partId: string): Promise<boolean> {
    return Boolean(await this.cache.getSetting<string>(secretKey(partId)))
  }

  /** The credentials a session presents; `remembered` throws `secret-not-remembered` when there is none. */
  async authFor(partId: string, auth: RobotAuthInput): Promise<ClientAuth> {
    switch (auth.kind) {
      case 'token':
        return { kind: 'token', token: auth.token }
      case 'secret':
        // Remembered only once the robot accepted it (see RobotService's connectRobot).
        return { kind: 'secret', partId, secret: auth.secret }
      case 'remembered': {
        const sealed = await this.cache.getSetting<string>(secretKey(partId))
        if (!sealed)
          throw new CoreError(
            'secret-not-remembered',
            'No secret is remembered for this robot: enter its part secret or an access token.',
          )
        return { kind: 'secret', partId, secret: await this.box.decrypt(sealed) }
      }
    }
  }
}
