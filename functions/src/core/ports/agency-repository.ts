import type { Agency } from '../schemas/agency.ts';

/** The agencies known to the platform. */
export interface AgencyRepository {
  put(agency: Agency): Promise<void>;
  list(): Promise<Agency[]>;
}
