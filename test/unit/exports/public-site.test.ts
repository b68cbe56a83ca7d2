import { describe, expect, it } from 'vitest';
import { LOCAL_CONTACT_EMAIL, publicSiteFromEnv } from '../../../functions/src/config.ts';

describe('publicSiteFromEnv', () => {
  it('names the local site and a .localhost contact when no public URL is set, on PORT when given', () => {
    expect(publicSiteFromEnv({})).toEqual({
      publicUrl: 'http://localhost:4321',
      contactEmail: LOCAL_CONTACT_EMAIL,
    });
    expect(publicSiteFromEnv({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(LOCAL_CONTACT_EMAIL).toMatch(/@[a-z.]+\.localhost$/);
  });

  it('gives no contact of its own for a public site that names none', () => {
    expect(publicSiteFromEnv({ DATARUN_PUBLIC_URL: 'https://data.example.gov.cn' })).toEqual({
      publicUrl: 'https://data.example.gov.cn',
    });
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
