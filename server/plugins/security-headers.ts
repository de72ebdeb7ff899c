/**
 * The security headers every answer carries (CSP, nosniff, frame-ancestors…), declared once. Helmet sets them on
 * routed requests in `onRequest`; answers made before routing (a malformed URL, a parameter over the length limit)
 * or by the HTTP parser itself (431, 414, 400) never reach that hook, so they get the same set from `securityHeaders`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from 'helmet';

/** Helmet's options for the bank; HSTS and upgrade-insecure-requests only behind TLS (they break plain-http hosts). */
export function helmetOptions(https: boolean): FastifyHelmetOptions {
  return {
    global: true,
    hsts: https,
    contentSecurityPolicy: {
      useDefaults: true,
      // Every style and font is the bank's own (it must work in a closed network): no `https:` sources.
      directives: {
        upgradeInsecureRequests: https ? [] : null,
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
      },
    },
  };
}

/** The headers helmet would set with these options, as a plain record (lower-case names). */
export function securityHeaders(https: boolean): Record<string, string> {
  const { global: _global, enableCSPNonces: _nonces, ...options } = helmetOptions(https);
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  helmet(options as Parameters<typeof helmet>[0])(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error;
    },
  );
  return headers;
}
