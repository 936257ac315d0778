import { deriveSealKey, seal, type SealKey } from '../../../src/hub/core/sealSecret'

/** FLEETDESK_HUB_KEY_SECRET of the test hubs (hub processes started by tests get it too). */
export const TEST_KEY_SECRET = 'fleetdesk test hub key secret'

/** The seal key every test hub runs with (several hubs on one database must share it). */
export const TEST_SEAL_KEY: SealKey = deriveSealKey(TEST_KEY_SECRET)

/** A part secret as the hub stores it, for fixtures that insert parts directly. */
export const sealedForTest = (secret: string): string => seal(TEST_SEAL_KEY, secret)
