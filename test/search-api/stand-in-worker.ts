/**
 * A stand-in for the search pool's worker (pool-crash.test.ts): ready at once, holds searches for «жди» without
 * answering, dies on «упади», and echoes anything else — so a test decides when a worker dies and what it held.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../../server/search-api/pool/protocol.js';

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
port.on('message', (message: ToWorker) => {
  if (message.type !== 'search' || message.query.q === 'жди') return;
  if (message.query.q === 'упади') process.exit(3);
  send({ type: 'answer', id: message.id, result: { query: message.query.q } as never });
});
send({ type: 'ready' });
