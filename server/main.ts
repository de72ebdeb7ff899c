/** The process: reads the configuration, listens, and shuts down gracefully on a signal. */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';

function loggerOptions(config: Config) {
  // Pretty lines for a person at a terminal; JSON lines for everything else (log collectors, CI).
  const pretty = process.stdout.isTTY && config.env !== 'production';
  return {
    level: config.logLevel,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const app = await buildApp(config, { logger: loggerOptions(config) });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down');
    // Stops accepting connections, lets in-flight requests finish, then closes the database (onClose hook).
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Банк практик: ${config.baseUrl} (API: ${config.baseUrl}/docs, данные: ${config.dataDir})`);
  if (app.oneTimeAdmin) {
    // Straight to the operator's terminal, whatever the log level, and never into the logs.
    process.stderr.write(
      `\nАдминистратор: ${app.oneTimeAdmin.email}, одноразовый пароль: ${app.oneTimeAdmin.password}\n` +
        `Войдите на ${config.baseUrl}/login — банк сразу попросит задать свой пароль. Пока вы не вошли, при каждом\n` +
        `запуске выдаётся новый.\n\n`,
    );
  }
}

await main();
