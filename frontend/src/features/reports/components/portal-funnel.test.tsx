import { http, HttpResponse } from 'msw';
import { screen, within } from '@testing-library/react';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { PortalFunnel } from './portal-funnel';

describe('PortalFunnel', () => {
  it('shows the debtors at each step of the period and the table by month and portfolio', async () => {
    let asked: URLSearchParams | null = null;
    server.use(http.get('*/api/v1/reports/portal-funnel', ({ request }) => {
      asked = new URL(request.url).searchParams;
      return HttpResponse.json({
        from: '2026-01-01', to: '2026-12-02',
        lines: [{ month: '2026-11', portfolioId: 'p1', portfolio: 'varejo', codesSent: 120, sessions: 80, offersSeen: 60, agreements: 20, firstInstallmentPaid: 12, agreementRate: 0.25 }],
        totals: { codesSent: 120, sessions: 80, offersSeen: 60, agreements: 20, firstInstallmentPaid: 12 },
      });
    }));
    renderWithProviders(<PortalFunnel period={{ from: '2026-01-01', to: '2026-12-02' }} />);
    expect(await screen.findByRole('img', { name: 'Devedores em cada etapa do portal no período' })).toBeInTheDocument();
    const row = within(screen.getByRole('table', { name: 'Funil do portal por mês e carteira' })).getAllByRole('row')[1];
    expect(row).toHaveTextContent(/varejo/);
    expect(row).toHaveTextContent(/120.*80.*60.*20.*12.*25/);
    expect(asked!.get('from')).toBe('2026-01-01');
  });

  it('says so when no debtor used the portal', async () => {
    server.use(http.get('*/api/v1/reports/portal-funnel', () => HttpResponse.json({
      from: '2026-01-01', to: '2026-12-02', lines: [], totals: { codesSent: 0, sessions: 0, offersSeen: 0, agreements: 0, firstInstallmentPaid: 0 },
    })));
    renderWithProviders(<PortalFunnel period={{ from: '2026-01-01', to: '2026-12-02' }} />);
    expect(await screen.findByText('Nenhum acesso ao portal do devedor no período.')).toBeInTheDocument();
  });
});
