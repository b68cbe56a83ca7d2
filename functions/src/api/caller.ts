import type { Context } from 'hono';
import type { Identity } from '../core/identity/identity.ts';

/** Who is calling: always an address; a key when the request carried a valid one. */
export type Caller = {
  /** The client's IP address, or `unknown` where the transport does not tell. */
  ip: string;
  /** The API key the request carried, once checked; an agency key may read its shared data. */
  key?: { id: string; agency?: string };
};

// What a request carries through the API's middleware and routes (Hono's typed variables).
declare module 'hono' {
  interface ContextVariableMap {
    caller?: Caller;
    /** The signed-in person, once the identity middleware verified their token. */
    identity?: Identity;
  }
}

const ANONYMOUS: Caller = { ip: 'unknown' };

/** The caller a middleware has identified, or an anonymous one of unknown address. */
export function callerOf(c: Context): Caller {
  return c.get('caller') ?? ANONYMOUS;
}
