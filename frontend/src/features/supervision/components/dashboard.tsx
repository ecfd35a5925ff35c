import { useState } from 'react';
import { Anchor, Card, Grid, Group, ScrollArea, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatBRL, formatDate, formatDateTime, formatPercent, todayIso } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { useDashboard } from '../api/dashboard';
import { useTeam } from '../api/assignments';

/** The supervisor's landing page: the team's day, refreshed every minute. */
export function Dashboard() {
  const [date, setDate] = useState(todayIso());
  const dashboard = useDashboard(date);
  const team = useTeam();
  // Reports name agents by the e-mail they sign in with; the team list gives their names.
  const names = new Map((team.data?.agents ?? []).map((a) => [a.email.toLowerCase(), a.name]));
  const nameOf = (agent: string) => names.get(agent.toLowerCase()) ?? agent;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Painel da supervisão</Title>
          <Text size="sm" c="dimmed" role="status">
            {dashboard.dataUpdatedAt > 0 && `Atualizado em ${formatDateTime(new Date(dashboard.dataUpdatedAt).toISOString())}; atualiza a cada minuto.`}
          </Text>
        </div>
        <TextInput type="date" label="Dia" value={date} max={todayIso()} onChange={(e) => setDate(e.currentTarget.value || todayIso())} w={170} />
      </Group>
      {dashboard.isPending ? <Loading /> : dashboard.isError ? <Failure error={dashboard.error} /> : (
        <DashboardFigures d={dashboard.data} nameOf={nameOf} />
      )}
    </Stack>
  );
}

type Report = NonNullable<ReturnType<typeof useDashboard>['data']>;

function Figure({ label, value, detail, to }: { label: string; value: string; detail?: string; to?: string }) {
  return (
    <Card withBorder padding="sm" aria-label={label} role="group">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl">{to ? <Anchor component={Link} to={to} inherit>{value}</Anchor> : value}</Text>
      {detail && <Text size="xs" c="dimmed">{detail}</Text>}
    </Card>
  );
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;

/** How this month stands against last month to the same day, in words. */
export function comparison(month: number, lastToDate: number) {
  if (lastToDate === 0) return month === 0 ? 'igual ao mês anterior' : 'mês anterior sem recuperação até esta data';
  const change = ((month - lastToDate) / lastToDate) * 100;
  return `${change >= 0 ? '+' : '−'}${formatPercent(Math.abs(change))} sobre o mês anterior até esta data`;
}

function DashboardFigures({ d, nameOf }: { d: Report; nameOf: (agent: string) => string }) {
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
        <Figure label="Promessas feitas no dia" value={count(d.promisesMade.count, 'promessa', 'promessas')} detail={formatBRL(d.promisesMade.amount)} />
        <Figure label="Promessas que vencem no dia" value={count(d.promisesDue.count, 'promessa', 'promessas')} detail={formatBRL(d.promisesDue.amount)} />
        <Figure label="Promessas quebradas" value={count(d.promisesBroken.count, 'promessa', 'promessas')}
          detail={`${formatBRL(d.promisesBroken.amount)} não pagos; ${count(d.promisesKept.count, 'cumprida', 'cumpridas')}`} />
        <Figure label="Acordos fechados no dia" value={count(d.agreements.count, 'acordo', 'acordos')} detail={formatBRL(d.agreements.amount)} />
        <Figure label="Aprovações aguardando" value={count(d.approvalsWaiting.count, 'acordo', 'acordos')} detail={formatBRL(d.approvalsWaiting.amount)} to="/aprovacoes" />
        <Figure label="Recuperado no dia" value={formatBRL(d.recovered.today)} />
        <Figure label="Recuperado no mês" value={formatBRL(d.recovered.month)}
          detail={`${comparison(d.recovered.month, d.recovered.lastMonthToDate)} (${formatBRL(d.recovered.lastMonthToDate)}); mês anterior inteiro: ${formatBRL(d.recovered.lastMonth)}`} />
        <Figure label="Taxa de contato" value={formatPercent(d.contacts.rate * 100)}
          detail={`${count(d.contacts.reached, 'contato efetivo', 'contatos efetivos')} em ${count(d.contacts.attempted, 'tentativa', 'tentativas')}`} />
      </SimpleGrid>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Mensagens do dia</Title>
          <Text size="sm">{count(d.messages.sent, 'enviada', 'enviadas')} · {count(d.messages.blocked, 'bloqueada', 'bloqueadas')} pela lei ou pelas regras</Text>
          {d.messages.blockedByReason.length > 0 && (
            <Table aria-label="Mensagens bloqueadas por motivo" verticalSpacing={4} mt="xs">
              <Table.Thead><Table.Tr><Table.Th>Motivo</Table.Th><Table.Th ta="right">Mensagens</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {d.messages.blockedByReason.map((r) => (
                  <Table.Tr key={r.reason}><Table.Td>{r.reason}</Table.Td><Table.Td ta="right">{r.count}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Por operador em {formatDate(d.date)}</Title>
          {d.agents.length === 0 ? <Text size="sm" c="dimmed">Nenhuma atividade de operador neste dia.</Text> : (
            <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Por operador (role para ver mais)' }}>
              <Table aria-label="Por operador" verticalSpacing={4} miw={720}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Operador</Table.Th><Table.Th ta="right">Promessas</Table.Th><Table.Th ta="right">Quebradas</Table.Th>
                    <Table.Th ta="right">Acordos</Table.Th><Table.Th ta="right">Recuperado no dia</Table.Th><Table.Th ta="right">No mês</Table.Th>
                    <Table.Th ta="right">Contatos</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.agents.map((a) => (
                    <Table.Tr key={a.agent}>
                      <Table.Td>{nameOf(a.agent)}</Table.Td>
                      <Table.Td ta="right">{a.promisesMade} <Text span size="xs" c="dimmed">({formatBRL(a.promisedAmount)})</Text></Table.Td>
                      <Table.Td ta="right">{a.promisesBroken}</Table.Td>
                      <Table.Td ta="right">{a.agreements} <Text span size="xs" c="dimmed">({formatBRL(a.agreementAmount)})</Text></Table.Td>
                      <Table.Td ta="right">{formatBRL(a.recoveredToday)}</Table.Td>
                      <Table.Td ta="right">{formatBRL(a.recoveredMonth)}</Table.Td>
                      <Table.Td ta="right">{a.contactsReached}/{a.contactsAttempted}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
