import { useState } from 'react';
import { Alert, Button, Card, Code, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { formatDateTime } from '@/lib/format';
import { actorName, label } from '@/lib/catalogue';
import { Failure, Loading } from '@/components/status';
import { downloadCsv } from '@/features/reports/api/reports';
import { useAuditTrail, useVerification } from '../api/audit';

/** The hash-chained audit trail: filter by who and what, export as CSV, and verify that no entry was changed. */
export function AuditTrail() {
  const [actor, setActor] = useState('');
  const [resource, setResource] = useState('');
  const [filter] = useDebouncedValue({ actor: actor || undefined, resource: resource || undefined }, 300);
  const trail = useAuditTrail(filter);
  const [asked, setAsked] = useState(false);
  const verification = useVerification(asked);

  return (
    <>
      <Group justify="space-between" align="flex-end" mb="md">
        <Title order={2}>Trilha de auditoria</Title>
        <Group align="flex-end">
          <TextInput label="Quem" placeholder="e-mail" value={actor} onChange={(e) => setActor(e.currentTarget.value)} />
          <TextInput label="Recurso" placeholder="id" value={resource} onChange={(e) => setResource(e.currentTarget.value)} />
          <Button variant="light" onClick={() => downloadCsv('/audit', Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>)}>
            Baixar CSV
          </Button>
          <Button onClick={() => (asked ? verification.refetch() : setAsked(true))} loading={verification.isFetching}>Verificar integridade</Button>
        </Group>
      </Group>
      {verification.data && (
        <Alert mb="md" role="status" color={verification.data.valid ? 'teal' : 'red'} title={verification.data.valid ? 'Trilha íntegra' : 'Trilha adulterada'}>
          {verification.data.valid
            ? `As ${verification.data.entries.toLocaleString('pt-BR')} entradas conferem com o encadeamento de hashes` +
              (verification.data.checkpoint
                ? ` e com o ponto de controle assinado de ${formatDateTime(verification.data.checkpoint.takenAt)}.`
                : '.')
            : verificationFailure(verification.data)}
        </Alert>
      )}
      {verification.isError && <Failure error={verification.error} />}
      <Card withBorder padding={0}>
        {trail.isPending ? <Loading /> : trail.isError ? <Failure error={trail.error} /> : (
          <Table aria-label="Entradas da trilha de auditoria" verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th><Table.Th>Quando</Table.Th><Table.Th>Quem</Table.Th><Table.Th>Ação</Table.Th>
                <Table.Th>Recurso</Table.Th><Table.Th>Resultado</Table.Th><Table.Th>Depois</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trail.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.seq}</Table.Td>
                  <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
                  <Table.Td><Text size="sm">{actorName(e.actorName)}</Text><Text size="xs" c="dimmed">{e.actorRole ? label('roles', e.actorRole) : label('actorKinds', e.actorKind)}</Text></Table.Td>
                  <Table.Td>{label('auditActions', e.action)}</Table.Td>
                  <Table.Td><Text size="xs">{e.resourceType && label('resources', e.resourceType)} <span translate="no">{e.resourceId}</span></Text></Table.Td>
                  <Table.Td>{label('auditOutcomes', e.outcome)}</Table.Td>
                  <Table.Td>{e.afterState && <Code translate="no" style={{ fontSize: 11, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{readable(e.afterState)}</Code>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

/** The stored JSON with its escapes (\u00E7) shown as the characters they stand for. */
function readable(json: string) {
  try {
    return JSON.stringify(JSON.parse(json));
  } catch {
    return json;
  }
}

/** Why the verification failed, in the words of an auditor. */
function verificationFailure(v: { entries: number; firstInvalidEntry?: string | null; reason?: string | null; checkpoint?: { entries: number; takenAt: string } | null }) {
  if (v.reason === 'truncated' && v.checkpoint)
    return v.firstInvalidEntry
      ? `A trilha foi cortada e voltou a crescer: a entrada ${v.firstInvalidEntry} ocupa o lugar da que o ponto de controle de ${formatDateTime(v.checkpoint.takenAt)} registrou.`
      : `Faltam entradas no fim da trilha: o ponto de controle de ${formatDateTime(v.checkpoint.takenAt)} registrou ${v.checkpoint.entries.toLocaleString('pt-BR')} e restam ${v.entries.toLocaleString('pt-BR')}.`;
  if (v.reason === 'checkpoint-forged')
    return 'Há um ponto de controle cuja assinatura não confere com a chave do servidor: ele foi forjado ou assinado com outra chave.';
  return `A entrada ${v.firstInvalidEntry} não confere com o encadeamento.`;
}
