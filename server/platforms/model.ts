/** Innovation platforms as people name them: levels and statuses with their Russian labels, declared once. */
import { PLATFORM_LEVELS, PLATFORM_STATUSES, type PlatformLevel, type PlatformStatus } from '../db/schema.js';

export { PLATFORM_LEVELS, PLATFORM_STATUSES, type PlatformLevel, type PlatformStatus };

/** «Региональная инновационная площадка» and its kin: the level of the order that established it. */
export const LEVEL_LABELS: Record<PlatformLevel, string> = {
  federal: 'Федеральная',
  regional: 'Региональная',
  municipal: 'Муниципальная',
};

/** Statuses in the words of the region's orders on innovation platforms. */
export const STATUS_LABELS: Record<PlatformStatus, string> = {
  active: 'Действующая',
  completed: 'Завершила работу',
  terminated: 'Статус прекращён досрочно',
};

/** Spellings an imported register uses for each level and status, folded (lower case, ё→е). */
export const LEVEL_SPELLINGS: Record<string, PlatformLevel> = {
  федеральная: 'federal',
  фип: 'federal',
  federal: 'federal',
  региональная: 'regional',
  рип: 'regional',
  regional: 'regional',
  муниципальная: 'municipal',
  мип: 'municipal',
  municipal: 'municipal',
};

export const STATUS_SPELLINGS: Record<string, PlatformStatus> = {
  действующая: 'active',
  действует: 'active',
  active: 'active',
  'завершила работу': 'completed',
  завершена: 'completed',
  завершила: 'completed',
  completed: 'completed',
  'статус прекращен досрочно': 'terminated',
  'прекращена досрочно': 'terminated',
  прекращена: 'terminated',
  terminated: 'terminated',
};

/** The earliest and latest years a platform's period may name. */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;
