import { http, HttpResponse } from 'msw';
import { screen } from '@testing-library/react';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { ScoreCard } from './score-card';

describe('ScoreCard', () => {
  it('shows the chance, its band and the reasons in words', async () => {
    server.use(
      http.get('*/api/v1/debtors/:id/score', () =>
        HttpResponse.json({
          probability: 0.2318, band: 'D', modelVersion: 'scorecard-1', scoredAt: '2026-12-02T12:00:00Z',
          reasons: [{ feature: 'days_late', effect: -0.6 }, { feature: 'prior_payments', effect: 0.35 }],
        })),
    );
    renderWithProviders(<ScoreCard debtorId="d-1" />);
    expect(await screen.findByText('23%')).toBeInTheDocument();
    expect(screen.getByText('Faixa D')).toBeInTheDocument();
    expect(screen.getByText('dias em atraso: reduz a chance')).toBeInTheDocument();
    expect(screen.getByText('pagamentos anteriores: aumenta a chance')).toBeInTheDocument();
    expect(screen.getByText(/Tabela de pontos/)).toBeInTheDocument();
  });

  it('shows nothing while Analytics knows no open debt of the debtor', async () => {
    server.use(http.get('*/api/v1/debtors/:id/score', () => HttpResponse.json({ title: 'Not found' }, { status: 404 })));
    const { container } = renderWithProviders(<ScoreCard debtorId="d-2" />);
    await new Promise((r) => setTimeout(r, 100));
    expect(container.textContent).not.toContain('Propensão');
  });
});
