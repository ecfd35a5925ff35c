import { http, HttpResponse } from 'msw';
import { screen, within } from '@testing-library/react';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { comparison, Dashboard } from './dashboard';

const day = {
  date: '2026-12-02',
  promisesMade: { count: 2, amount: 250 }, promisesDue: { count: 1, amount: 50 }, promisesBroken: { count: 1, amount: 150 },
  promisesKept: { count: 0, amount: 0 }, agreements: { count: 2, amount: 2034.5 }, approvalsWaiting: { count: 1, amount: 1034 },
  recovered: { today: 375.4, month: 1200, lastMonthToDate: 1000, lastMonth: 3000.1 },
  contacts: { attempted: 8, reached: 3, rate: 0.375 },
  messages: { sent: 5, blocked: 2, blockedByReason: [{ reason: 'cobrança suspensa: dispute', count: 2 }] },
  agents: [{
    agent: 'ana@recovery.test', promisesMade: 1, promisedAmount: 200, promisesBroken: 1, agreements: 1, agreementAmount: 1000.5,
    recoveredToday: 200.4, recoveredMonth: 900, contactsAttempted: 5, contactsReached: 2,
  }],
};

const team = {
  agents: [{ agentId: 'a-1', name: 'Ana Cobradora', email: 'ana@recovery.test', role: 'agent', debtors: 3, debts: 4, outstanding: 2600 }],
  unassignedDebtors: 1, unassignedDebts: 1, unassignedOutstanding: 900,
};

describe('Dashboard', () => {
  it('shows the day in pt-BR, with the agents by name and the blocked messages by reason', async () => {
    const asked: string[] = [];
    server.use(
      http.get('*/api/v1/reports/dashboard', ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('date') ?? '');
        return HttpResponse.json(day);
      }),
      http.get('*/api/v1/debtors/assignments/agents', () => HttpResponse.json(team)),
    );
    renderWithProviders(<Dashboard />);
    const recovered = await screen.findByRole('group', { name: 'Recuperado no dia' });
    expect(recovered).toHaveTextContent('R$ 375,40');
    expect(screen.getByRole('group', { name: 'Promessas quebradas' })).toHaveTextContent('1 promessa');
    expect(screen.getByRole('group', { name: 'Promessas quebradas' })).toHaveTextContent('R$ 150,00 não pagos');
    expect(screen.getByRole('group', { name: 'Acordos fechados no dia' })).toHaveTextContent('2 acordos');
    expect(screen.getByRole('group', { name: 'Acordos fechados no dia' })).toHaveTextContent('R$ 2.034,50');
    expect(within(screen.getByRole('group', { name: 'Aprovações aguardando' })).getByRole('link')).toHaveAttribute('href', '/aprovacoes');
    expect(screen.getByRole('group', { name: 'Recuperado no mês' })).toHaveTextContent('+20,00% sobre o mês anterior até esta data');
    expect(screen.getByRole('group', { name: 'Taxa de contato' })).toHaveTextContent('37,50%');
    const reasons = screen.getByRole('table', { name: 'Mensagens bloqueadas por motivo' });
    expect(reasons).toHaveTextContent('cobrança suspensa: dispute');
    const agents = within(await screen.findByRole('table', { name: 'Por operador' })).getAllByRole('row');
    expect(agents[1]).toHaveTextContent('Ana Cobradora');
    expect(agents[1]).toHaveTextContent('R$ 1.000,50');
    expect(agents[1]).toHaveTextContent('2/5');
    expect(asked[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('compares the month with the last in words', () => {
    expect(comparison(800, 1000)).toBe('−20,00% sobre o mês anterior até esta data');
    expect(comparison(0, 0)).toBe('igual ao mês anterior');
    expect(comparison(10, 0)).toBe('mês anterior sem recuperação até esta data');
  });
});
