import { formatBRL } from './format';

describe('formatBRL', () => {
  it('formats reais the Brazilian way', () => {
    expect(formatBRL(1234.5)).toBe('R$\u00a01.234,50');
    expect(formatBRL(0)).toBe('R$\u00a00,00');
  });
});
