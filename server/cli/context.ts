/**
 * Opens the bank's database for a command-line tool, configured from the same environment as the server, with a
 * pino logger on stderr (stdout stays the tool's report): what the services log in a CLI run is seen, not lost.
 * Background jobs the tool queues (search sync, e-mail) are run by the server, which picks them up from the table.
 */
import pino from 'pino';
import { createServices } from '../services.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/client.js';
import { useRussianMessages } from '../shared/zod-russian.js';

useRussianMessages();

/** Pretty lines for a person at a terminal, JSON lines otherwise; synchronous so nothing is lost at exit. */
export function cliLogger(level: Config['logLevel']) {
  return process.stderr.isTTY
    ? pino({
        level,
        transport: {
          target: 'pino-pretty',
          options: { destination: 2, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true },
        },
      })
    : pino({ level }, pino.destination({ dest: 2, sync: true }));
}

export function openBank() {
  try {
    const config = loadConfig();
    const log = cliLogger(config.logLevel);
    const db = openDatabase(config.databasePath);
    return { config, db, log, services: createServices(config, db, log), close: () => db.$client.close() };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
