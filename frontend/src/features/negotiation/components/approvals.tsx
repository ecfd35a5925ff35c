import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Schemas } from '@/lib/api';
import { formatBRL, formatDate, formatDateTime, roleLabels } from '@/lib/format';
import { problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useAgreements, useDecision } from '../api/agreements';

/** The supervisor's queue: agreements above the agent's authority, approved or rejected with a reason. */
export function Approvals() {
  const pending = useAgreements('pending_approval');
  return (
    <>
      <Title order={2} mb="md">Aprovações</Title>
      <Card withBorder padding={0}>
        {pending.isPending ? <Loading /> : pending.isError ? <Failure error={pending.error} /> : pending.data.items.length === 0 ? (
          <Text p="md" c="dimmed">Nenhum acordo aguardando aprovação.</Text>
        ) : (
          <Table aria-label="Acordos aguardando aprovação" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Acordo</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th>Parcelas</Table.Th>
                <Table.Th>Alçada</Table.Th><Table.Th>Criado por</Table.Th><Table.Th>Decisão</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.data.items.map((a) => <Row key={a.id} agreement={a} />)}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

function Row({ agreement: a }: { agreement: Schemas['AgreementQueriesSummary'] }) {
  const decide = useDecision(a.id);
  const [reason, setReason] = useState('');
  return (
    <Table.Tr>
      <Table.Td><Anchor component={Link} to={`/acordos/${a.id}`}>{formatDate(a.agreementDate)}</Anchor></Table.Td>
      <Table.Td ta="right">{formatBRL(a.total)}</Table.Td>
      <Table.Td>{a.installments}</Table.Td>
      <Table.Td>{roleLabels[a.requiredRole] ?? a.requiredRole}</Table.Td>
      <Table.Td><Text size="sm">{a.createdBy}</Text><Text size="xs" c="dimmed">{formatDateTime(a.createdAt)}</Text></Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <TextInput aria-label={`Motivo da decisão do acordo de ${formatBRL(a.total)}`} placeholder="Motivo" size="xs" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="xs" onClick={() => decide.mutate({ approve: true, reason })} loading={decide.isPending}>Aprovar</Button>
          <Button size="xs" color="red" variant="light" onClick={() => decide.mutate({ approve: false, reason })} disabled={decide.isPending}>Recusar</Button>
        </Group>
        {decide.isError && <Alert color="red" p={4} mt={4} role="alert">{problemMessage(decide.error)}</Alert>}
      </Table.Td>
    </Table.Tr>
  );
}
