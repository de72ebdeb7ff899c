/** Every address of the platforms' pages, written once: the list, a platform, and the keepers' forms. */
export const PLATFORMS = {
  list: '/platforms',
  one: (id: number) => `/platforms/${id}`,
  create: '/platforms/new',
  edit: (id: number) => `/platforms/${id}/edit`,
  practices: (id: number) => `/platforms/${id}/practices`,
  files: (id: number) => `/platforms/${id}/files`,
  import: '/platforms/import',
  importPreview: (id: string) => `/platforms/import/${id}`,
  importReport: (id: string) => `/platforms/import/${id}/report`,
  template: '/platforms/import/template.xlsx',
} as const;
