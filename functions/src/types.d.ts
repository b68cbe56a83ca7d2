// dynalite ships no types; this is the one call datarun makes.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  function dynalite(options?: { path?: string; createTableMs?: number; ssl?: boolean }): Server;
  export default dynalite;
}
