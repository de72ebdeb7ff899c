/** The routes a built bank answers, read from its router's own listing, each with the access it declares. */
import type { RouteAccess } from '../../server/access/routes.js';
import type { App } from '../../server/app.js';

/**
 * Every method and path the router answers, read from its own tree listing (not from the access plugin): each
 * line is a segment under the nearest shallower line, four columns per level.
 */
export function routerRoutes(listing: string): string[] {
  const parents: string[] = [];
  return listing.split('\n').flatMap((line) => {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) return [];
    const depth = match[1]!.length / 4;
    const path = (depth === 0 ? '' : parents[depth - 1]!) + match[2]!;
    parents[depth] = path;
    return match[3]!.split(', ').map((method) => `${method} ${path}`);
  });
}

export interface DeclaredRoute {
  method: string;
  /** The route's pattern as registered (`/api/v1/practices/:id`). */
  url: string;
  /** Its declaration, or undefined when it has none (which the test reports). */
  access: RouteAccess | undefined;
}

/**
 * The router's routes with their declarations. The listing prints a wildcard under its nearest branch rather than
 * its full path (`/docs*` for `/docs/static/*`): such a line stands for the declared wildcard routes under it.
 */
export function declaredRoutes(app: App): DeclaredRoute[] {
  const declared = [...app.routeAccess];
  return routerRoutes(app.printRoutes({ commonPrefix: false })).flatMap((route) => {
    const [method, url] = route.split(' ') as [string, string];
    if (!url.endsWith('*')) return [{ method, url, access: app.routeAccess.get(route) }];
    const wildcards = declared.filter(([key]) => key.endsWith('*') && key.startsWith(route.slice(0, -1)));
    if (wildcards.length === 0) return [{ method, url, access: undefined }];
    return wildcards.map(([key, access]) => ({ method, url: key.slice(key.indexOf(' ') + 1), access }));
  });
}
