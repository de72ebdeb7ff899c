/**
 * One error catalogue: every error a client can see has a stable `code`, an HTTP status and a Russian message
 * fit to show to a person. Services throw `AppError`s; the error handler (plugins/error-handler.ts) renders them.
 */
import { STATUS_CODES } from 'node:http';

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `authors.0.fullName`. */
  field: string;
  message: string;
}

const CATALOGUE = {
  VALIDATION_FAILED: [400, 'Данные заполнены с ошибками'],
  MALFORMED_JSON: [400, 'Тело запроса не является корректным JSON'],
  BAD_REQUEST: [400, 'Некорректный запрос'],
  AUTH_REQUIRED: [401, 'Войдите в систему'],
  INVALID_CREDENTIALS: [401, 'Неверный адрес электронной почты или пароль'],
  INVALID_TOKEN: [401, 'Токен API неверен или отозван'],
  FORBIDDEN: [403, 'Недостаточно прав для этого действия'],
  CSRF_TOKEN_INVALID: [403, 'Запрос отклонён: обновите страницу и повторите действие'],
  PASSWORD_CHANGE_REQUIRED: [403, 'Смените одноразовый пароль, прежде чем продолжить'],
  ACCOUNT_DISABLED: [403, 'Учётная запись отключена'],
  EMAIL_NOT_CONFIRMED: [
    403,
    'Сначала подтвердите адрес электронной почты: откройте ссылку из письма, которое мы отправили при регистрации',
  ],
  NOT_FOUND: [404, 'Страница не найдена'],
  PRACTICE_NOT_FOUND: [404, 'Практика не найдена'],
  ORGANIZATION_NOT_FOUND: [404, 'Организация не найдена'],
  MUNICIPALITY_NOT_FOUND: [404, 'Муниципальное образование не найдено'],
  REGISTRY_NUMBER_NOT_FOUND: [404, 'Практика с таким номером в реестре не найдена'],
  VERSION_NOT_FOUND: [404, 'Такой версии практики нет'],
  USER_NOT_FOUND: [404, 'Пользователь не найден'],
  SESSION_NOT_FOUND: [404, 'Такого сеанса нет'],
  RESET_LINK_INVALID: [410, 'Ссылка для смены пароля устарела или уже использована: запросите новую'],
  CONFIRM_LINK_INVALID: [410, 'Ссылка для подтверждения адреса устарела или уже использована: запросите новую'],
  NOTIFICATION_NOT_FOUND: [404, 'Уведомление не найдено'],
  ATTACHMENT_NOT_FOUND: [404, 'Вложение не найдено'],
  PREVIEW_NOT_READY: [404, 'Превью ещё не готово'],
  PREVIEW_NOT_AVAILABLE: [404, 'Для этого файла превью нет'],
  TOKEN_NOT_FOUND: [404, 'Токен не найден'],
  COLLECTION_NOT_FOUND: [404, 'Подборка не найдена'],
  COLLECTION_ITEM_NOT_FOUND: [404, 'Этой практики в подборке нет'],
  INVITATION_NOT_FOUND: [404, 'Приглашения в соавторы этой практики нет'],
  TERM_NOT_FOUND: [404, 'Такого термина в справочнике нет'],
  PLATFORM_NOT_FOUND: [404, 'Инновационная площадка не найдена'],
  PLATFORM_FILE_NOT_FOUND: [404, 'Файл площадки не найден'],
  TERM_CHANGE_NOT_ALLOWED: [409, 'Это изменение термина сейчас невозможно'],
  // Adoptions («Внедрили у себя»).
  ADOPTION_NOT_FOUND: [404, 'Сообщение о внедрении не найдено'],
  ADOPTION_NOT_ALLOWED: [409, 'Это действие с сообщением о внедрении сейчас невозможно'],
  METHOD_NOT_ALLOWED: [405, 'Метод не поддерживается'],
  REQUEST_TIMEOUT: [408, 'Запрос передавался слишком долго'],
  USER_DISABLED: [409, 'Учётная запись отключена: сначала включите её'],
  EMAIL_TAKEN: [409, 'Пользователь с таким адресом уже зарегистрирован'],
  EMAIL_ALREADY_CONFIRMED: [409, 'Адрес уже подтверждён'],
  ALREADY_SIGNED_IN: [409, 'Вы уже вошли: чтобы зарегистрировать другую учётную запись, сначала выйдите'],
  PRACTICE_NOT_EDITABLE: [409, 'Практику в этом состоянии нельзя изменить'],
  TRANSITION_NOT_ALLOWED: [409, 'Это действие недоступно в текущем состоянии практики'],
  CLAIMED_BY_ANOTHER: [409, 'Практику рассматривает другой модератор'],
  REGISTRY_NUMBER_TAKEN: [409, 'Этот номер в реестре уже занят'],
  COLLECTION_ITEM_EXISTS: [409, 'Эта практика уже есть в подборке'],
  PLATFORM_EXISTS: [409, 'Площадка этой организации с той же темой и годом начала уже есть в реестре'],
  // The admin area (accounts and the directory).
  LAST_ADMIN: [409, 'В банке должен остаться хотя бы один администратор с действующей учётной записью'],
  SELF_LOCKOUT: [409, 'Нельзя отключить собственную учётную запись'],
  ORGANIZATION_MERGED: [409, 'Эта организация уже объединена с другой'],
  PRACTICE_WITHDRAWN: [410, 'Практика снята с публикации'],
  PRECONDITION_FAILED: [412, 'Практику уже изменил кто-то другой: обновите страницу и повторите'],
  BODY_TOO_LARGE: [413, 'Слишком большой запрос'],
  FILE_TOO_LARGE: [413, 'Файл слишком большой'],
  TOO_MANY_FILES: [413, 'Слишком много файлов'],
  ATTACHMENT_QUOTA_EXCEEDED: [413, 'Вложения практики заняли всё отведённое им место'],
  URI_TOO_LONG: [414, 'Слишком длинный адрес запроса'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Неподдерживаемый тип содержимого'],
  RANGE_NOT_SATISFIABLE: [416, 'Запрошенный диапазон за пределами файла'],
  PRECONDITION_REQUIRED: [428, 'Нужен заголовок If-Match с версией, которую вы читали'],
  HEADERS_TOO_LARGE: [431, 'Слишком большие заголовки запроса'],
  RATE_LIMITED: [429, 'Слишком много попыток, повторите позже'],
  INVITATION_LIMIT_REACHED: [429, 'Вы отправили слишком много приглашений за сутки: попробуйте завтра'],
  SUBSCRIPTION_LIMIT_REACHED: [429, 'За сутки с этого адреса уже оформлено много подписок: попробуйте завтра'],
  QUESTION_LIMIT_REACHED: [429, 'Вы уже задали много вопросов за сутки: попробуйте завтра'],
  SUBSCRIPTION_LINK_INVALID: [410, 'Ссылка устарела или уже использована'],
  SUBSCRIPTION_NOT_FOUND: [404, 'Такой подписки нет'],
  QUESTION_NOT_FOUND: [404, 'Такого вопроса нет'],
  QUESTION_ALREADY_ANSWERED: [409, 'На этот вопрос уже ответили'],
  QUESTION_NO_RECIPIENT: [409, 'У авторов этой практики нет учётной записи в банке: вопрос некому передать'],
  SIGN_IN_PAUSED: [429, 'Вход в эту учётную запись временно приостановлен после неудачных попыток'],
  INTERNAL_ERROR: [500, 'Внутренняя ошибка сервера. Мы уже знаем о ней'],
  SERVICE_UNAVAILABLE: [503, 'Сервис временно недоступен'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof CATALOGUE;

export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message ?? CATALOGUE[code][1]);
    this.name = 'AppError';
    this.statusCode = CATALOGUE[code][0];
  }
}

/** The body every error response has. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  details?: ErrorDetail[];
}

export function errorBody(code: ErrorCode, message?: string, details?: ErrorDetail[]): ErrorBody {
  const statusCode = CATALOGUE[code][0];
  return {
    statusCode,
    code,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: message ?? CATALOGUE[code][1],
    ...(details && details.length > 0 ? { details } : {}),
  };
}

/** The one way to make a 400 VALIDATION_FAILED: the fields at fault, each with a message for a person. */
export function validationError(details: ErrorDetail[], message?: string): AppError {
  return new AppError('VALIDATION_FAILED', message, details);
}
