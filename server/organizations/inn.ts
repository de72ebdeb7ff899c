/**
 * The INN (ИНН) check: 10 digits for a legal entity, 12 for a person or sole trader, the last one (two) being
 * check digits computed by the Federal Tax Service's weights. A typo in one digit fails the check.
 */

const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((total, weight, i) => total + weight * (digits[i] ?? 0), 0);
  return (sum % 11) % 10;
}

/** What is wrong with an INN, in Russian, or null when it is a valid 10- or 12-digit number. */
export function innProblem(inn: string): string | null {
  if (!/^\d+$/.test(inn)) return 'ИНН состоит только из цифр';
  const digits = [...inn].map(Number);
  if (digits.length === 10) {
    return checkDigit(digits, WEIGHTS_10) === digits[9]
      ? null
      : 'ИНН не прошёл проверку контрольной цифры: проверьте, нет ли опечатки';
  }
  if (digits.length === 12) {
    return checkDigit(digits, WEIGHTS_11) === digits[10] && checkDigit(digits, WEIGHTS_12) === digits[11]
      ? null
      : 'ИНН не прошёл проверку контрольных цифр: проверьте, нет ли опечатки';
  }
  return 'ИНН организации — 10 цифр (12 — у индивидуального предпринимателя)';
}

/** Whether `inn` is a valid INN. */
export const isValidInn = (inn: string): boolean => innProblem(inn) === null;
