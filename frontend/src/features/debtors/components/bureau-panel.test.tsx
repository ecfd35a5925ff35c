import { http, HttpResponse } from 'msw';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { BureauPanel } from './bureau-panel';

const lookup = {
  id: 'l-1', debtorId: 'd-1', portfolioId: 'p-1', purpose: 'collection', legalBasis: 'Proteção do crédito (LGPD art. 7º, X)',
  requestedBy: 'ana@recovery.test', requestedAt: '2026-12-01T14:00:00Z', cost: 3.5, cached: false, cachedFrom: null, protocol: 'BV-1', score: 612,
  restrictions: [{ key: 'R-1', kind: 'protest', creditor: 'Cartório 2º Ofício', amount: 850, date: '2026-03-10' }],
  contacts: [{ channel: 'phone', value: '+5521933334444' }], erased: false,
};

describe('BureauPanel', () => {
  it('shows the last answer in Portuguese and the budget refusal as the API words it', async () => {
    const asked: unknown[] = [];
    server.use(
      http.get('*/api/v1/debtors/d-1/bureau-lookups', () => HttpResponse.json({
        items: [lookup], monitored: true,
        alerts: [{ id: 'a-1', lookupId: 'l-1', kind: 'score_rising', summary: 'score subiu de 500 para 612: bom momento para ligar', scoreBefore: 500, scoreAfter: 612, raisedAt: '2026-12-01T14:00:00Z' }],
      })),
      http.post('*/api/v1/debtors/d-1/bureau-lookups', async ({ request }) => {
        asked.push(await request.json());
        return HttpResponse.json({
          type: 'https://recovery.com.br/problems/bureau-budget-exceeded', title: 'The portfolio\'s monthly bureau budget is spent', status: 422,
          detail: 'O orçamento mensal de consultas ao birô da carteira varejo (Varejo) é R$ 5,00; já foram gastos R$ 3,50 neste mês e uma consulta custa R$ 3,50.',
        }, { status: 422, headers: { 'Content-Type': 'application/problem+json' } });
      }),
    );
    renderWithProviders(<BureauPanel debtorId="d-1" />);
    expect(await screen.findByText(/Protesto — Cartório 2º Ofício/)).toBeInTheDocument();
    expect(screen.getByText('monitorado')).toBeInTheDocument();
    expect(screen.getByText(/score subiu de 500 para 612/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Consultar birô' }));
    await waitFor(() => expect(asked).toEqual([{ purpose: 'collection' }]));
    expect(await screen.findByText(/orçamento mensal de consultas ao birô da carteira varejo/)).toBeInTheDocument();
  });
});
