import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;

// CI installs docker-compose (.ci/run); elsewhere the check is skipped, saying why, rather than faked.
describe.skipIf(!hasCompose && !process.env.CI)(
  `docker-compose.yml${hasCompose ? '' : ' (skipped: docker-compose is not installed; `apt-get install docker-compose`)'}`,
  () => {
    const config = (env: Record<string, string>) =>
      spawnSync('docker-compose', ['config'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });

    it('is valid and runs the bank with Meilisearch, a master key from the environment, volumes and health checks', () => {
      const result = config({ MEILI_MASTER_KEY: 'compose-test-key-0123456789' });
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.status).toBe(0);
      const out = result.stdout;
      expect(out).toMatch(/image: getmeili\/meilisearch:v1\.\d+/);
      expect(out).toContain('MEILI_MASTER_KEY: compose-test-key-0123456789');
      expect(out).toContain('SEARCH_ENGINE: meilisearch');
      expect(out).toContain('MEILI_URL: http://meilisearch:7700');
      expect(out).toMatch(/condition: service_healthy/);
      expect(out.match(/healthcheck:/g)).toHaveLength(2);
      expect(out).toMatch(/meili-data:\/meili_data/);
      expect(out).toMatch(/bank-data:\/data/);
    });

    it('refuses to start without a master key', () => {
      const result = config({});
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('MEILI_MASTER_KEY');
    });
  },
);
