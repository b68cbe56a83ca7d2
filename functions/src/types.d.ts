// dynalite ships no types; this is the one call datarun makes.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  function dynalite(options?: { path?: string; createTableMs?: number; ssl?: boolean }): Server;
  export default dynalite;
}

// autocannon ships no types; these are the options and results the load benchmark and test use.
declare module 'autocannon' {
  type Histogram = { average: number; p50: number; p99: number; max: number };
  export type Result = {
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
    duration: number;
  };
  export type Options = {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path: string }[];
  };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
