import { Card, Group, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatBRL, formatDate } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { downloadCsv, usePurchasedPortfolios } from '../api/reports';
import { BarChart } from './bar-chart';

const monthFormat = new Intl.DateTimeFormat('pt-BR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const month = (m: string | null | undefined) => (m && /^\d{4}-\d{2}$/.test(m) ? monthFormat.format(new Date(`${m}-01T00:00:00Z`)) : '—');
const multiple = (v: number) => `${v.toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}×`;

/**
 * Carteiras compradas (cessão de crédito), for supervisors: each portfolio's price against what it recovered month by
 * month, its costs, net result, multiple (recuperado ÷ preço) and the month it paid back its price.
 */
export function PurchasedPortfolios() {
  const report = usePurchasedPortfolios();
  const [busy, setBusy] = useState(false);
  return (
    <Card withBorder component="section" aria-label="Carteiras compradas">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Carteiras compradas</Title>
        <Button size="xs" variant="light" loading={busy} onClick={() => { setBusy(true); downloadCsv('/reports/purchased-portfolios').finally(() => setBusy(false)); }}>
          Baixar CSV
        </Button>
      </Group>
      {report.isPending ? <Loading /> : report.isError ? <Failure error={report.error} /> : report.data.items.length === 0
        ? <Text size="sm" c="dimmed">Nenhuma carteira comprada.</Text>
        : (
          <Stack>
            {report.data.items.map((p) => (
              <Stack key={p.portfolioId} gap={4}>
                <Text size="sm" fw={500}>
                  {p.code} — cedente {p.seller}, comprada em {formatDate(p.purchasedOn)} por {formatBRL(p.price)} (valor de face {formatBRL(p.faceValue)})
                </Text>
                <BarChart
                  title={`Recuperado e custos por mês da carteira ${p.code}`}
                  series={[{ name: 'Recuperado', color: '#0ca678' }, { name: 'Custos', color: '#fa5252' }]}
                  bars={p.months.map((m) => ({ label: month(m.period), values: [m.recovered, m.costs] }))}
                  format={formatBRL}
                />
                <Table aria-label={`Retorno da carteira ${p.code}`} verticalSpacing={2} fz="xs">
                  <Table.Tbody>
                    <Table.Tr><Table.Th>Recuperado</Table.Th><Table.Td>{formatBRL(p.recovered)}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>Custos (mensagens e consultas ao birô)</Table.Th><Table.Td>{formatBRL(p.costs)}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>Resultado líquido (recuperado − custos − preço)</Table.Th><Table.Td>{formatBRL(p.net)}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>Múltiplo (recuperado ÷ preço)</Table.Th><Table.Td>{multiple(p.multiple)}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Th>Payback</Table.Th><Table.Td>{p.paybackMonth ? month(p.paybackMonth) : 'ainda não'}</Table.Td></Table.Tr>
                  </Table.Tbody>
                </Table>
              </Stack>
            ))}
          </Stack>
        )}
    </Card>
  );
}
