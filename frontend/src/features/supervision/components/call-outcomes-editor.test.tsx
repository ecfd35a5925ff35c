import { http, HttpResponse } from 'msw';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { CallOutcomesEditor } from './call-outcomes-editor';

describe('CallOutcomesEditor', () => {
  it('shows the defaults, saves the list as edited and shows a problem next to its row', async () => {
    const saved: unknown[] = [];
    server.use(
      http.get('*/api/v1/portfolios/p-1/call-outcomes', () => HttpResponse.json({
        portfolioId: 'p-1', custom: false, items: [{ code: 'no_answer', label: 'Não atende', effect: 'none' }],
      })),
      http.put('*/api/v1/portfolios/p-1/call-outcomes', async ({ request }) => {
        saved.push(await request.json());
        return saved.length === 1
          ? HttpResponse.json({ status: 400, title: 'Validation', errors: { 'items[1].code': ['o código tem de 2 a 40 letras minúsculas, dígitos ou _'] } }, { status: 400 })
          : HttpResponse.json({ portfolioId: 'p-1', custom: true, items: [] });
      }),
    );
    renderWithProviders(<CallOutcomesEditor portfolioId="p-1" />);
    expect(await screen.findByText(/Esta carteira usa os resultados padrão/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Adicionar resultado' }));
    await userEvent.type(screen.getByLabelText('Código, resultado 2'), 'Ocupado');
    await userEvent.type(screen.getByLabelText('Nome, resultado 2'), 'Ocupado');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar resultados' }));
    const table = screen.getByRole('table', { name: 'Resultados de ligação' });
    expect(await within(table).findByText('o código tem de 2 a 40 letras minúsculas, dígitos ou _')).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Código, resultado 2'));
    await userEvent.type(screen.getByLabelText('Código, resultado 2'), 'busy');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar resultados' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Resultados salvos');
    expect(saved[1]).toEqual({ items: [{ code: 'no_answer', label: 'Não atende', effect: 'none' }, { code: 'busy', label: 'Ocupado', effect: 'none' }] });
  });
});
