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

  it('opens a signed link once: the token leaves the address bar, and a refused link offers the code sign-in', async () => {
    const tokens: unknown[] = [];
    server.use(http.post('*/api/v1/portal/links', async ({ request }) => {
      tokens.push(await request.json());
      return HttpResponse.json({ status: 401, title: 'Link expirado',
        detail: 'Este link expirou. Entre com o seu CPF ou CNPJ e um código de acesso que enviamos para você.' }, { status: 401 });
    }));
    window.history.pushState(null, '', '/portal/link#abc.def');
    render(<PortalApp />);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Este link expirou.'));
    expect(tokens).toEqual([{ token: 'abc.def' }]);
    expect(window.location.pathname).toBe('/portal');
    expect(window.location.hash).toBe('');
    expect(screen.getByRole('button', { name: 'Receber código' })).toBeInTheDocument();
  });

  it('asks for a call back and for the personal data report', async () => {
    const sent: Record<string, unknown> = {};
    server.use(
      http.post('*/api/v1/portal/links', () => HttpResponse.json({ name: 'Maria' })),
      http.get('*/api/v1/portal/debts', () => HttpResponse.json({ asOf: '2026-12-02', items: [debt], total: 1062.5 })),
      http.post('*/api/v1/portal/callbacks', async ({ request }) => {
        sent.callback = await request.json();
        return HttpResponse.json({ id: 'c1', callbackAt: '2026-12-09T13:00:00Z', phone: '*********4321' }, { status: 201 });
      }),
      http.post('*/api/v1/portal/data-subject-requests', () =>
        HttpResponse.json({ sentTo: 'm***@example.com', message: 'Enviamos o relatório dos seus dados pessoais para m***@example.com.' }, { status: 202 })),
    );
    window.history.pushState(null, '', '/portal/link#ok.token');
    render(<PortalApp />);
    await userEvent.click(await screen.findByRole('button', { name: 'Pedir uma ligação ou os meus dados' }));
    expect(await screen.findByRole('heading', { name: 'Fale com a gente' })).toBeInTheDocument();
    const day = screen.getByLabelText('Dia');
    await userEvent.clear(day);
    await userEvent.type(day, '2026-12-09');
    await userEvent.selectOptions(screen.getByLabelText('Horário (Brasília)'), '10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Pedir ligação' }));
    expect(await screen.findByText(/ligaremos para \*+4321 em 09\/12\/2026/)).toBeInTheDocument();
    expect(sent.callback).toEqual({ callbackAt: '2026-12-09T10:00:00-03:00' });
    await userEvent.click(screen.getByRole('button', { name: 'Receber meus dados por e-mail' }));
    expect(await screen.findByText(/Enviamos o relatório dos seus dados pessoais/)).toBeInTheDocument();
  });

  it('describes an offer in plain words', () => {
    const plain = (text: string) => text.replace(/\u00a0/g, ' ');   // Intl puts a no-break space after R$
    expect(plain(offerText(offer as never))).toBe('Entrada de R$ 106,25 e 3 parcelas de R$ 318,75');
    expect(plain(offerText({ ...offer, kind: 'a_vista', total: 900 } as never))).toBe('À vista: R$ 900,00');
  });
});
