/**
 * npm run reindex — rebuilds the configured search engine (SEARCH_ENGINE) from the database.
 * Searches keep working while it runs: the embedded engine upserts in place, Meilisearch fills a new index
 * and swaps it in.
 */
import { allSearchDocuments } from '../search-api/documents.js';
import { openBank, runWhenMain, type ToolIo } from './context.js';

/** Rebuilds the search index from the database; exit code 0, or 1 when the engine fails. */
export async function runReindex(_args: string[], io: ToolIo): Promise<number> {
  const bank = openBank(io.env);
  const { engine, vocabularies } = bank.services;
  const started = performance.now();
  try {
    await engine.start();
    const count = await engine.reindex(allSearchDocuments(bank.db, vocabularies));
    io.out(
      `Поисковый индекс (${engine.name}) перестроен: ${count} практик за ${((performance.now() - started) / 1000).toFixed(1)} с`,
    );
    return 0;
  } catch (error) {
    bank.log.error({ err: error, engine: engine.name }, 'reindex failed');
    io.err(`Не удалось перестроить индекс: ${(error as Error).message}`);
    return 1;
  } finally {
    await engine.close();
    bank.close();
  }
}

await runWhenMain(import.meta.url, runReindex);
