import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Schemas } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useCallOutcome, useCalls, useLetters, useMarkPrinted } from '../api/queues';

/** The dunning schedule's human steps: calls to make (with their script) and letters to print and post. */
export function Queues() {
  return (
    <Stack>
      <Title order={2}>Ligações e cartas</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Calls />
        <Letters />
      </SimpleGrid>
    </Stack>
  );
}

function Calls() {
  const calls = useCalls();
  return (
    <Card withBorder component="section" aria-label="Ligações a fazer">
      <Title order={3} size="h5" mb="xs">Ligações a fazer</Title>
      {calls.isPending ? <Loading /> : calls.isError ? <Failure error={calls.error} /> : calls.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">Nenhuma ligação pendente.</Text>
      ) : (
        <Stack>{calls.data.items.map((c) => <Call key={c.messageId} call={c} />)}</Stack>
      )}
    </Card>
  );
}

function Call({ call }: { call: Schemas['QueuesCallView'] }) {
  const outcome = useCallOutcome();
  const [text, setText] = useState('');
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between">
        <Anchor component={Link} to={`/devedores/${call.debtorId}?tarefa=${call.messageId}&telefone=${encodeURIComponent(call.phone)}`}>
          Ligar pela tela do devedor
        </Anchor>
        <Anchor href={`tel:${call.phone}`} fw={600}>{call.phone}</Anchor>
      </Group>
      <Text size="sm" mt={4}>{call.script}</Text>
      <Group align="flex-end" mt="xs">
        <TextInput label="Resultado da ligação" placeholder="atendeu, prometeu pagar dia 10" value={text} onChange={(e) => setText(e.currentTarget.value)}
          error={fieldErrors(outcome.error)('outcome')} style={{ flex: 1 }} />
        <Button onClick={() => outcome.mutate({ messageId: call.messageId, outcome: text })} loading={outcome.isPending}>Registrar</Button>
      </Group>
      {outcome.isError && !fieldErrors(outcome.error)('outcome') && <Alert color="red" role="alert" mt="xs">{problemMessage(outcome.error)}</Alert>}
    </Card>
  );
}

function Letters() {
  const letters = useLetters();
  const printed = useMarkPrinted();
  return (
    <Card withBorder component="section" aria-label="Cartas a imprimir">
      <Title order={3} size="h5" mb="xs">Cartas a imprimir</Title>
      {printed.isError && <Alert color="red" role="alert" mb="xs">{problemMessage(printed.error)}</Alert>}
      {letters.isPending ? <Loading /> : letters.isError ? <Failure error={letters.error} /> : letters.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">Nenhuma carta a imprimir.</Text>
      ) : (
        <Table aria-label="Cartas a imprimir" verticalSpacing={4}>
          <Table.Thead><Table.Tr><Table.Th>Destinatário</Table.Th><Table.Th>Endereço</Table.Th><Table.Th>Na fila desde</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {letters.data.items.map((l) => (
              <Table.Tr key={l.messageId}>
                <Table.Td>{l.addressee}</Table.Td>
                <Table.Td><Text size="sm">{l.address}</Text></Table.Td>
                <Table.Td>{formatDateTime(l.queuedAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button component="a" size="compact-xs" variant="light" href={`/api/v1/communication/letters/${l.messageId}`} target="_blank">Abrir</Button>
                    <Button component="a" size="compact-xs" variant="default" href={`/api/v1/communication/letters/${l.messageId}?format=pdf`}>Baixar PDF</Button>
                    <Button size="compact-xs" onClick={() => printed.mutate(l.messageId)}>Impressa</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
