import { Anchor, Badge, Card, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { formatBRL, formatDateTime } from '@/lib/format';
import { useWorkQueue } from '../api/debtors';
import { DebtorSearch } from './debtor-search';
import { Failure, Loading } from '@/components/status';

/** The agent's day: which debts to work now, why, and whether the debtor may be contacted right now. */
export function WorkQueue() {
  const queue = useWorkQueue();
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Title order={2}>Fila de trabalho</Title>
        <DebtorSearch />
      </Group>
      <Card withBorder padding={0}>
        {queue.isPending ? (
          <Loading />
        ) : queue.isError ? (
          <Failure error={queue.error} />
        ) : queue.data.items.length === 0 ? (
          <Text p="md" c="dimmed">Nenhum débito na sua fila agora.</Text>
        ) : (
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Fila de trabalho">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Devedor</Table.Th>
                <Table.Th>Contrato</Table.Th>
                <Table.Th ta="right">Em aberto</Table.Th>
                <Table.Th ta="right">Atraso</Table.Th>
                <Table.Th>Por quê</Table.Th>
                <Table.Th>Contato agora</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.data.items.map((item) => (
                <Table.Tr key={item.invoiceId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/devedores/${item.debtorId}`}>{item.debtorName}</Anchor>
                    <Text size="xs" c="dimmed">{item.document}</Text>
                  </Table.Td>
                  <Table.Td>{item.externalId}</Table.Td>
                  <Table.Td ta="right">{formatBRL(item.outstanding)}</Table.Td>
                  <Table.Td ta="right">{item.daysLate} dias</Table.Td>
                  <Table.Td><Text size="sm">{item.why}</Text></Table.Td>
                  <Table.Td>
                    {!item.reachable ? (
                      <Tooltip label="Sem contato utilizável: inválidos ou com oposição do devedor">
                        <Badge color="gray" variant="light">Sem contato</Badge>
                      </Tooltip>
                    ) : item.contactAllowedNow ? (
                      <Badge color="teal" variant="light">Permitido</Badge>
                    ) : (
                      <Tooltip label={item.contactNote ?? 'Fora do horário permitido'}>
                        <Badge color="gray" variant="light">A partir de {formatDateTime(item.contactAllowedFrom)}</Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
