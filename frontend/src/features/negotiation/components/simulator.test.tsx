import { http, HttpResponse } from 'msw';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import type { Schemas } from '@/lib/api';
import { Simulator } from './simulator';

const debt: Schemas['GetValuationItem'] = {
  invoiceId: 'inv-1', externalId: 'NF-1', dueDate: '2026-05-14', principal: 1000, correction: 0, fine: 20, interest: 66.67,
  total: 1086.67, daysLate: 200, fineCapped: false, interestCapped: false, paid: 0, credit: 0, correctionIndex: 'IPCA', interestBasis: 'contract',
};

const plan = (discountPercent: number): Schemas['SimulateResponse'] => ({
  automaticPixOffered: false, valuationTotal: 1086.67, principal: 1000, charges: 86.67, discount: discountPercent === 20 ? 217.33 : 0,
  chargesDiscountPercent: discountPercent === 20 ? 100 : 0, principalDiscountPercent: discountPercent === 20 ? 13.07 : 0,
  total: discountPercent === 20 ? 869.34 : 1086.67, downPayment: 0, financed: 0, monthlyRatePercent: 0,
  installments: [{ number: 1, dueDate: '2026-12-07', amount: discountPercent === 20 ? 869.34 : 1086.67 }],
  cetMonthly: 0, cetYearly: 0, requiredRole: discountPercent === 20 ? 'supervisor' : 'agent', lawful: true,
  violations: discountPercent === 20 ? [{ rule: 'principal_discount', message: "Desconto de 13,07% no principal acima dos 10% que a política permite",  requiredRole: 'supervisor' }] : [],
  daysLate: 200, bucket: '181-360', policyVersion: 1, totalPayable: discountPercent === 20 ? 869.34 : 1086.67,
});

describe('Simulator', () => {
  it('prices the plan as the agent types and says which authority it needs', async () => {
    const bodies: { discountPercent: number }[] = [];
    server.use(
      http.post('*/api/v1/negotiations/simulate', async ({ request }) => {
        const body = (await request.json()) as { discountPercent: number };
        bodies.push(body);
        return HttpResponse.json(plan(body.discountPercent));
      }),
    );
    renderWithProviders(<Simulator debtorId="d-1" debts={[debt]} />);

    const close = await screen.findByRole('button', { name: 'Fechar acordo' });
    await waitFor(() => expect(close).toBeEnabled());
    expect(screen.getByLabelText('Alçada necessária')).toHaveTextContent('Operador');

    const discount = screen.getByLabelText('Desconto (%)');
    await userEvent.clear(discount);
    await userEvent.type(discount, '20');
    expect(await screen.findByRole('button', { name: 'Enviar para aprovação' })).toBeInTheDocument();
    expect(screen.getByLabelText('Alçada necessária')).toHaveTextContent('Supervisor');
    expect(screen.getByText(/Desconto de 13,07% no principal/)).toBeInTheDocument();
    expect(screen.getByText('R$ 869,34', { selector: 'p' })).toBeInTheDocument();
    expect(bodies.at(-1)).toMatchObject({ debtorId: 'd-1', invoiceIds: ['inv-1'], discountPercent: 20 });
  });

  it('shows the API\'s problem next to the field it names and keeps what was typed', async () => {
    server.use(
      http.post('*/api/v1/negotiations/simulate', async ({ request }) => {
        const body = (await request.json()) as { installments: number };
        return body.installments > 24
          ? HttpResponse.json({ status: 400, title: 'Invalid plan', errors: { installments: ['No more than 24 installments.'] } }, { status: 400 })
          : HttpResponse.json(plan(0));
      }),
    );
    renderWithProviders(<Simulator debtorId="d-1" debts={[debt]} />);
    const installments = screen.getByLabelText('Parcelas');
    await userEvent.clear(installments);
    await userEvent.type(installments, '30');

    expect(await screen.findByText('No more than 24 installments.')).toBeInTheDocument();
    await waitFor(() => expect(installments).toHaveAttribute('aria-invalid', 'true'));
    expect(installments).toHaveValue('30');
  });

  it('opens the agreement it created; a refusal is said and nothing typed is lost', async () => {
    let refuse = true;
    server.use(
      http.post('*/api/v1/negotiations/simulate', () => HttpResponse.json(plan(0))),
      http.post('*/api/v1/agreements', () =>
        refuse
          ? HttpResponse.json({ status: 409, title: 'Already in agreement', detail: 'NF-1 já está em um acordo.' }, { status: 409 })
          : HttpResponse.json({ id: 'ag-1', status: 'active' }, { status: 201 }),
      ),
    );
    renderWithProviders(<Simulator debtorId="d-1" debts={[debt]} />);
    const downPayment = screen.getByLabelText('Entrada (R$)');
    await userEvent.clear(downPayment);
    await userEvent.type(downPayment, '100');
    const close = await screen.findByRole('button', { name: 'Fechar acordo' });
    await waitFor(() => expect(close).toBeEnabled());
    await userEvent.click(close);

    expect(await screen.findByRole('alert')).toHaveTextContent('NF-1 já está em um acordo.');
    expect(downPayment).toHaveValue('100');

    refuse = false;
    await userEvent.click(screen.getByRole('button', { name: 'Fechar acordo' }));
    expect(await screen.findByTestId('navigated')).toHaveTextContent('/acordos/ag-1');
  });

  it('says in one badge what the API said: a plan the law forbids needs nobody, a warning is not an authority', async () => {
    const unlawful: Schemas['SimulateResponse'] = {
      ...plan(0), lawful: false, requiredRole: null, monthlyRatePercent: 1.99, total: 1086.67, totalPayable: 1108.28,
      installments: [{ number: 1, dueDate: '2026-12-07', amount: 554.14 }, { number: 2, dueDate: '2027-01-07', amount: 554.14 }],
      violations: [
        { rule: 'compounding', message: 'Juros capitalizados mensalmente só para instituições financeiras', requiredRole: null },
        { rule: 'minimum_existencial', message: 'Com este plano restam ao devedor R$ 450,00 por mês', requiredRole: 'agent' },
      ],
    };
    server.use(http.post('*/api/v1/negotiations/simulate', () => HttpResponse.json(unlawful)));
    renderWithProviders(<Simulator debtorId="d-1" debts={[debt]} />);

    expect(await screen.findByLabelText('Alçada necessária')).toHaveTextContent('Nenhuma: fere a lei');
    expect(screen.getByText('O plano fere uma regra legal e não pode ser fechado')).toBeInTheDocument();
    expect(screen.getByText('Atenção').closest('[role="status"]')).toHaveTextContent('R$ 450,00 por mês');
    expect(screen.queryByText(/Precisa de aprovação/)).not.toBeInTheDocument();
    expect(screen.getByText('R$ 1.108,28')).toBeInTheDocument();
    expect(screen.getByText('R$ 1.086,67 negociados + R$ 21,61 de juros do parcelamento')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Fechar acordo' })).toBeDisabled();
  });
});
