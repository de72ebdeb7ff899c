/**
 * The authorization test generated from the router: every route the bank answers × anonymous, author, other
 * author, moderator, admin, read token and moderate token. What each cell expects is declared beside the route —
 * its `access` (people and token scopes) and, where a draft belongs to its authors, the `owner` marker — so a new
 * route is covered the moment it is registered, and a route whose handler refuses or admits someone its
 * declaration does not is caught. Those the declaration refuses send an invalid body: they must be refused
 * before it is read (401/403, never a 400 with field details).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { tempDir, testConfig } from '../helper.js';
import { expectationOf, isWrite, meets, needsResources, requestFor } from './requests.js';
import { declaredRoutes } from './router.js';
import { CALLERS, keepSignedIn, makePeople, makeResources, type Caller, type People } from './world.js';

const data = tempDir('bank-authorization-');
const app = await buildApp(testConfig({ DATA_DIR: data.dir }));
await app.ready();
// HEAD answers from its GET route's declaration and handler; calling both would only double the time.
const routes = declaredRoutes(app).filter(
  (route) => route.method !== 'HEAD' || !app.routeAccess.has(`GET ${route.url}`),
);
/** The owner acts last: their write may delete what the others were refused. */
const ORDER: Caller[] = [...CALLERS.filter((caller) => caller !== 'author'), 'author'];

let people: People;

beforeAll(async () => {
  people = await makePeople(app);
});
afterAll(async () => {
  await app.close();
  data.remove();
});

describe('the authorization test generated from the router', () => {
  it('covers the bank: every kind of route, every declaration', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((route) => route.access?.owner).length).toBeGreaterThan(15);
    expect(routes.filter((route) => isWrite(route.method)).length).toBeGreaterThan(40);
  });

  it.each(routes.map((route) => [`${route.method} ${route.url}`, route] as const))(
    '%s answers every caller as its declaration says',
    async (_name, route) => {
      expect(route.access, 'the route declares no access').toBeDefined();
      const declared = route.access!;
      await keepSignedIn(app, people);
      const world = needsResources(route) ? await makeResources(app, people) : undefined;
      const wrong: string[] = [];
      for (const caller of ORDER) {
        const expected = expectationOf(declared, caller, people);
        const res = await app.inject(requestFor(route, caller, { people, world }));
        if (meets(expected, res.statusCode)) continue;
        const want = expected.allowed ? 'допущен' : `${expected.statuses.join('/')} (${expected.why})`;
        wrong.push(`${caller}: ожидалось ${want}, получено ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
