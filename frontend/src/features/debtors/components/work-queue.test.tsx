import { http, HttpResponse } from 'msw';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import type { Schemas } from '@/lib/api';
import { WorkQueue } from './work-queue';

const item = (over: Partial<Schemas['GetWorkQueueItem']>): Schemas['GetWorkQueueItem'] => ({
  debtorId: crypto.randomUUID(), debtorName: 'Maria', document: '***.456.789-**', debts: 1, invoiceIds: ['i'], outstanding: 1234.56,
  daysLate: 40, bucket: '31-60', expectedRecovery: 432.1, reachable: true, reason: '40 dias em atraso', reasonCode: 'late',
  promiseDueDate: null, promisedAmount: null, contactAllowedNow: true, contactAllowedFrom: '2026-11-30T14:00:00Z', contactNote: null, callbackAt: null, ...over,
});

const portfolios = [{ id: 'p-card', name: 'cartao', debtors: 1 }, { id: 'p-retail', name: 'varejo', debtors: 2 }];

describe('WorkQueue', () => {
  it('lists one row per debtor and says whether each may be contacted now and from when', async () => {
    server.use(
      http.get('*/api/v1/work-queue', () =>
        HttpResponse.json({
          items: [
            item({ debtorName: 'Maria', reasonCode: 'promise_due', reason: 'promessa de R$ 300,00 vence hoje' }),
            item({ debtorName: 'João', debts: 2, contactAllowedNow: false, contactAllowedFrom: '2026-12-01T11:00:00Z', contactNote: 'domingo' }),
            item({ debtorName: 'Ana', reachable: false }),
          ],
          total: 3, offset: 0, limit: 50, portfolios,
        })),
    );
    renderWithProviders(<WorkQueue />);
    const rows = within(await screen.findByRole('table', { name: 'Fila de trabalho' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Maria');
    expect(rows[1]).toHaveTextContent('promessa de R$ 300,00 vence hoje');
    expect(rows[1]).toHaveTextContent('R$ 1.234,56');
    expect(rows[1]).toHaveTextContent('Permitido');
    expect(within(rows[2]).getAllByRole('cell')[1]).toHaveTextContent(/^2$/);
    expect(rows[2]).toHaveTextContent('A partir de 01/12/2026, 08:00');
    expect(rows[3]).toHaveTextContent('Sem contato');
    expect(screen.getByRole('status')).toHaveTextContent('3 devedores');
  });

  it('asks the API for what the agent filters and pages through', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get('*/api/v1/work-queue', ({ request }) => {
        const query = new URL(request.url).searchParams;
        asked.push(query);
        const offset = Number(query.get('offset') ?? 0);
        return HttpResponse.json({
          items: [item({ debtorName: `Devedor ${offset + 1}` })], total: 120, offset, limit: 50, portfolios,
        });
      }),
    );
    renderWithProviders(<WorkQueue />);
    expect(await screen.findByText('Devedor 1')).toBeInTheDocument();
    expect(screen.getByText('1–50 de 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Próximos' }));
    expect(await screen.findByText('Devedor 51')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Só quem pode ser contatado agora' }));
    await waitFor(() => expect(asked.at(-1)?.get('contactAllowedNow')).toBe('true'));
    expect(asked.at(-1)?.get('offset')).toBe('0');
  });
});
