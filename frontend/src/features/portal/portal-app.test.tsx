import { http, HttpResponse } from 'msw';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { describe as offerText } from './portal-api';
import { PortalApp } from './portal-app';

const debt = {
  invoiceId: 'd1', creditor: 'Loja Exemplo', creditorDocument: '12.345.678/0001-95', description: 'Compra parcelada', dueDate: '2026-08-01',
  amount: 1000, totalToday: 1062.5, daysLate: 100,
};
const offer = {
  id: 'o3', kind: 'parcelado', installments: 3, downPayment: 106.25, installmentAmount: 318.75, total: 1062.5, valuationTotal: 1062.5,
  discount: 0, discountPercent: 0, cetMonthly: 0, cetYearly: 0, firstDueDate: '2026-12-31', warning: 'Com este plano restam ao devedor R$ 500,00 por mês',
  expiresAt: '2026-12-02T10:00:00Z',
};

describe('PortalApp', () => {
  it('signs in with the code, shows the debts and offers, and the agreement with its Pix code', async () => {
    const sent: Record<string, unknown> = {};
    let csrf: string | null = null;
    server.use(
      http.post('*/api/v1/portal/access-codes', async ({ request }) => {
        sent.access = await request.json();
        return HttpResponse.json({ message: 'Se o CPF ou CNPJ informado tiver débitos conosco, enviamos um código de acesso.' }, { status: 202 });
      }),
      http.post('*/api/v1/portal/sessions', async ({ request }) => {
        sent.session = await request.json();
        return HttpResponse.json({ name: 'Maria' });
      }),
      http.get('*/api/v1/portal/debts', () => HttpResponse.json({ asOf: '2026-12-02', items: [debt], total: 1062.5 })),
      http.get('*/api/v1/portal/offers', ({ request }) => {
        sent.offers = new URL(request.url).searchParams.get('invoiceIds');
        return HttpResponse.json({ items: [offer] });
      }),
      http.post('*/api/v1/portal/agreements', async ({ request }) => {
        sent.agreement = await request.json();
        csrf = request.headers.get('X-Requested-With');
        return HttpResponse.json({
          id: 'a1', status: 'active', agreementDate: '2026-12-02', valuationTotal: 1062.5, discount: 0, total: 1062.5, downPayment: 106.25,
          installmentCount: 3, cetMonthly: 0, cetYearly: 0, termsUrl: '/api/v1/portal/agreements/a1/terms',
          installments: [{ number: 0, dueDate: '2026-12-02', amount: 106.25, pixPayload: '00020126580014br.gov.bcb.pix' }],
        }, { status: 201 });
      }),
    );
    render(<PortalApp />);
    expect(screen.getByRole('heading', { name: 'Negocie suas dívidas' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('CPF ou CNPJ'), '123.456.789-09');
    await userEvent.click(screen.getByRole('button', { name: 'Receber código' }));
    await userEvent.type(await screen.findByLabelText('Código de 6 números'), '12a3456');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByRole('heading', { name: 'Seus débitos em aberto' })).toBeInTheDocument();
    expect(sent.session).toEqual({ document: '123.456.789-09', code: '123456' });
    expect(screen.getByText(/CNPJ 12.345.678\/0001-95/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Ver ofertas' }));

    expect(await screen.findByRole('heading', { name: 'Ofertas para você' })).toBeInTheDocument();
    expect(sent.offers).toBe('d1');
    expect(screen.getByText(/Atenção: Com este plano/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio'));
    await userEvent.click(screen.getByRole('button', { name: 'Fechar acordo' }));

    expect(await screen.findByRole('heading', { name: 'Acordo feito' })).toBeInTheDocument();
    expect(sent.agreement).toEqual({ offerId: 'o3' });
    expect(csrf).toBe('portal');
    expect(screen.getByRole('link', { name: /termo do acordo/ })).toHaveAttribute('href', '/api/v1/portal/agreements/a1/terms');
    expect(screen.getByText('00020126580014br.gov.bcb.pix')).toBeInTheDocument();
  });

  it('shows the problem the API answered, in its words', async () => {
    server.use(http.post('*/api/v1/portal/access-codes', () =>
      HttpResponse.json({ status: 400, errors: { document: ['CPF ou CNPJ inválido: confira os números'] } }, { status: 400 })));
    render(<PortalApp />);
    await userEvent.type(screen.getByLabelText('CPF ou CNPJ'), '111');
    await userEvent.click(screen.getByRole('button', { name: 'Receber código' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('CPF ou CNPJ inválido: confira os números'));
  });

  it('describes an offer in plain words', () => {
    const plain = (text: string) => text.replace(/\u00a0/g, ' ');   // Intl puts a no-break space after R$
    expect(plain(offerText(offer as never))).toBe('Entrada de R$ 106,25 e 3 parcelas de R$ 318,75');
    expect(plain(offerText({ ...offer, kind: 'a_vista', total: 900 } as never))).toBe('À vista: R$ 900,00');
  });
});
