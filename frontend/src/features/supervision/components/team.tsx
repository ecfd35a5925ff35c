import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatBRL, formatDate, formatDateTime, todayIso } from '@/lib/format';
import { problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useProductivity, useRuns, useStartRun } from '../api/supervision';

const runStatus: Record<string, { label: string; color: string }> = {
  running: { label: 'Em execução', color: 'blue' },
  completed: { label: 'Concluída', color: 'teal' },
  failed: { label: 'Falhou', color: 'red' },
};

/** The supervisor's day: the dunning run with its progress, and what each agent did. */
export function Team() {
  const firstOfMonth = `${todayIso().slice(0, 8)}01`;
  const [from, setFrom] = useState(firstOfMonth);
  const [to, setTo] = useState(todayIso());
  return (
    <Stack>
      <Title order={2}>Execução da régua e equipe</Title>
      <Runs />
      <Card withBorder>
        <Group justify="space-between" align="flex-end" mb="xs">
          <Title order={3} size="h5">Produtividade da equipe</Title>
          <Group>
            <TextInput type="date" label="De" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="date" label="Até" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
        </Group>
        <Productivity period={{ from, to }} />
      </Card>
    </Stack>
  );
}

function Runs() {
  const runs = useRuns();
  const start = useStartRun();
  const running = runs.data?.items.find((r) => r.status === 'running');
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Execução diária da régua de cobrança</Title>
        <Button onClick={() => start.mutate()} loading={start.isPending} disabled={!!running}>Executar agora</Button>
      </Group>
      {start.isError && <Alert color="red" role="alert" mb="xs">{problemMessage(start.error)}</Alert>}
      {runs.isPending ? <Loading /> : runs.isError ? <Failure error={runs.error} /> : runs.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">Nenhuma execução ainda.</Text>
      ) : (
        <Table aria-label="Execuções da régua" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr><Table.Th>Dia</Table.Th><Table.Th>Situação</Table.Th><Table.Th w="35%">Progresso</Table.Th><Table.Th ta="right">Mensagens</Table.Th><Table.Th>Pedida por</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.items.slice(0, 10).map((r) => {
              const pct = r.stepsTotal === 0 ? 100 : Math.round((100 * r.stepsDone) / r.stepsTotal);
              const status = runStatus[r.status] ?? { label: r.status, color: 'gray' };
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDate(r.businessDate)}</Table.Td>
                  <Table.Td><Badge color={status.color} variant="light">{status.label}</Badge>{r.error && <Text size="xs" c="red">{r.error}</Text>}</Table.Td>
                  <Table.Td>
                    <Progress value={pct} animated={r.status === 'running'} aria-label={`Progresso da execução de ${formatDate(r.businessDate)}`} />
                    <Text size="xs" c="dimmed">{r.stepsDone} de {r.stepsTotal} etapas · {r.finishedAt ? `terminou ${formatDateTime(r.finishedAt)}` : `começou ${formatDateTime(r.startedAt)}`}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{r.planned}</Table.Td>
                  <Table.Td>{r.requestedBy}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function Productivity({ period }: { period: { from: string; to: string } }) {
  const report = useProductivity(period);
  if (report.isPending) return <Loading />;
  if (report.isError) return <Failure error={report.error} />;
  if (report.data.agents.length === 0) return <Text size="sm" c="dimmed">Nenhuma atividade no período.</Text>;
  return (
    <Table aria-label="Produtividade por operador" striped verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Operador</Table.Th><Table.Th ta="right">Contatos</Table.Th><Table.Th ta="right">Promessas</Table.Th>
          <Table.Th ta="right">Cumpridas</Table.Th><Table.Th ta="right">Acordos</Table.Th><Table.Th ta="right">Valor acordado</Table.Th>
          <Table.Th ta="right">Recuperado</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.data.agents.map((a) => (
          <Table.Tr key={a.agent}>
            <Table.Td>{a.agent}</Table.Td><Table.Td ta="right">{a.contacts}</Table.Td><Table.Td ta="right">{a.promises}</Table.Td>
            <Table.Td ta="right">{a.promisesKept}</Table.Td><Table.Td ta="right">{a.agreements}</Table.Td>
            <Table.Td ta="right">{formatBRL(a.agreementAmount)}</Table.Td><Table.Td ta="right">{formatBRL(a.recovered)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
