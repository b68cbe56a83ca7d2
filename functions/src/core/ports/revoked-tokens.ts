/**
 * Identity tokens that were signed out before they expired. A signed token stays valid until
 * its `exp`, so signing out means remembering its id until then and refusing it meanwhile.
 */
export interface RevokedTokens {
  /** Refuses the token with this id (`jti`) from now until `expiresAt` (epoch seconds). */
  revoke(tokenId: string, expiresAt: number): Promise<void>;
  /** Whether the token was signed out, read consistently so a sign-out counts at once. */
  isRevoked(tokenId: string): Promise<boolean>;
}
