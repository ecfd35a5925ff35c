import { useState, type ReactNode } from 'react';
import { Button, Card, Group, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { formatBRL, formatPercent, todayIso } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { downloadCsv, useAgingReport, useAgreementsReport, useFunnel, useRecovery, type Period } from '../api/reports';
import { BarChart } from './bar-chart';
import { PortalFunnel } from './portal-funnel';
import { PurchasedPortfolios } from './purchased-portfolios';

const yearAgo = () => `${Number(todayIso().slice(0, 4)) - 1}${todayIso().slice(4, 8)}01`;
const count = (v: number) => v.toLocaleString('pt-BR');
const monthFormat = new Intl.DateTimeFormat('pt-BR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** nov. de 2026 from 2026-11. */
const month = (m: string) => (/^\d{4}-\d{2}$/.test(m) ? monthFormat.format(new Date(`${m}-01T00:00:00Z`)) : m);
const rate = (v: number | null | undefined) => (v == null ? '—' : formatPercent(v * 100));

/** The auditors' and supervisors' reports: aging, recovery, agreements, the dunning funnel and the portal's, with charts and CSV downloads. */
export default function ReportsPage() {
  const [from, setFrom] = useState(yearAgo());
  const [to, setTo] = useState(todayIso());
  const period: Period = { from, to };
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="md">
        <Title order={2}>Relatórios</Title>
        <Group>
          <TextInput type="date" label="De" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="Até" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Aging />
        <Recovery period={period} />
        <Agreements period={period} />
        <Funnel period={period} />
        <Report title="Funil do portal do devedor" csv={() => downloadCsv('/reports/portal-funnel', period)}>
          <PortalFunnel period={period} />
        </Report>
        <PurchasedPortfolios />
      </SimpleGrid>
    </>
  );
}

function Report({ title, csv, children }: { title: string; csv: () => Promise<void>; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{title}</Title>
        <Button size="xs" variant="light" loading={busy} onClick={() => { setBusy(true); csv().finally(() => setBusy(false)); }}>
          Baixar CSV
        </Button>
      </Group>
      {children}
    </Card>
  );
}

function Aging() {
  const aging = useAgingReport();
  return (
    <Report title="Aging da carteira" csv={() => downloadCsv('/reports/aging')}>
      {aging.isPending ? <Loading /> : aging.isError ? <Failure error={aging.error} /> : (
        <>
          <BarChart
            title="Saldo em aberto por faixa de atraso"
            series={[{ name: 'Em aberto', color: '#0ca678' }]}
            bars={aging.data.buckets.map((b) => ({ label: b.to ? `${b.from}–${b.to} dias` : `${b.from}+ dias`, values: [b.outstanding] }))}
            format={formatBRL}
          />
          <Text size="sm" mt="xs">{count(aging.data.count)} débitos · {formatBRL(aging.data.total)} em aberto</Text>
        </>
      )}
    </Report>
  );
}

function Recovery({ period }: { period: Period }) {
  const recovery = useRecovery(period);
  return (
    <Report title="Recuperação por mês" csv={() => downloadCsv('/reports/recovery', { by: 'month', ...period })}>
      {recovery.isPending ? <Loading /> : recovery.isError ? <Failure error={recovery.error} /> : (
        <>
          <BarChart
            title="Carteira recebida e valor recuperado por mês"
            series={[{ name: 'Recebido', color: '#adb5bd' }, { name: 'Recuperado', color: '#0ca678' }]}
            bars={recovery.data.rows.filter((r) => r.placed > 0 || r.recovered > 0).map((r) => ({ label: month(r.month), values: [r.placed, r.recovered] }))}
            format={formatBRL}
          />
          <Text size="sm" mt="xs">
            Total: {formatBRL(recovery.data.total.placed)} recebidos, {formatBRL(recovery.data.total.recovered)} recuperados ({rate(recovery.data.total.rate)})
          </Text>
        </>
      )}
    </Report>
  );
}

function Agreements({ period }: { period: Period }) {
  const report = useAgreementsReport(period);
  return (
    <Report title="Acordos" csv={() => downloadCsv('/reports/agreements', period)}>
      {report.isPending ? <Loading /> : report.isError ? <Failure error={report.error} /> : (
        <>
        <BarChart
          title="Acordos por mês: criados, quitados e rompidos"
          series={[{ name: 'Criados', color: '#1c7ed6' }, { name: 'Quitados', color: '#0ca678' }, { name: 'Rompidos', color: '#fa5252' }]}
          bars={report.data.months.filter((m) => m.created + m.completed + m.broken > 0).map((m) => ({ label: month(m.month), values: [m.created, m.completed, m.broken] }))}
          format={count}
        />
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Acordos por mês">
        <Table aria-label="Acordos no período" verticalSpacing={2} horizontalSpacing={6} fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mês</Table.Th><Table.Th ta="right">Criados</Table.Th><Table.Th ta="right">Em aprovação</Table.Th>
              <Table.Th ta="right">Ativos</Table.Th><Table.Th ta="right">Quitados</Table.Th><Table.Th ta="right">Rompidos</Table.Th>
              <Table.Th ta="right">Valor</Table.Th><Table.Th ta="right">Cumprimento</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...report.data.months.filter((m) => m.created + m.active + m.completed + m.broken + m.cancelled > 0), { ...report.data.total, month: 'Total' }].map((m) => (
              <Table.Tr key={m.month} fw={m.month === 'Total' ? 700 : undefined}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{month(m.month)}</Table.Td><Table.Td ta="right">{m.created}</Table.Td><Table.Td ta="right">{m.pendingApproval}</Table.Td>
                <Table.Td ta="right">{m.active}</Table.Td><Table.Td ta="right">{m.completed}</Table.Td><Table.Td ta="right">{m.broken}</Table.Td>
                <Table.Td ta="right">{formatBRL(m.amount)}</Table.Td><Table.Td ta="right">{rate(m.keptRate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </div>
        </>
      )}
    </Report>
  );
}

function Funnel({ period }: { period: Period }) {
  const funnel = useFunnel(period);
  return (
    <Report title="Funil da régua de cobrança" csv={() => downloadCsv('/reports/dunning-funnel', period)}>
      {funnel.isPending ? <Loading /> : funnel.isError ? <Failure error={funnel.error} /> : funnel.data.steps.length === 0 ? (
        <Text size="sm" c="dimmed">Nenhuma mensagem da régua de cobrança no período.</Text>
      ) : (
        <BarChart
          title="Mensagens por etapa: enviadas, entregues, falhas e pagas em 7 dias"
          series={[{ name: 'Enviadas', color: '#74c0fc' }, { name: 'Entregues', color: '#1c7ed6' }, { name: 'Falhas', color: '#fa5252' }, { name: 'Pagas em 7 dias', color: '#0ca678' }]}
          bars={funnel.data.steps.map((s) => ({ label: `${s.step} · ${s.channel}`, values: [s.sent, s.delivered, s.failed, s.paidWithin7Days] }))}
          format={count}
        />
      )}
      {funnel.data && funnel.data.reminders.length > 0 && (
        <BarChart
          title="Lembretes do acordo por etapa: planejados, enviados, bloqueados ou cancelados e parcelas pagas após o lembrete"
          series={[{ name: 'Planejados', color: '#a5d8ff' }, { name: 'Enviados', color: '#1c7ed6' }, { name: 'Bloqueados ou cancelados', color: '#fa5252' }, { name: 'Pagos após o lembrete', color: '#0ca678' }]}
          bars={funnel.data.reminders.map((s) => ({ label: `${s.step} · ${s.channel}`, values: [s.planned, s.sent, s.blocked + s.cancelled, s.paidAfterReminder] }))}
          format={count}
        />
      )}
    </Report>
  );
}
