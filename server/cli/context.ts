/**
 * Opens the bank's database for a command-line tool, configured from the same environment as the server, with a
 * pino logger on stderr (stdout stays the tool's report): what the services log in a CLI run is seen, not lost.
 * Background jobs the tool queues (search sync, e-mail) are run by the server, which picks them up from the table.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
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

/** Where a tool writes its report and its errors (the terminal, or a test's buffers), and its environment. */
export interface ToolIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The variables the bank is configured from; the process's own when not given. */
  env?: NodeJS.ProcessEnv;
}

/** A tool's whole run: its arguments (after the script's name) in, its exit code out. */
export type Tool = (args: string[], io: ToolIo) => Promise<number>;

const terminal: ToolIo = { out: (text) => console.log(text), err: (text) => console.error(text) };

/**
 * Runs `tool` on the process's arguments when `moduleUrl` is the script Node was started with, and not when a test
 * imports the module to call the tool in its own process.
 */
export async function runWhenMain(moduleUrl: string, tool: Tool): Promise<void> {
  const script = process.argv[1];
  if (script && pathToFileURL(realpathSync(script)).href === moduleUrl)
    process.exitCode = await tool(process.argv.slice(2), terminal);
}

/** The bank's database and services for a tool, configured from `env` (the process's environment by default). */
export function openBank(env?: NodeJS.ProcessEnv) {
  try {
    const config = loadConfig(env);
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
