import { http, HttpResponse } from 'msw';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { DebtorActions } from './actions';

const debts = [{ id: 'inv-1', partnerId: 'p', externalId: 'NF-1', portfolio: 'varejo', status: 'open', amount: 100, outstanding: 100, dueDate: '2026-10-01' }];

describe('DebtorActions', () => {
  it('registers a promise and clears the form', async () => {
    let sent: unknown;
    server.use(http.post('*/api/v1/debtors/d-1/promises', async ({ request }) => {
      sent = await request.json();
      return HttpResponse.json({ id: 'pr-1' }, { status: 201 });
    }));
    renderWithProviders(<DebtorActions debtorId="d-1" debts={debts} />);
    await userEvent.type(screen.getByLabelText('Valor prometido (R$)'), '150');
    await userEvent.type(screen.getByLabelText('Observação'), 'paga no dia 10');
    await userEvent.click(screen.getByRole('button', { name: 'Registrar promessa' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Promessa registrada.');
    expect(sent).toMatchObject({ amount: 150, note: 'paga no dia 10' });
    expect(screen.getByLabelText('Observação')).toHaveValue('');
  });

  it('keeps the hold form as typed and shows the problem next to the field', async () => {
    server.use(http.post('*/api/v1/debtors/d-1/holds', () =>
      HttpResponse.json({ status: 400, title: 'Validation', errors: { reason: ['informe o motivo'] } }, { status: 400 })));
    renderWithProviders(<DebtorActions debtorId="d-1" debts={debts} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Suspender cobrança' }));
    await userEvent.type(screen.getByLabelText('Base legal (opcional)'), 'CDC art. 42');
    await userEvent.click(screen.getByRole('button', { name: 'Suspender' }));

    expect(await screen.findByText('informe o motivo')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Motivo')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('Base legal (opcional)')).toHaveValue('CDC art. 42');
  });

  it('keeps what was typed when the session expires and says so after signing in again', async () => {
    sessionStorage.clear();
    server.use(http.post('*/api/v1/debtors/d-2/promises', () => HttpResponse.json({ status: 401, title: 'Unauthorized' }, { status: 401 })));
    const first = renderWithProviders(<DebtorActions debtorId="d-2" debts={debts} />);
    await userEvent.type(screen.getByLabelText('Valor prometido (R$)'), '80');
    await userEvent.type(screen.getByLabelText('Observação'), 'prometeu pagar dia 10');
    await userEvent.click(screen.getByRole('button', { name: 'Registrar promessa' }));
    await screen.findByRole('alert');
    first.unmount();   // the app leaves for the sign-in page

    server.use(http.post('*/api/v1/debtors/d-2/promises', () => HttpResponse.json({ id: 'pr-2' }, { status: 201 })));
    renderWithProviders(<DebtorActions debtorId="d-2" debts={debts} />);
    expect(screen.getByLabelText('Observação')).toHaveValue('prometeu pagar dia 10');
    expect(screen.getByLabelText('Valor prometido (R$)')).toHaveValue('80');
    expect(screen.getByText('Mantivemos o que você tinha digitado antes de a sessão expirar.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Registrar promessa' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Promessa registrada.');
    expect(sessionStorage.length).toBe(0);
  });
});

describe('DebtorActions after a call', () => {
  it('opens the promise form prefilled with what the call answered', async () => {
    sessionStorage.clear();
    renderWithProviders(<DebtorActions debtorId="d-3" debts={debts}
      request={{ seq: 1, tab: 'promise', promise: { amount: 1234.56, dueDate: '2026-12-09', note: 'paga sexta' } }} />);
    expect(await screen.findByLabelText('Valor prometido (R$)')).toHaveValue('1.234,56');
    expect(screen.getByLabelText('Data prometida')).toHaveValue('2026-12-09');
    expect(screen.getByLabelText('Observação')).toHaveValue('paga sexta');
  });

  it('opens the hold form on the dispute after a call that disputes the debt', async () => {
    renderWithProviders(<DebtorActions debtorId="d-3" debts={debts} request={{ seq: 1, tab: 'hold', holdKind: 'dispute' }} />);
    expect(await screen.findByRole('tab', { name: 'Suspender cobrança', selected: true })).toBeInTheDocument();
    expect(screen.getByLabelText('Motivo')).toBeVisible();
  });
});
