import { http, HttpResponse } from 'msw';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import type { RecordedCall } from '../api/calls';
import { CallPanel } from './call-panel';

const contacts = [
  { id: 'c-1', channel: 'phone', value: '+5511987654321', valid: true, optedOutAt: null, lastContactedAt: null, source: 'creditor' },
  { id: 'c-2', channel: 'phone', value: '+5511900000000', valid: false, optedOutAt: null, lastContactedAt: null, source: 'creditor' },
  { id: 'c-3', channel: 'email', value: 'maria@example.com', valid: true, optedOutAt: null, lastContactedAt: null, source: 'creditor' },
];

const outcomes = [
  { code: 'no_answer', label: 'Não atende', effect: 'none' },
  { code: 'wrong_number', label: 'Número errado', effect: 'invalid_phone' },
  { code: 'promise', label: 'Promessa de pagamento', effect: 'promise' },
];

function serve(recorded: unknown[], dialled: unknown[] = []) {
  server.use(
    http.get('*/api/v1/debtors/d-1/call-outcomes', () => HttpResponse.json({ portfolioId: 'p-1', custom: false, items: outcomes })),
    http.post('*/api/v1/debtors/d-1/calls', async ({ request }) => {
      const body = (await request.json()) as { outcome: string; callbackAt?: string };
      recorded.push(body);
      const outcome = outcomes.find((o) => o.code === body.outcome)!;
      return HttpResponse.json({
        callId: 'call-1', outcome: outcome.code, label: outcome.label, effect: outcome.effect, callbackAt: body.callbackAt ?? null,
        promise: outcome.effect === 'promise' ? { invoiceIds: ['i-1'], amount: 1234.56, dueDate: '2026-12-09', note: null } : null,
      }, { status: 201 });
    }),
    http.post('*/api/v1/debtors/d-1/calls/dial', async ({ request }) => {
      dialled.push(await request.json());
      return HttpResponse.json({ debtorId: 'd-1', phone: '+5511987654321', dialedAt: '2026-12-01T14:00:00Z' }, { status: 202 });
    }),
  );
}

describe('CallPanel', () => {
  beforeEach(() => sessionStorage.clear());

  it('records an outcome in one click with the note and a callback in Brasília time, and hands a promise to the page', async () => {
    const recorded: unknown[] = [];
    const followUps: RecordedCall[] = [];
    serve(recorded);
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={(r) => followUps.push(r)} />);

    expect(screen.getByRole('link', { name: 'Ligar para +5511987654321' })).toHaveAttribute('href', 'tel:+5511987654321');
    expect(screen.queryByRole('link', { name: 'Ligar para +5511900000000' })).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Observação (opcional)'), 'paga sexta');
    await userEvent.type(screen.getByLabelText('Retorno (horário de Brasília, opcional)'), '2026-12-02T10:00');
    await userEvent.click(await screen.findByRole('button', { name: /Promessa de pagamento/ }));

    expect(await screen.findByRole('status')).toHaveTextContent('Ligação registrada: Promessa de pagamento.');
    expect(recorded).toEqual([{ phone: '+5511987654321', outcome: 'promise', note: 'paga sexta', callbackAt: '2026-12-02T10:00:00-03:00' }]);
    expect(followUps[0]).toMatchObject({ effect: 'promise', promise: { amount: 1234.56 } });
    expect(screen.getByLabelText('Observação (opcional)')).toHaveValue('');
  });

  it('shows the problem under the callback when the time is not lawful', async () => {
    serve([]);
    server.use(http.post('*/api/v1/debtors/d-1/calls', () => HttpResponse.json({
      status: 400, title: 'Validation', errors: { callbackAt: ['retorno fora do horário permitido (domingo); o próximo horário permitido é 07/12/2026 às 08:00'] },
    }, { status: 400 })));
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={() => {}} />);
    await userEvent.type(screen.getByLabelText('Retorno (horário de Brasília, opcional)'), '2026-12-06T10:00');
    await userEvent.click(await screen.findByRole('button', { name: /Não atende/ }));
    expect(await screen.findByText(/o próximo horário permitido é 07\/12\/2026 às 08:00/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Retorno (horário de Brasília, opcional)')).toHaveAttribute('aria-invalid', 'true'));
  });

  it('answers the keyboard: digits record outcomes, ? opens the help, nothing fires while typing in a field', async () => {
    const recorded: { outcome: string }[] = [];
    serve(recorded);
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={() => {}} />);
    await screen.findByRole('button', { name: /Número errado/ });

    await userEvent.type(screen.getByLabelText('Observação (opcional)'), 'tentativa 2');
    expect(recorded).toEqual([]);
    expect(screen.getByLabelText('Observação (opcional)')).toHaveValue('tentativa 2');

    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('2');
    await waitFor(() => expect(recorded.map((r) => r.outcome)).toEqual(['wrong_number']));

    await userEvent.keyboard('?');
    const help = await screen.findByRole('table', { name: 'Atalhos de teclado' });
    expect(help).toHaveTextContent('Próximo devedor da fila');
    expect(help).toHaveTextContent('Registrar: Não atende');
    expect(help).toHaveTextContent('Registrar: Promessa de pagamento');
  });

  it('takes the agent to the next debtor of the queue with the same filters, skipping the one just worked', async () => {
    serve([]);
    let asked: URLSearchParams | undefined;
    sessionStorage.setItem('recovery:queue-filters', JSON.stringify({ bucket: '31-60', offset: 0, limit: 100 }));
    server.use(http.get('*/api/v1/work-queue', ({ request }) => {
      asked = new URL(request.url).searchParams;
      return HttpResponse.json({ items: [{ debtorId: 'd-0' }, { debtorId: 'd-1' }, { debtorId: 'd-2' }], total: 3, offset: 0, limit: 100, portfolios: [] });
    }));
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={() => {}} />);
    await userEvent.keyboard('n');
    expect(await screen.findByTestId('navigated')).toHaveTextContent('/devedores/d-2');
    expect(asked?.get('bucket')).toBe('31-60');
  });

  it('tells the dialer when the agent clicks a number', async () => {
    const dialled: unknown[] = [];
    serve([], dialled);
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={() => {}} />);
    const link = screen.getByRole('link', { name: 'Ligar para +5511987654321' });
    link.addEventListener('click', (e) => e.preventDefault());   // jsdom does not navigate to tel:
    await userEvent.click(link);
    await waitFor(() => expect(dialled).toEqual([{ phone: '+5511987654321' }]));
  });

  it('closes the dunning call task it was opened for from the calls queue, once', async () => {
    const recorded: unknown[] = [];
    serve(recorded);
    renderWithProviders(<CallPanel debtorId="d-1" contacts={contacts} onFollowUp={() => {}} />,
      { route: '/?tarefa=m-1&telefone=%2B5511987654321' });
    expect(screen.getByText('Ligação da régua de cobrança: o resultado conclui a tarefa.')).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: /Não atende/ }));
    await screen.findByRole('status');
    await waitFor(() => expect(screen.queryByText('Ligação da régua de cobrança: o resultado conclui a tarefa.')).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('button', { name: /Não atende/ }));
    await waitFor(() => expect(recorded).toHaveLength(2));
    expect(recorded[0]).toMatchObject({ phone: '+5511987654321', outcome: 'no_answer', messageId: 'm-1' });
    expect(recorded[1]).not.toHaveProperty('messageId');
  });
});
