import { http, HttpResponse } from 'msw';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { History } from './debtor-360';

const entry = (over: object) => ({
  id: crypto.randomUUID(), invoiceId: null, kind: 'note', channel: null, result: null, text: 'anotação', actorName: 'system', actor: 'sistema',
  subjectKind: null, subjectId: null, amount: null, occurredAt: '2026-12-02T13:00:00Z', ...over,
});

describe('History', () => {
  it('loads more past the first page with the cursor, in Portuguese, with who acted and a link to the agreement', async () => {
    const cursors: (string | null)[] = [];
    server.use(
      http.get('*/api/v1/debtors/:id/timeline', ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        return HttpResponse.json(cursor === null
          ? { items: [entry({ kind: 'promise', result: 'broken', text: 'Promessa de R$ 300,00 para 05/12/2026 não cumprida' })], nextCursor: 'c1' }
          : { items: [entry({ kind: 'agreement', result: 'created', text: 'Acordo de R$ 900,00 fechado', actor: 'Ana Cobradora', subjectKind: 'agreement', subjectId: 'ag-1' })], nextCursor: null });
      }),
    );
    renderWithProviders(<History debtorId="d-1" />);
    expect(await screen.findByText('Promessa · não cumprida')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Carregar mais' }));
    expect(await screen.findByText('Acordo · fechado')).toBeInTheDocument();
    expect(screen.getByText(/Ana Cobradora/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ver acordo' })).toHaveAttribute('href', '/acordos/ag-1');
    expect(screen.queryByRole('button', { name: 'Carregar mais' })).not.toBeInTheDocument();
    expect(cursors).toEqual([null, 'c1']);
  });
});
