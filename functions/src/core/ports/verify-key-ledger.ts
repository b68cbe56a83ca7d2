/** The keys one verification grant asked about on one day, as hashes, and their revision. */
export type KeyLedgerDay = { hashes: ReadonlySet<string>; revision: number };

/**
 * Which keys each verification grant has asked about per day (Asia/Shanghai), kept as hashes
 * so that the cap on distinct keys is shared by every API instance and no key is stored.
 */
export interface VerifyKeyLedger {
  /** The hashes recorded for a grant on a day; revision 0 and no hashes when none are. */
  read(grant: string, day: string): Promise<KeyLedgerDay>;
  /**
   * Adds hashes to the day, only if it is still at `revision` (the one `read` gave);
   * otherwise a `conflict` DatarunError and nothing is written. `expiresAt` (epoch seconds)
   * is when storage may delete the day.
   */
  add(
    grant: string,
    day: string,
    hashes: readonly string[],
    revision: number,
    expiresAt: number,
  ): Promise<void>;
}
