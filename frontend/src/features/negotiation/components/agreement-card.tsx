import { Alert, Anchor, Badge, Button, Card, CopyButton, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { channelLabels, formatBRL, formatDate, statusLabels } from '@/lib/format';
import { problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useAgreement, useDebtorAgreements, useResendPix } from '../api/agreements';

const installmentLabels: Record<string, string> = { open: 'Em aberto', paid: 'Paga', partial: 'Paga em parte' };
const resendChannels = ['email', 'sms', 'whatsapp'] as const;

/**
 * The debtor's current agreement on the 360: status, total, each installment and, only while the agreement is in
 * force, the Pix of the next installment with a way to send it again. None while it waits for approval or was refused.
 */
export function AgreementCard({ debtorId }: { debtorId: string }) {
  const agreements = useDebtorAgreements(debtorId);
  if (agreements.isPending || agreements.isError || agreements.data.items.length === 0) return null;
  const items = agreements.data.items;
  const current = items.find((a) => a.status === 'active' || a.status === 'pending_approval') ?? items[0];
  return <CurrentAgreement id={current.id} debtorId={debtorId} others={items.length - 1} />;
}

function CurrentAgreement({ id, debtorId, others }: { id: string; debtorId: string; others: number }) {
  const agreement = useAgreement(id);
  const resend = useResendPix(debtorId);
  if (agreement.isPending) return <Card withBorder><Loading /></Card>;
  if (agreement.isError) return <Card withBorder><Failure error={agreement.error} /></Card>;
  const a = agreement.data;
  const inForce = a.status === 'active';
  const next = inForce ? a.installments.find((i) => i.status !== 'paid' && i.pixPayload) : undefined;
  return (
    <Card withBorder aria-label="Acordo" component="section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Acordo de {formatDate(a.agreementDate)}</Title>
        <Group gap="xs">
          <Badge variant={inForce ? 'filled' : 'outline'} color={inForce ? 'teal' : a.status === 'pending_approval' ? 'red.9' : 'gray.7'}>
            {statusLabels[a.status] ?? a.status}
          </Badge>
          <Anchor component={Link} to={`/acordos/${a.id}`} size="sm">abrir o acordo</Anchor>
        </Group>
      </Group>
      <Text size="sm">
        Total {formatBRL(a.total)}{a.downPayment > 0 && `, entrada de ${formatBRL(a.downPayment)}`} · pago {formatBRL(a.paid)}
        {others > 0 && <Text span size="xs" c="dimmed"> · {others} acordo(s) anterior(es)</Text>}
      </Text>
      {a.status === 'pending_approval' && (
        <Alert color="orange" mt="xs" p="xs">Aguardando aprovação: sem Pix até um supervisor aprovar.</Alert>
      )}
      {a.status === 'rejected' && <Alert color="gray" mt="xs" p="xs">Recusado na aprovação: não há Pix a pagar.</Alert>}
      <ScrollArea type="auto" mt="xs">
        <Table aria-label="Parcelas do acordo" verticalSpacing={2} miw={360}>
          <Table.Thead>
            <Table.Tr><Table.Th>Parcela</Table.Th><Table.Th>Vencimento</Table.Th><Table.Th ta="right">Valor</Table.Th><Table.Th>Situação</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.installments.map((i) => (
              <Table.Tr key={i.number}>
                <Table.Td>{i.number === 0 ? 'Entrada' : i.number}</Table.Td>
                <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                <Table.Td ta="right">{formatBRL(i.amount)}</Table.Td>
                <Table.Td>{installmentLabels[i.status] ?? statusLabels[i.status] ?? i.status}{i.paidAt && ` em ${formatDate(i.paidAt)}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {next && (
        <Stack gap={4} mt="xs">
          <Text size="sm" fw={500}>Pix da {next.number === 0 ? 'entrada' : `parcela ${next.number}`} ({formatBRL(next.amount)}, vence {formatDate(next.dueDate)})</Text>
          <Group gap="xs">
            <CopyButton value={next.pixPayload!}>
              {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copiado' : 'Copiar Pix copia e cola'}</Button>}
            </CopyButton>
            {resendChannels.map((channel) => (
              <Button key={channel} size="xs" variant="default" loading={resend.isPending && resend.variables?.channel === channel}
                onClick={() => resend.mutate({ agreementId: a.id, installment: next.number, channel })}>
                Reenviar por {channelLabels[channel]}
              </Button>
            ))}
          </Group>
          {resend.isError && <Alert color="red" role="alert" p="xs">{problemMessage(resend.error)}</Alert>}
          {resend.isSuccess && (
            <Alert color="teal" role="status" p="xs">
              Pix na fila para envio por {channelLabels[resend.data.channel] ?? resend.data.channel}; as regras de contato são verificadas no envio.
            </Alert>
          )}
        </Stack>
      )}
    </Card>
  );
}
