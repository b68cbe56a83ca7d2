/** Counters of requests per caller and window, shared by every instance of the API. */
export interface RateCounter {
  /**
   * Adds one to a counter atomically and returns its new value. `expiresAt` (epoch seconds)
   * is when storage may delete it.
   */
  increment(id: string, expiresAt: number): Promise<number>;
}
