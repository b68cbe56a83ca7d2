import { describe, expect, it } from 'vitest';
import { publicSiteFromEnv } from '../../../functions/src/config.ts';

describe('publicSiteFromEnv', () => {
  it('names the local site when no public URL is set, on PORT when given', () => {
    expect(publicSiteFromEnv({})).toEqual({ publicUrl: 'http://localhost:4321' });
    expect(publicSiteFromEnv({ PORT: '8080' })).toEqual({ publicUrl: 'http://localhost:8080' });
  });

  it('takes the public URL without a trailing slash, and the contact address', () => {
    expect(
      publicSiteFromEnv({
        DATARUN_PUBLIC_URL: ' https://data.example.gov.cn/ ',
        DATARUN_CONTACT_EMAIL: 'opendata@example.gov.cn',
      }),
    ).toEqual({
      publicUrl: 'https://data.example.gov.cn',
      contactEmail: 'opendata@example.gov.cn',
    });
  });

  it('refuses a public URL that is not an http(s) origin, and a contact that is not an address', () => {
    for (const url of ['data.example.gov.cn', 'ftp://data.example.gov.cn', 'https://x.cn/?a=1'])
      expect(() => publicSiteFromEnv({ DATARUN_PUBLIC_URL: url }), url).toThrow(
        /DATARUN_PUBLIC_URL: expected the site's public origin/,
      );
    expect(() => publicSiteFromEnv({ DATARUN_CONTACT_EMAIL: 'opendata' })).toThrow(
      /DATARUN_CONTACT_EMAIL/,
    );
  });
});
