/** A pino logger that writes nothing, for services built outside an app in tests. */
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });
