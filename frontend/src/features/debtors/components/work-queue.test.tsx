import { http, HttpResponse } from 'msw';
import { screen, within } from '@testing-library/react';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import type { Schemas } from '@/lib/api';
import { WorkQueue } from './work-queue';

const item = (over: Partial<Schemas['GetWorkQueueItem']>): Schemas['GetWorkQueueItem'] => ({
  invoiceId: crypto.randomUUID(), debtorId: 'd', debtorName: 'Maria', document: '***.456.789-**', externalId: 'NF-1', status: 'open',
  outstanding: 1234.56, daysLate: 40, expectedRecovery: 432.1, reachable: true, why: '40 dias em atraso',
  contactAllowedNow: true, contactAllowedFrom: '2026-11-30T14:00:00Z', contactNote: null, ...over,
});

describe('WorkQueue', () => {
  it('says, debt by debt, whether the debtor may be contacted now and from when', async () => {
    server.use(
      http.get('*/api/v1/work-queue', () =>
        HttpResponse.json({
          items: [
            item({ debtorName: 'Maria' }),
            item({ debtorName: 'João', contactAllowedNow: false, contactAllowedFrom: '2026-12-01T11:00:00Z', contactNote: 'domingo' }),
            item({ debtorName: 'Ana', reachable: false }),
          ],
        })),
    );
    renderWithProviders(<WorkQueue />);
    const rows = within(await screen.findByRole('table', { name: 'Fila de trabalho' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Maria');
    expect(rows[1]).toHaveTextContent('R$ 1.234,56');
    expect(rows[1]).toHaveTextContent('Permitido');
    expect(rows[2]).toHaveTextContent('A partir de 01/12/2026, 08:00');
    expect(rows[3]).toHaveTextContent('Sem contato');
  });
});
