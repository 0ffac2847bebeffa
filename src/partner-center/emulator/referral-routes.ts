// The Referrals API, /v1.0/engagements/referrals (docs/remote-apis.md §1 "Endpoints"). Choices where the sources are silent
// ("Not confirmed" items 3 and 4): create answers 201 (configurable to the swagger's 200); PUT without If-Match
// is a 400 invalidRequest naming If-Match (the swagger marks the header required, and required-parameter
// failures are 400s in that API; the error catalogue has no 428 code); a failed If-Match is 412
// preconditionFailed; the partner may read Microsoft's related referrals but not write them (403).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiGate } from './api-gate.js';
import type { EmulatorContext } from './context.js';
import { applyPatch, parsePatchDocument } from './json-patch.js';
import { parseListQuery, runListQuery } from './odata-query.js';
import { notFound, PcErrorCode, PcHttpError, invalidRequest } from './pc-errors.js';
import type { EmReferral } from './referral-model.js';
import { bindReferral, checkRequiredParts } from './referral-rules.js';
import { etagMatches, Owner } from './state.js';

type WithId = FastifyRequest<{ Params: { id: string } }>;

export function registerReferralRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const base = '/v1.0/engagements/referrals';
  const find = (id: string): EmReferral => {
    const referral = ctx.store.get(id);
    if (!referral) throw notFound(`The referral '${id}' was not found.`, 'id');
    return referral;
  };
  const writable = (referral: EmReferral): EmReferral => {
    if (ctx.store.ownerOf(referral) !== Owner.partner) {
      throw new PcHttpError(
        403,
        PcErrorCode.accessDenied,
        `The referral '${referral.id}' belongs to ${referral.organizationName}; only its owner can change it.`,
      );
    }
    return referral;
  };
  const checkIfMatch = (request: FastifyRequest, referral: EmReferral, required: boolean): void => {
    const ifMatch = request.headers['if-match'];
    if (ifMatch === undefined || ifMatch === '') {
      if (required)
        throw invalidRequest("The 'If-Match' header is required: send the referral's eTag.", 'If-Match');
      return;
    }
    if (!etagMatches(ifMatch, referral.eTag)) {
      throw new PcHttpError(
        412,
        PcErrorCode.preconditionFailed,
        `The referral '${referral.id}' was changed since eTag ${ifMatch} was read.`,
        'If-Match',
      );
    }
  };
  const answer = (reply: FastifyReply, status: number, referral: EmReferral): void => {
    void reply.code(status).header('etag', referral.eTag).send(ctx.render(referral));
  };

  app.register((api, _options, done) => {
    api.addHook('onRequest', apiGate(ctx, ctx.settings.resources.referrals));

    api.get(base, (request) => {
      const query = parseListQuery(request.query as Record<string, unknown>);
      return runListQuery(ctx.store.list(), query, {
        baseUrl: ctx.baseUrl(),
        pageSize: ctx.settings.pageSize,
        partnerOrganizationId: ctx.store.partner.id,
        render: (r) => ctx.render(r) as unknown as Record<string, unknown>,
      });
    });

    api.get(`${base}/:id`, (request: WithId, reply) => answer(reply, 200, find(request.params.id)));

    api.post(base, (request, reply) => {
      const bound = bindReferral(request.body);
      checkRequiredParts(bound);
      const created = ctx.store.create(bound, Owner.partner);
      reply.header('location', `${ctx.baseUrl()}${base}/${created.id}`);
      answer(reply, ctx.settings.createStatus, created);
    });

    api.patch(`${base}/:id`, (request: WithId, reply) => {
      const current = writable(find(request.params.id));
      checkIfMatch(request, current, false);
      const operations = parsePatchDocument(request.body);
      const patched = applyPatch(current as unknown as Record<string, unknown>, operations);
      const updated = ctx.store.write(current.id, bindReferral(patched));
      const prefer = String(request.headers['prefer'] ?? '');
      if (/\breturn=representation\b/i.test(prefer)) {
        reply.header('preference-applied', 'return=representation');
        answer(reply, 200, updated);
        return;
      }
      void reply.code(204).header('etag', updated.eTag).send();
    });

    api.put(`${base}/:id`, (request: WithId, reply) => {
      const current = writable(find(request.params.id));
      checkIfMatch(request, current, true);
      const bound = bindReferral(request.body);
      if (typeof bound['id'] === 'string' && bound['id'] !== current.id) {
        throw invalidRequest(
          `The body's id '${bound['id']}' does not match the URL's '${current.id}'.`,
          'id',
        );
      }
      checkRequiredParts(bound);
      answer(reply, 200, ctx.store.write(current.id, bound));
    });
    done();
  });
}
