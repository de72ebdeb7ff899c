/** Who an admin action is recorded under: the signed-in administrator (tokens never reach the admin area). */
import type { FastifyRequest } from 'fastify';
import { requireUser } from '../auth/plugin.js';
import type { AdminActor } from '../history/admin.js';

/** The administrator making the request, as the admin history names them. */
export function adminActor(request: FastifyRequest): AdminActor {
  const user = requireUser(request);
  return { userId: user.id, name: user.fullName };
}
