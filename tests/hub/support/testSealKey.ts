import { seal, sealKeyFromBytes, type SealKey } from '../../../src/hub/core/sealSecret'

/** The seal key every test hub runs with (several hubs on one database must share it). */
export const TEST_SEAL_KEY: SealKey = sealKeyFromBytes(Buffer.alloc(32, 7))

/** A part secret as the hub stores it, for fixtures that insert parts directly. */
export const sealedForTest = (secret: string): string => seal(TEST_SEAL_KEY, secret)
