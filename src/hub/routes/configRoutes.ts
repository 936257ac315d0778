import type { FastifyInstance } from 'fastify'
import type { HubContext } from '../server/HubContext'

export async function configRoutes(_app: FastifyInstance, _context: HubContext): Promise<void> {}
