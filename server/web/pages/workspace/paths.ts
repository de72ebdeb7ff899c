/**
 * The workspace's addresses in one place: the pages link to each other (the editor's tabs, /my's next steps, the
 * reviewer's desk, notifications, e-mails), so each address is written once.
 */
export const WORKSPACE = {
  login: '/login',
  register: '/register',
  /** Where registration leads: «Проверьте почту». */
  registered: '/register/sent',
  /** The page a confirmation letter links to. */
  confirmLink: (token: string) => `/confirm-email/${token}`,
  /** «Отправить письмо ещё раз»: a new confirmation link for the signed-in person. */
  confirmResend: '/account/confirm-email',
  account: '/account',
  accountPassword: '/account/password',
  accountSessions: '/account/sessions',
  passwordReset: '/password-reset',
  /** The page a reset letter links to. */
  passwordResetLink: (token: string) => `/password-reset/${token}`,
  adminUsers: '/admin/users',
  oneTimePassword: (userId: number) => `/admin/users/${userId}/one-time-password`,
  notifications: '/notifications',
  /** Subscriptions to searches of the person's address and their e-mail choices for notifications. */
  subscriptions: '/my/subscriptions',
  cancelSubscription: (id: number) => `/my/subscriptions/${id}/cancel`,
  emailPreferences: '/my/subscriptions/email',
  /** Questions visitors asked about the person's practices. */
  questions: '/my/questions',
  answerQuestion: (id: number) => `/my/questions/${id}/answer`,
  my: '/my',
  newPractice: '/my/practices/new',
  /** The editor of the practice's latest version (draft or returned for changes), or its state when not editable. */
  practice: (id: number) => `/my/practices/${id}`,
  materials: (id: number) => `/my/practices/${id}/materials`,
  authors: (id: number) => `/my/practices/${id}/authors`,
  moderation: '/moderation',
  review: (id: number) => `/moderation/practices/${id}`,
  /** The keepers' desk of collections (curators and moderators). */
  curation: '/curation',
  newCollection: '/curation/new',
  /** A collection's editor: its fields, publication and practices. */
  curatedCollection: (id: number) => `/curation/${id}`,
} as const;
