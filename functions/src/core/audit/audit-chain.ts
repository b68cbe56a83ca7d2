import { AUDIT_ALGORITHMS, GENESIS_HASH, isAuditAlgorithm, recordHash } from './audit-record.ts';
import type { AuditAlgorithm, AuditHead, AuditRecord } from './audit-record.ts';

/**
 * How a chain was broken. `edited`: a record's contents no longer match its hash. `deleted`: a
 * number is missing. `inserted`: a record does not link to the one before it, or lies beyond the
 * head. `truncated`: the head counts records that are gone.
 */
export type ChainBreakKind = 'edited' | 'deleted' | 'inserted' | 'truncated';

/** The first problem found, at the record number where the chain stops holding. */
export type ChainBreak = { ok: false; kind: ChainBreakKind; seq: number; message: string };

/** An intact chain: how many records, which algorithms sealed them, and where the head is. */
export type ChainIntact = {
  ok: true;
  count: number;
  algorithms: AuditAlgorithm[];
  head: number;
};

export type ChainVerdict = ChainIntact | ChainBreak;

const short = (hash: unknown) => (typeof hash === 'string' ? hash.slice(0, 12) : String(hash));

/**
 * Checks records one at a time, in the order of their numbers, so that a log of millions needs
 * no more memory than one. `add` answers the first break; `finish` compares with the head.
 */
export class ChainVerifier {
  private expected = 1;
  private lastHash = GENESIS_HASH;
  private beforeLastHash = GENESIS_HASH;
  private readonly used = new Set<AuditAlgorithm>();
  private broken: ChainBreak | undefined;

  /** How many records were found intact so far. */
  get count(): number {
    return this.expected - 1;
  }

  /** Checks the next record; returns the chain's first break once there is one. */
  add(record: AuditRecord): ChainBreak | undefined {
    if (this.broken) return this.broken;
    this.broken = this.check(record as unknown as Record<string, unknown>);
    if (!this.broken) this.expected++;
    return this.broken;
  }

  private check(record: Record<string, unknown>): ChainBreak | undefined {
    const n = this.expected;
    const { seq, alg } = record;
    if (typeof seq !== 'number' || !Number.isInteger(seq))
      return fail('edited', n, `record #${n} has its number changed to ${JSON.stringify(seq)}`);
    if (seq > n)
      return fail(
        'deleted',
        n,
        seq === n + 1
          ? `record #${n} is missing: the next stored record is #${seq}`
          : `records #${n}–#${seq - 1} are missing: the next stored record is #${seq}`,
      );
    if (seq < n)
      return fail(
        'inserted',
        n,
        `record #${seq} appears where #${n} should be: records are duplicated or out of order`,
      );
    if (!isAuditAlgorithm(alg))
      return fail(
        'edited',
        n,
        `record #${n} names hash algorithm ${JSON.stringify(alg)}, not one of ${AUDIT_ALGORITHMS.join(', ')}: it was changed after it was written`,
      );
    const computed = recordHash(record, alg);
    if (computed !== record.hash)
      return fail(
        'edited',
        n,
        `record #${n} was changed after it was written: its stored hash ${short(record.hash)}… is not the ${alg} hash of its contents, ${computed.slice(0, 12)}…`,
      );
    if (record.prev !== this.lastHash)
      return fail(
        'inserted',
        n,
        `record #${n} does not link to ${n === 1 ? 'the start of the log' : `record #${n - 1}`}: its prev ${short(record.prev)}… is not ${short(this.lastHash)}…, so a record was inserted or replaced here`,
      );
    this.beforeLastHash = this.lastHash;
    this.lastHash = computed;
    this.used.add(alg);
    return undefined;
  }

  /**
   * The verdict once every record was added. The head may lag the last record by one: an
   * append that stopped between writing its record and moving the head leaves exactly that.
   * Without a head only the links between records are checked.
   */
  finish(head?: AuditHead): ChainVerdict {
    if (this.broken) return this.broken;
    const last = this.count;
    if (!head) return this.intact(last, last);
    if (head.seq > last)
      return fail(
        'truncated',
        last + 1,
        `${head.seq === last + 1 ? `record #${head.seq} is` : `records #${last + 1}–#${head.seq} are`} missing: the head ends the log at #${head.seq} but the last stored record is #${last}`,
      );
    if (head.seq < last - 1)
      return fail(
        'inserted',
        head.seq + 2,
        `record #${head.seq + 2} lies beyond the head, which ends the log at #${head.seq}: it was added outside the log`,
      );
    const headRecordHash = head.seq === last ? this.lastHash : this.beforeLastHash;
    if (head.seq > 0 && head.hash !== headRecordHash)
      return fail(
        'edited',
        head.seq,
        `record #${head.seq} is not the record the head sealed: the head holds hash ${short(head.hash)}…, the record ${short(headRecordHash)}…`,
      );
    return this.intact(last, head.seq);
  }

  private intact(count: number, head: number): ChainIntact {
    return {
      ok: true,
      count,
      algorithms: AUDIT_ALGORITHMS.filter((alg) => this.used.has(alg)),
      head,
    };
  }
}

function fail(kind: ChainBreakKind, seq: number, message: string): ChainBreak {
  return { ok: false, kind, seq, message };
}

/** Verifies records given in the order of their numbers, and against the head when given. */
export function verifyChain(records: Iterable<AuditRecord>, head?: AuditHead): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const record of records) if (verifier.add(record)) break;
  return verifier.finish(head);
}
