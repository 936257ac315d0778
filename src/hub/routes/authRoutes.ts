import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/authenticate'
import { createAccount } from '../fleet/createAccount'
import { hashPassword, verifyPassword } from '../auth/password'
import { createSession, revokeSession } from '../auth/sessions'
import { findUserByEmail, normalizeEmail } from '../auth/users'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { MeSchema, NoContent } from './replySchemas'

const Email = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address')
const Password = z.string().min(1).max(1024)
const SignIn = z.object({ email: Email, password: Password }).strict()
const SignUp = z
  .object({
    email: Email,
    password: z.string().min(10, 'at least 10 characters').max(1024),
    name: z.string().max(200).optional(),
    orgName: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
const SessionReply = z.object({ token: z.string(), expiresAt: z.string(), userId: z.string() })

// Compared against when the email is unknown, so a sign-in takes as long for an unknown account
// as for a wrong password (no account enumeration by timing).
let decoyHash: Promise<string> | null = null

/** Sign-in (rate-limited per account and per address), sign-up (when enabled), sign-out, me. */
export async function authRoutes(app: FastifyInstance, context: HubContext): Promise<void> {
  const { db } = context
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { perAccount, perAddress } = context.signInLimits

  r.post(
    '/v1/auth/sign-in',
    { config: { public: true }, schema: { body: SignIn, response: { 200: SessionReply } } },
    async (request) => {
      const email = normalizeEmail(request.body.email)
      const address = request.ip
      const wait = Math.max(perAccount.retryAfter(email), perAddress.retryAfter(address))
      if (wait > 0)
        throw new HubError('rate-limited', `Too many failed sign-ins; try again in ${wait} s.`, {
          retryAfter: wait,
        })
      const user = await findUserByEmail(db, email)
      decoyHash ??= hashPassword('decoy password')
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? (await decoyHash))
      if (!user || !ok) {
        perAccount.fail(email)
        perAddress.fail(address)
        throw new HubError('unauthenticated', 'The email or the password is wrong.')
      }
      perAccount.reset(email)
      const session = await db.transaction((tx) => createSession(tx, user.id))
      return { ...session, userId: user.id }
    },
  )

  r.post(
    '/v1/auth/sign-up',
    { config: { public: true }, schema: { body: SignUp, response: { 201: SessionReply } } },
    async (request, reply) => {
      if (!context.options.allowSignup) {
        throw new HubError(
          'permission-denied',
          'Sign-up is disabled on this hub; ask its administrator for an account.',
        )
      }
      const passwordHash = await hashPassword(request.body.password)
      const result = await db.transaction(async (tx) => {
        const account = await createAccount(tx, {
          email: request.body.email,
          name: request.body.name ?? '',
          passwordHash,
          ...(request.body.orgName !== undefined ? { orgName: request.body.orgName } : {}),
        })
        return { ...(await createSession(tx, account.userId)), userId: account.userId }
      })
      return reply.status(201).send(result)
    },
  )

  r.post('/v1/auth/sign-out', { schema: { response: NoContent } }, async (request, reply) => {
    const header = request.headers.authorization ?? ''
    if (!header.toLowerCase().startsWith('bearer '))
      throw new HubError('invalid-argument', 'Only a session signs out; an API key is deleted instead.')
    await db.transaction((tx) => revokeSession(tx, header.slice(7).trim()))
    return reply.status(204).send(null)
  })

  r.get('/v1/auth/me', { schema: { response: { 200: MeSchema } } }, async (request) => {
    const actor = actorOf(request)
    return { subject: actor.subject, label: actor.label, grants: actor.identity.grants }
  })
}
