import { http, HttpResponse } from 'msw';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { Approvals } from './approvals';

const pending = {
  id: 'ag-1', status: 'pending_approval', debtorId: 'd-1', debtorName: 'Maria da Silva', agreementDate: '2026-11-30', valuationTotal: 1086.67,
  discountPercent: 20, discount: 217.33, total: 869.34, installments: 3, requiredRole: 'supervisor',
  violations: [{ rule: 'principal_discount', message: 'Desconto de 13,07% no principal acima dos 10%', requiredRole: 'supervisor' }],
  createdBy: 'ana@x.com', createdAt: '2026-11-30T11:00:00Z',
};

describe('Approvals', () => {
  it('approves with the reason typed and the agreement leaves the queue', async () => {
    let decided: { path: string; body: unknown } | undefined;
    server.use(
      http.get('*/api/v1/agreements', () => HttpResponse.json({ items: decided ? [] : [pending] })),
      http.post('*/api/v1/agreements/:id/approve', async ({ request, params }) => {
        decided = { path: `approve ${params.id}`, body: await request.json() };
        return HttpResponse.json({ ...pending, status: 'active' });
      }),
    );
    renderWithProviders(<Approvals />);
    const table = await screen.findByRole('table', { name: 'Acordos aguardando aprovação' });
    expect(within(table).getByText('R$ 869,34')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Maria da Silva' })).toHaveAttribute('href', '/devedores/d-1');
    expect(within(table).getByText('20,00%')).toBeInTheDocument();
    expect(within(table).getByText('Desconto de 13,07% no principal acima dos 10%')).toBeInTheDocument();
    await userEvent.type(within(table).getByRole('textbox'), 'Dentro da alçada');
    await userEvent.click(within(table).getByRole('button', { name: 'Aprovar' }));

    await waitFor(() => expect(screen.getByText('Nenhum acordo aguardando aprovação.')).toBeInTheDocument());
    expect(decided).toEqual({ path: 'approve ag-1', body: { reason: 'Dentro da alçada' } });
  });

  it('says why a decision was refused', async () => {
    server.use(
      http.get('*/api/v1/agreements', () => HttpResponse.json({ items: [pending] })),
      http.post('*/api/v1/agreements/:id/reject', () =>
        HttpResponse.json({ status: 409, title: 'Not pending', detail: 'O acordo já foi decidido.' }, { status: 409 })),
    );
    renderWithProviders(<Approvals />);
    await userEvent.click(await screen.findByRole('button', { name: 'Recusar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('O acordo já foi decidido.');
  });
});
