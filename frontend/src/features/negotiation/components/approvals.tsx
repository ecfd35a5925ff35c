import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Schemas } from '@/lib/api';
import { formatBRL, formatDate, formatDateTime, formatPercent, roleLabels } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { useAgreements } from '../api/agreements';
import { Decision } from './decision';
import { actorName } from '@/lib/catalogue';

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
          <Table.ScrollContainer minWidth={1100}>
          <Table aria-label="Acordos aguardando aprovação" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Devedor</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th ta="right">Desconto</Table.Th><Table.Th>Parcelas</Table.Th>
                <Table.Th>Alçada e regras</Table.Th><Table.Th>Criado por</Table.Th><Table.Th>Decisão</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.data.items.map((a) => <Row key={a.id} agreement={a} />)}
            </Table.Tbody>
          </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}

function Row({ agreement: a }: { agreement: Schemas['AgreementQueriesSummary'] }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/devedores/${a.debtorId}`}>{a.debtorName ?? 'Devedor'}</Anchor>
        <Text size="xs"><Anchor component={Link} to={`/acordos/${a.id}`}>Acordo de {formatDate(a.agreementDate)}</Anchor></Text>
      </Table.Td>
      <Table.Td ta="right">{formatBRL(a.total)}<Text size="xs" c="dimmed">de {formatBRL(a.valuationTotal)}</Text></Table.Td>
      <Table.Td ta="right">{formatPercent(a.discountPercent)}<Text size="xs" c="dimmed">{formatBRL(a.discount)}</Text></Table.Td>
      <Table.Td>{a.installments}</Table.Td>
      <Table.Td>
        <Text size="sm">{roleLabels[a.requiredRole] ?? a.requiredRole}</Text>
        {a.violations.filter((v) => v.requiredRole !== 'agent').map((v) => <Text key={v.rule} size="xs" c="dimmed">{v.message}</Text>)}
      </Table.Td>
      <Table.Td><Text size="sm">{actorName(a.createdBy)}</Text><Text size="xs" c="dimmed">{formatDateTime(a.createdAt)}</Text></Table.Td>
      <Table.Td><Decision agreementId={a.id} label={`do acordo de ${a.debtorName ?? ''} de ${formatBRL(a.total)}`} /></Table.Td>
    </Table.Tr>
  );
}
