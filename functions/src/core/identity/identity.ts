import * as z from 'zod';
import { AgencyCodeSchema } from '../schemas/agency.ts';

/**
 * The four roles of the sharing platform. Consumers and providers are agency staff (one person
 * may be both); reviewers work for the platform (统一受理); admins run it and read the audit log.
 */
export const ROLES = ['consumer', 'provider', 'reviewer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** A signed-in person as every handler sees them, whichever issuer signed the token. */
export const IdentitySchema = z
  .object({
    /** The issuer's stable subject id (Cognito `sub`, or the demo user's id locally). */
    user: z.string().min(1).max(128),
    /** The name shown in the portal and written to the audit log. */
    name: z.string().min(1).max(200),
    /** Every user belongs to exactly one agency (reviewers and admins to the platform's). */
    agency: AgencyCodeSchema,
    roles: z.array(RoleSchema).min(1),
    /** The token's id (`jti`), so that a signed-out token can be refused. */
    tokenId: z.string().min(1).max(128),
    /** When the token stops being accepted, epoch seconds. */
    expiresAt: z.number().int(),
  })
  .strict();
export type Identity = z.infer<typeof IdentitySchema>;

/**
 * Who did something, as the audit log and a request's history record it: a person in one of
 * their roles, the platform itself (`system`), or a member of the public (`public`, agency
 * `public`) who reported disputed data.
 */
export const ActorSchema = z
  .object({
    user: z.string().min(1),
    name: z.string().min(1),
    agency: z.string().min(1),
    role: z.union([RoleSchema, z.literal('system'), z.literal('public')]),
  })
  .strict();
export type Actor = z.infer<typeof ActorSchema>;

/** The platform itself acting (the sweeper, an immediate grant), for the log. */
export const SYSTEM_ACTOR: Actor = {
  user: 'system',
  name: 'datarun',
  agency: 'platform',
  role: 'system',
};

/** The identity acting in a given role, for the log. */
export function actorOf(identity: Identity, role: Role): Actor {
  return { user: identity.user, name: identity.name, agency: identity.agency, role };
}
