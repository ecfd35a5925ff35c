import { http, HttpResponse } from 'msw';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { Queues } from './queues';

describe('Queues', () => {
  it('records the outcome of a call and takes it off the list', async () => {
    let done: unknown;
    server.use(
      http.get('*/api/v1/communication/calls', () => HttpResponse.json({
        items: done ? [] : [{ messageId: 'm-1', debtorId: 'd-1', phone: '(11) 98765-4321', script: 'Ligar para Maria sobre R$ 100,00', createdAt: '2026-11-30T12:00:00Z' }],
      })),
      http.get('*/api/v1/communication/letters', () => HttpResponse.json({ items: [] })),
      http.post('*/api/v1/communication/calls/m-1/outcome', async ({ request }) => {
        done = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithProviders(<Queues />);
    const calls = await screen.findByRole('region', { name: 'Ligações a fazer' });
    expect(await within(calls).findByText('Ligar para Maria sobre R$ 100,00')).toBeInTheDocument();
    await userEvent.type(within(calls).getByLabelText('Resultado da ligação'), 'atendeu, paga dia 10');
    await userEvent.click(within(calls).getByRole('button', { name: 'Registrar' }));

    expect(await within(calls).findByText('Nenhuma ligação pendente.')).toBeInTheDocument();
    expect(done).toEqual({ outcome: 'atendeu, paga dia 10' });
    expect(within(screen.getByRole('region', { name: 'Cartas a imprimir' })).getByText('Nenhuma carta a imprimir.')).toBeInTheDocument();
  });
});
