/** Plain text: the first bytes of the file, as UTF-8. */
import { EXTRACT_LIMITS, readHeadSync } from './limits.js';

export const txtText = (file: string): string => readHeadSync(file, EXTRACT_LIMITS.plainBytes).toString('utf8');
