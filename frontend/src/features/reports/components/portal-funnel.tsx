import { Table, Text } from '@mantine/core';
import { formatPercent } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { usePortalFunnel, type Period } from '../api/reports';
import { BarChart } from './bar-chart';

const count = (v: number) => v.toLocaleString('pt-BR');
const monthFormat = new Intl.DateTimeFormat('pt-BR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const month = (m: string) => (/^\d{4}-\d{2}$/.test(m) ? monthFormat.format(new Date(`${m}-01T00:00:00Z`)) : m);
const rate = (v: number | null | undefined) => (v == null ? '—' : formatPercent(v * 100));

/** The self-service portal's funnel: debtors per step, per month and portfolio (a chart of the period, the table by month). */
export function PortalFunnel({ period }: { period: Period }) {
  const funnel = usePortalFunnel(period);
  if (funnel.isPending) return <Loading />;
  if (funnel.isError) return <Failure error={funnel.error} />;
  const { lines, totals } = funnel.data;
  if (lines.length === 0) return <Text size="sm" c="dimmed">Nenhum acesso ao portal do devedor no período.</Text>;
  return (
    <>
      <BarChart
        title="Devedores em cada etapa do portal no período"
        series={[{ name: 'Devedores', color: '#1c7ed6' }]}
        bars={[
          { label: 'Códigos enviados', values: [totals.codesSent] },
          { label: 'Acessos', values: [totals.sessions] },
          { label: 'Viram ofertas', values: [totals.offersSeen] },
          { label: 'Acordos', values: [totals.agreements] },
          { label: '1ª parcela paga', values: [totals.firstInstallmentPaid] },
        ]}
        format={count}
      />
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Funil do portal por mês e carteira">
        <Table aria-label="Funil do portal por mês e carteira" verticalSpacing={2} horizontalSpacing={6} fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mês</Table.Th><Table.Th>Carteira</Table.Th><Table.Th ta="right">Códigos</Table.Th><Table.Th ta="right">Acessos</Table.Th>
              <Table.Th ta="right">Ofertas</Table.Th><Table.Th ta="right">Acordos</Table.Th><Table.Th ta="right">1ª parcela</Table.Th>
              <Table.Th ta="right">Acordos por acesso</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => (
              <Table.Tr key={`${l.month}-${l.portfolioId}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{month(l.month)}</Table.Td><Table.Td>{l.portfolio}</Table.Td>
                <Table.Td ta="right">{count(l.codesSent)}</Table.Td><Table.Td ta="right">{count(l.sessions)}</Table.Td>
                <Table.Td ta="right">{count(l.offersSeen)}</Table.Td><Table.Td ta="right">{count(l.agreements)}</Table.Td>
                <Table.Td ta="right">{count(l.firstInstallmentPaid)}</Table.Td><Table.Td ta="right">{rate(l.agreementRate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
