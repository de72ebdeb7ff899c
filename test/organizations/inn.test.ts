import { describe, expect, it } from 'vitest';
import { innProblem, isValidInn } from '../../server/organizations/inn.js';
import { duplicateKey } from '../../server/organizations/duplicates.js';

describe('INN check digits', () => {
  it('accepts real 10-digit INNs of legal entities and 12-digit INNs of persons', () => {
    expect(isValidInn('7707083893')).toBe(true); // ПАО Сбербанк
    expect(isValidInn('6731000342')).toBe(true);
    expect(isValidInn('500100732259')).toBe(true);
  });

  it('refuses a changed digit or two swapped digits, in Russian', () => {
    expect(innProblem('7707083894')).toMatch(/контрольной цифры/);
    expect(isValidInn('7707038893')).toBe(false);
    expect(innProblem('500100732258')).toMatch(/контрольных цифр/);
    expect(isValidInn('500100732269')).toBe(false);
  });

  it('refuses other lengths and anything but digits', () => {
    expect(innProblem('123456789')).toMatch(/10 цифр/);
    expect(innProblem('77070838931')).toMatch(/10 цифр/);
    expect(innProblem('77070838 3')).toMatch(/только из цифр/);
  });
});

describe('likely duplicates in the directory', () => {
  it('folds quotes, «№», spaces, case and a trailing city', () => {
    const key = duplicateKey('МБДОУ «Детский сад № 12 «Радуга»»');
    expect(duplicateKey('МБДОУ детский сад №12 Радуга г. Смоленска')).toBe(key);
    expect(duplicateKey('мбдоу "детский сад №12 радуга", город Смоленск')).toBe(key);
    expect(duplicateKey('МБДОУ «Детский сад № 13 «Радуга»»')).not.toBe(key);
  });
});
