import type { Identity } from '../../shared/access/can'
import type { Subject } from '../../shared/domain/model'

/** Who a request acts as, resolved from its credentials once per request. */
export interface Actor {
  subject: Subject
  /** The subject's grants, each placed in its organization, as `can()` reads them. */
  identity: Identity
  /** For change rows and revisions: the user's email, or `api-key:<id>`. */
  label: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null only on public routes. */
    actor: Actor | null
  }
  interface FastifyContextConfig {
    /** A route anyone may call without credentials (health, sign-in, sign-up). */
    public?: boolean
  }
}
