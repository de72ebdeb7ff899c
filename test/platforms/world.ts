/** A small world for the platforms' tests: keepers, a teacher, an organisation, a platform, posting forms. */
import type { App } from '../../server/app.js';
import type { NewPlatform } from '../../server/platforms/schemas.js';
import { makeOrganization, signUp, type Client } from '../helper.js';

export interface PlatformWorld {
  teacher: Client;
  moderator: Client;
  admin: Client;
  organizationId: number;
}

export async function makeWorld(app: App): Promise<PlatformWorld> {
  return {
    teacher: await signUp(app, { roles: ['author'] }),
    moderator: await signUp(app, { roles: ['moderator'] }),
    admin: await signUp(app, { roles: ['admin'] }),
    organizationId: makeOrganization(app, 'МБДОУ «Детский сад № 80 «Гнёздышко»»'),
  };
}

let made = 0;

/** A platform added through the service as an admin would add it. */
export function makePlatform(app: App, organizationId: number, overrides: Partial<NewPlatform> = {}) {
  made += 1;
  return app.bank.services.platforms.create(
    { userId: null, name: 'Тест' },
    {
      organizationId,
      theme: `Сетевое взаимодействие детских садов ${made}`,
      level: 'regional',
      status: 'active',
      yearFrom: 2024,
      yearTo: 2026,
      orderNumber: `${made}-ОД`,
      orderDate: '2024-08-30',
      orderIssuer: 'Министерство образования и науки Смоленской области',
      description: '',
      ...overrides,
    },
  );
}

/** A browser's form post: urlencoded fields with the session's CSRF token. */
export function postForm(app: App, client: Client | null, url: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...(client ? { cookie: client.cookie } : {}),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ ...fields, _csrf: client?.csrf ?? 'x'.repeat(43) }).toString(),
  });
}

/** A multipart form with plain fields before one file, as a browser sends it (the token rides in the address). */
export function postFile(
  app: App,
  client: Client,
  url: string,
  fields: Record<string, string>,
  file: { name: string; data: Buffer | string },
) {
  const boundary = `----platform${Math.random().toString(16).slice(2)}`;
  const parts = [
    ...Object.entries(fields).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(file.name)}; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  ];
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(client.csrf)}`,
    headers: { cookie: client.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}
