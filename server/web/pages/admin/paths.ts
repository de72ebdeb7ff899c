/**
 * The admin area's addresses in one place: the sections link to each other and the header links to the area,
 * so each address is written once. Each section is a page plugin of its own under `pages/admin/`.
 */
export const ADMIN = {
  home: '/admin',
  users: '/admin/users',
  user: (id: number) => `/admin/users/${id}`,
  tokens: '/admin/tokens',
  organizations: '/admin/organizations',
  organization: (id: number) => `/admin/organizations/${id}`,
  vocabularies: '/admin/vocabularies',
  situations: '/admin/situations',
  newSituation: '/admin/situations/new',
  situation: (id: number) => `/admin/situations/${id}`,
  removeSituation: (id: number) => `/admin/situations/${id}/remove`,
  imports: '/admin/imports',
  backups: '/admin/backups',
  stats: '/admin/stats',
  history: '/admin/history',
} as const;

/** One section of the admin area as the menu and the area's first page show it. */
export interface AdminSection {
  href: string;
  label: string;
  /** One line under the label on `/admin`: what an administrator does there. */
  hint: string;
}

/** The sections in the order the menu lists them. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { href: ADMIN.users, label: 'Пользователи', hint: 'Роли, блокировка, сеансы, сброс пароля' },
  { href: ADMIN.organizations, label: 'Организации', hint: 'Справочник, ИНН, новые организации, объединение дублей' },
  { href: ADMIN.vocabularies, label: 'Словари', hint: 'Уровни, предметы, технологии, направления и их синонимы' },
  {
    href: ADMIN.situations,
    label: 'Жизненные ситуации',
    hint: 'Слова, которыми педагоги описывают ситуацию, и понятия практик, которые по ним ищет поиск',
  },
  { href: ADMIN.imports, label: 'Импорт', hint: 'Загрузка практик из таблиц XLSX, CSV и файлов JSON' },
  { href: ADMIN.tokens, label: 'Ключи API', hint: 'Ключи доступа для других систем' },
  { href: ADMIN.backups, label: 'Резервные копии', hint: 'Последняя копия, её размер и расписание' },
  { href: ADMIN.stats, label: 'Статистика', hint: 'Практики, просмотры, скачивания и работа модерации' },
  { href: ADMIN.history, label: 'Журнал', hint: 'Кто и что менял в администрировании' },
];
