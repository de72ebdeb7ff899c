/**
 * npm run reindex — rebuilds the configured search engine (SEARCH_ENGINE) from the database.
 * Searches keep working while it runs: the embedded engine upserts in place, Meilisearch fills a new index
 * and swaps it in.
 */
import { allSearchDocuments } from '../search/documents.js';
import { openBank } from './context.js';

async function main(): Promise<number> {
  const bank = openBank();
  const { engine, vocabularies } = bank.services;
  const started = performance.now();
  try {
    await engine.start();
    const count = await engine.reindex(allSearchDocuments(bank.db, vocabularies));
    console.log(
      `Поисковый индекс (${engine.name}) перестроен: ${count} практик за ${((performance.now() - started) / 1000).toFixed(1)} с`,
    );
    return 0;
  } catch (error) {
    bank.log.error({ err: error, engine: engine.name }, 'reindex failed');
    console.error(`Не удалось перестроить индекс: ${(error as Error).message}`);
    return 1;
  } finally {
    await engine.close();
    bank.close();
  }
}

process.exitCode = await main();
