/** A second connection in its own process: allocates registry numbers as fast as it can, prints them as JSON. */
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { registryCounters } from '../../server/registry/numbers.js';

const [file, count] = [process.argv[2]!, Number(process.argv[3])];
const db = openDatabase(file);
const numbers: string[] = [];
const counters = registryCounters(db.$client);
for (let i = 0; i < count; i += 1) numbers.push(writeTransaction(db, () => counters.allocate(2026)));
db.$client.close();
process.stdout.write(JSON.stringify(numbers));
