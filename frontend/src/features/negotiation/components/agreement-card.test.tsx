import { http, HttpResponse } from 'msw';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { AgreementCard } from './agreement-card';

const installment = (number: number, over: object = {}) => ({
  number, dueDate: `2027-0${number + 1}-10`, amount: 300, paid: 0, paidAt: null, status: 'open', txid: `T${number}`,
  pixPayload: `00020126PIX${number}`, pix: null, ...over,
});

const agreement = (status: string, over: object = {}) => ({
  id: 'ag-1', status, debtorId: 'd-1', partnerId: 'p', portfolioId: 'pf', policyVersion: 1, agreementDate: '2026-12-02',
  valuationTotal: 900, discountPercent: 0, discount: 0, total: 900, downPayment: 300, installmentCount: 2, monthlyRatePercent: 0,
  cetMonthly: 0, cetYearly: 0, requiredRole: 'agent', toleranceDays: 30, paid: 300, credit: 0, debts: [],
  installments: [installment(0, { status: 'paid', paid: 300, paidAt: '2026-12-02' }), installment(1), installment(2)],
  createdBy: 'ana@x.com', createdAt: '2026-12-02T12:00:00Z', decidedBy: null, decidedAt: null, endedAt: null, endReason: null, violations: [],
  ...over,
});

const summary = (status: string) => ({ id: 'ag-1', status, debtorId: 'd-1', debtorName: 'Maria', agreementDate: '2026-12-02', valuationTotal: 900,
  discountPercent: 0, discount: 0, total: 900, installments: 2, requiredRole: 'agent', violations: [], createdBy: 'ana@x.com', createdAt: '2026-12-02T12:00:00Z' });

function serve(status: string, over: object = {}) {
  const sent: unknown[] = [];
  server.use(
    http.get('*/api/v1/agreements', () => HttpResponse.json({ items: [summary(status)] })),
    http.get('*/api/v1/agreements/:id', () => HttpResponse.json(agreement(status, over))),
    http.post('*/api/v1/debtors/:id/pix-messages', async ({ request }) => {
      const body = await request.json();
      sent.push(body);
      if ((body as { channel: string }).channel === 'sms')
        return HttpResponse.json({ type: 'https://recovery.com.br/problems/contact-not-allowed-now', title: 'The debtor may not be contacted now', status: 409,
          detail: 'Fora do horário permitido para contato. Reenvie a partir de 03/12/2026 às 08:00.' }, { status: 409, headers: { 'Content-Type': 'application/problem+json' } });
      return HttpResponse.json({ id: 'm-1', channel: 'email', status: 'queued' }, { status: 202 });
    }),
  );
  return sent;
}

describe('AgreementCard', () => {
  it('shows the installments and the next Pix of an agreement in force, and resends it', async () => {
    const sent = serve('active');
    renderWithProviders(<AgreementCard debtorId="d-1" />);
    const rows = within(await screen.findByRole('table', { name: 'Parcelas do acordo' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Entrada');
    expect(rows[1]).toHaveTextContent('Paga em 02/12/2026');
    expect(rows[2]).toHaveTextContent('R$ 300,00');
    expect(screen.getByText('Ativo')).toBeInTheDocument();
    expect(screen.getByText(/Pix da parcela 1/)).toHaveTextContent('vence 10/02/2027');
    expect(screen.getByRole('link', { name: 'abrir o acordo' })).toHaveAttribute('href', '/acordos/ag-1');

    await userEvent.click(screen.getByRole('button', { name: 'Reenviar por E-mail' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Pix na fila para envio por E-mail');
    expect(sent[0]).toEqual({ agreementId: 'ag-1', installment: 1, channel: 'email' });

    await userEvent.click(screen.getByRole('button', { name: 'Reenviar por SMS' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Reenvie a partir de 03/12/2026 às 08:00');
  });

  it('shows no Pix while the agreement waits for approval', async () => {
    serve('pending_approval');
    renderWithProviders(<AgreementCard debtorId="d-1" />);
    expect(await screen.findByText('Aguardando aprovação: sem Pix até um supervisor aprovar.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('table', { name: 'Parcelas do acordo' })).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Reenviar/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Copiar Pix/ })).not.toBeInTheDocument();
  });

  it('shows no Pix after a refusal', async () => {
    serve('rejected');
    renderWithProviders(<AgreementCard debtorId="d-1" />);
    expect(await screen.findByText('Recusado na aprovação: não há Pix a pagar.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Reenviar/ })).not.toBeInTheDocument();
  });
});
