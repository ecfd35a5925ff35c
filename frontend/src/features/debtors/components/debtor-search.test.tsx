import { http, HttpResponse } from 'msw';
import { fireEvent, screen, within } from '@testing-library/react';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import type { Schemas } from '@/lib/api';
import { DebtorSearch } from './debtor-search';

const item = (id: string, name: string, matchedBy = 'name'): Schemas['SearchDebtorsItem'] => ({
  id, name, document: '***.456.789-**', kind: 'cpf', openInvoices: 1, outstanding: 1234.56, matchedBy,
});

describe('DebtorSearch', () => {
  beforeEach(() => {
    server.use(
      http.get('*/api/v1/debtors', ({ request }) =>
        HttpResponse.json({
          items: new URL(request.url).searchParams.get('query') === 'ferreira'
            ? [item('a', 'Maria Ferreira da Silva'), item('b', 'João Ferreira'), item('c', 'Ana Ferreira Lima', 'email')]
            : [],
          nextOffset: null,
        })),
    );
  });

  const type = async (text: string) => {
    const input = screen.getByRole('combobox', { name: 'Buscar devedor' });
    fireEvent.change(input, { target: { value: text } });
    return input;
  };

  it('chooses a result with the arrow keys and opens it with Enter', async () => {
    renderWithProviders(<DebtorSearch />);
    const input = await type('ferreira');
    const list = await screen.findByRole('listbox', { name: 'Devedores encontrados' });
    expect(within(list).getAllByRole('option')).toHaveLength(3);
    expect(within(list).getAllByRole('option')[2]).toHaveTextContent('por e-mail');

    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(within(list).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', within(list).getAllByRole('option')[1].id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });   // wraps to the last
    expect(within(list).getAllByRole('option')[2]).toHaveAttribute('aria-selected', 'true');

    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByTestId('navigated')).toHaveTextContent('/devedores/c');
  });

  it('closes with Escape and says so in Portuguese when nothing is found', async () => {
    renderWithProviders(<DebtorSearch />);
    const input = await type('ferreira');
    await screen.findByRole('listbox');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(input).toHaveAttribute('aria-expanded', 'false');

    await type('ninguem');
    expect(await screen.findByText('Nenhum devedor encontrado.')).toBeInTheDocument();
  });
});
