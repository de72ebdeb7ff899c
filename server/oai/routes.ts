/**
 * `/oai`: the OAI-PMH 2.0 endpoint aggregators harvest. The protocol allows GET and a form POST (for long
 * arguments); both only read, so the POST is exempt from the forms' CSRF check. Not in the API docs: harvesters
 * speak the protocol, not the bank's API.
 */
import type { FastifyPluginAsync } from 'fastify';
import { PUBLIC_READ } from '../access/routes.js';
import type { RawArguments } from './protocol.js';
import type { OaiService } from './service.js';

const ANSWER = { ...PUBLIC_READ, readsOnly: true };

export const oaiRoutes: FastifyPluginAsync<{ oai: OaiService }> = async (app, { oai }) => {
  const send = (args: unknown) => oai.answer((args ?? {}) as RawArguments);
  app.get('/oai', { config: ANSWER, schema: { hide: true } }, async (request, reply) =>
    reply.type('text/xml; charset=utf-8').send(send(request.query)),
  );
  app.post('/oai', { config: ANSWER, schema: { hide: true } }, async (request, reply) => {
    // The protocol's POST carries the same arguments as a form body; anything else has no arguments at all.
    const type = request.headers['content-type'] ?? '';
    const args = type.startsWith('application/x-www-form-urlencoded') ? request.body : {};
    return reply.type('text/xml; charset=utf-8').send(send(args));
  });
};
