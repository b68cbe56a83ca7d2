import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { applyEvent } from '../../../functions/src/core/sharing/share-request-machine.ts';
import type { ShareEntryFacts } from '../../../functions/src/core/sharing/share-request-create.ts';
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import { VerificationSpecSchema } from '../../../functions/src/core/verify/verification.ts';
import {
  chooseVerifyGrant,
  grantedSpec,
  serviceState,
  verifyFieldProblems,
} from '../../../functions/src/core/verify/verify-grant.ts';
import {
  DAY_MS,
  PROVIDER,
  T0,
  contextAt,
  entryFacts,
  fresh,
  shanghaiMidnight,
  thrown,
} from '../sharing/support.ts';

const SPEC = VerificationSpecSchema.parse({
  keyFields: ['code'],
  verifiableFields: ['name', 'cityCode', 'provinceCode'],
});
/** The county codes of the demo catalog, 无条件共享, with their declaration. */
const COUNTIES: ShareEntryFacts = { ...entryFacts('103-000004.yaml'), verification: SPEC };
const CODE = COUNTIES.code;

function verifyRequest(id: string, fields = ['code', 'name']): ShareRequest {
  return fresh({ entry: COUNTIES, id, input: { service: 'verify', fields } });
}

function dataRequest(id: string): ShareRequest {
  return fresh({ entry: COUNTIES, id, input: { fields: ['code', 'name'] } });
}

function revoked(request: ShareRequest): ShareRequest {
  return applyEvent(request, { type: 'revoke', reason: '用途已结束' }, contextAt(T0, PROVIDER));
}

const problemOf = (choice: ReturnType<typeof chooseVerifyGrant>) =>
  'problem' in choice ? choice.problem : undefined;

describe('createShareRequest with service verify', () => {
  it('grants a 无条件共享 verification request at once for the fields asked', () => {
    const request = verifyRequest('sr_verify00000001', ['code', 'name', 'cityCode']);
    expect(request.state).toBe('approved');
    expect(request.input.service).toBe('verify');
    expect(request.grant?.fields).toEqual(['code', 'name', 'cityCode']);
  });

  it('refuses fields outside the declaration and a request without every key field', () => {
    const error = thrown(() => verifyRequest('sr_verify00000002', ['name', 'population', 'name']));
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).problems.map((p) => p.field)).toEqual([
      'fields.1',
      'fields.2',
      'fields',
    ]);
  });

  it('refuses the service for an entry that declares none, naming service', () => {
    const { verification: _none, ...plain } = COUNTIES;
    const error = thrown(() =>
      fresh({ entry: plain, input: { service: 'verify', fields: ['code'] } }),
    );
    expect((error as DatarunError).problems.map((p) => p.field)).toEqual(['service']);
  });
});

describe('verifyFieldProblems', () => {
  it('accepts the key with some verifiable fields', () => {
    expect(verifyFieldProblems(CODE, ['code', 'provinceCode'], SPEC)).toEqual([]);
  });

  it('says which fields can be verified when one cannot', () => {
    const [found] = verifyFieldProblems(CODE, ['code', 'population'], SPEC);
    expect(found).toMatchObject({ field: 'fields.1' });
    expect(found!.message).toContain('its verifiable fields are name, cityCode, provinceCode');
  });
});

describe('serviceState', () => {
  it('calls an approved grant past its last day (Shanghai) expired', () => {
    const request = verifyRequest('sr_verify00000003');
    const lastDay = request.grant!.expiresOn;
    expect(serviceState(request, shanghaiMidnight(lastDay) + DAY_MS - 1)).toBe('approved');
    expect(serviceState(request, shanghaiMidnight(lastDay) + DAY_MS)).toBe('expired');
  });

  it('gives a request never granted no state', () => {
    const pending = fresh({ id: 'sr_verify00000004' });
    expect(pending.state).toBe('submitted');
    expect(serviceState(pending, T0)).toBeUndefined();
  });
});

describe('chooseVerifyGrant', () => {
  it('picks the active verification grant over a data grant and a revoked one', () => {
    const active = verifyRequest('sr_verify00000005');
    const choice = chooseVerifyGrant(
      [dataRequest('sr_data0000000001'), revoked(verifyRequest('sr_verify00000006')), active],
      CODE,
      T0,
    );
    expect(choice).toEqual({ request: active, grant: active.grant });
  });

  it('says a revoked grant was revoked, naming it', () => {
    const request = revoked(verifyRequest('sr_verify00000007'));
    const found = problemOf(chooseVerifyGrant([request], CODE, T0));
    expect(found).toMatchObject({ code: 'forbidden', field: 'code' });
    expect(found!.message).toContain(`${request.grant!.id} for ${CODE} was revoked`);
  });

  it('says an expired grant expired after its last day', () => {
    const request = verifyRequest('sr_verify00000008');
    const later = shanghaiMidnight(request.grant!.expiresOn) + 2 * DAY_MS;
    expect(problemOf(chooseVerifyGrant([request], CODE, later))?.message).toContain(
      `expired after ${request.grant!.expiresOn}`,
    );
  });

  it('tells a holder of a data grant that it does not cover the service', () => {
    const found = problemOf(chooseVerifyGrant([dataRequest('sr_data0000000002')], CODE, T0));
    expect(found?.message).toContain('is for its data, not for its verification service');
  });

  it('ignores grants for other entries', () => {
    const found = problemOf(
      chooseVerifyGrant([verifyRequest('sr_verify00000009')], '103/000003', T0),
    );
    expect(found?.message).toContain('has no grant for the verification service of 103/000003');
  });
});

describe('grantedSpec', () => {
  it('narrows the verifiable fields to those granted', () => {
    expect(grantedSpec(SPEC, { id: 'gr_x', fields: ['code', 'provinceCode'] })).toEqual({
      spec: { keyFields: ['code'], verifiableFields: ['provinceCode'] },
    });
  });

  it('refuses a grant approved without a key field', () => {
    const narrowed = grantedSpec(SPEC, { id: 'gr_x', fields: ['name'] });
    expect('problem' in narrowed && narrowed.problem).toMatchObject({ code: 'forbidden' });
  });
});
