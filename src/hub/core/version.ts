/** The hub's version, reported by /v1/health; follows package.json's. */
export const HUB_VERSION = '0.1.0'
