/** A world for adoption tests: a published practice with an author account, and a teacher of another school. */
import type { App } from '../../server/app.js';
import { makeOrganization, signUp } from '../helper.js';
import { act, completeDraft } from '../moderation/fixtures.js';

let schools = 0;

/** A practice published through moderation; its author has an account (so they can be notified). */
export async function publishedPractice(app: App, title?: string) {
  const moderator = await signUp(app, { roles: ['moderator'] });
  const draft = await completeDraft(app, title);
  await act(app, draft.author, draft.id, 'submit');
  await act(app, moderator, draft.id, 'claim');
  const approved = await act(app, moderator, draft.id, 'approve');
  if (approved.statusCode !== 200) throw new Error(approved.body);
  const number = approved.json().registryNumber as string;
  return { ...draft, moderator, number };
}

/** A school of another municipality and a teacher who works there. */
export async function otherSchool(app: App, municipality = 'roslavlsky') {
  schools += 1;
  const organizationId = makeOrganization(app, `МБОУ «Средняя школа № ${schools}» (внедрение)`, municipality);
  const teacher = await signUp(app, { position: 'учитель начальных классов' });
  return { organizationId, teacher };
}

/** A report as the API takes it. */
export const reportOf = (organizationId: number, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  since: '2025-09',
  adapted: 'Сократили цикл игр до восьми занятий и перенесли их в группу продлённого дня.',
  results: 'Три четверти детей предлагают больше двух решений задачи, в начале года — треть.',
  ...overrides,
});
