/** The agent's version, reported in hello and machine.status. Kept with package.json's version. */
export const AGENT_VERSION = '0.1.0'
