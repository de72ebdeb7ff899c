/** Opens the bank's database for a command-line tool, configured from the same environment as the server. */
import { createServices } from '../services.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { useRussianMessages } from '../shared/zod-russian.js';

useRussianMessages();

export function openBank() {
  try {
    const config = loadConfig();
    const db = openDatabase(config.databasePath);
    return { config, db, services: createServices(config, db), close: () => db.$client.close() };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
