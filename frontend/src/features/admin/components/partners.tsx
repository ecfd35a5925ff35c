import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatDateTime } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useCreatePartner, useIssueKey, usePartnerWebhook, usePartners, useRevokeKey } from '../api/admin';

/** Creditors that push invoices, and their API keys: a new key is shown once, here, and never again. */
export function Partners() {
  const partners = usePartners();
  const create = useCreatePartner();
  const issue = useIssueKey();
  const revoke = useRevokeKey();
  const [form, setForm] = useState({ name: '', document: '' });
  const [shown, setShown] = useState<{ partner: string; apiKey: string } | null>(null);
  const errorOf = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form, {
      onSuccess: (p) => {
        setShown({ partner: p.name, apiKey: p.apiKey });
        setForm({ name: '', document: '' });
      },
    });
  };
  return (
    <>
      <Title order={2} mb="md">Credores e chaves de API</Title>
      {shown && (
        <Alert color="yellow" mb="md" title={`Chave de API de ${shown.partner}: copie agora, ela não será mostrada de novo`} withCloseButton closeButtonLabel="Fechar" onClose={() => setShown(null)}>
          <Group>
            <Code style={{ fontSize: 14 }}>{shown.apiKey}</Code>
            <CopyButton value={shown.apiKey}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? 'Copiada' : 'Copiar'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
      <Card withBorder mb="md" component="form" onSubmit={submit} aria-label="Novo credor">
        <Group align="flex-end">
          <TextInput label="Razão social" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errorOf('name')} required />
          <TextInput label="CNPJ" value={form.document} onChange={(e) => setForm({ ...form, document: e.currentTarget.value })} error={errorOf('document')} required />
          <Button type="submit" loading={create.isPending}>Cadastrar credor</Button>
        </Group>
        {create.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(create.error)}</Alert>}
      </Card>
      {(issue.isError || revoke.isError) && <Alert color="red" mb="md" role="alert">{problemMessage(issue.error ?? revoke.error)}</Alert>}
      {partners.isPending ? <Loading /> : partners.isError ? <Failure error={partners.error} /> : (
        <Stack>
          {partners.data.items.map((p) => (
            <Card withBorder key={p.id} component="section" aria-label={p.name}>
              <Group justify="space-between" mb="xs">
                <div>
                  <Text fw={600}>{p.name}</Text>
                  <Text size="xs" c="dimmed">CNPJ {p.document} · desde {formatDateTime(p.createdAt)}</Text>
                </div>
                <Button size="xs" variant="light" loading={issue.isPending && issue.variables === p.id}
                  onClick={() => issue.mutate(p.id, { onSuccess: (k) => setShown({ partner: p.name, apiKey: k.apiKey }) })}>
                  Nova chave
                </Button>
              </Group>
              <Table aria-label={`Chaves de ${p.name}`} verticalSpacing={2}>
                <Table.Tbody>
                  {p.keys.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td><Code>{k.hint}</Code></Table.Td>
                      <Table.Td>criada em {formatDateTime(k.createdAt)}</Table.Td>
                      <Table.Td>{k.revokedAt ? `revogada em ${formatDateTime(k.revokedAt)}` : (
                        <Button size="compact-xs" color="red" variant="subtle" onClick={() => window.confirm(`Revogar a chave ${k.hint}? O sistema do credor deixa de conseguir enviar com ela.`) && revoke.mutate({ partnerId: p.id, keyId: k.id })}>Revogar</Button>
                      )}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <PartnerWebhook partnerId={p.id} name={p.name} />
            </Card>
          ))}
        </Stack>
      )}
    </>
  );
}

const deliveryColors: Record<string, string> = { delivered: 'teal', pending: 'gray', failed: 'red' };

/** The partner's webhook and its latest deliveries, for helping them: the partner alone changes it. */
function PartnerWebhook({ partnerId, name }: { partnerId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const webhook = usePartnerWebhook(partnerId, open);
  if (!open) return <Button size="compact-xs" variant="subtle" mt="xs" onClick={() => setOpen(true)}>Ver webhook</Button>;
  if (webhook.isPending) return <Loading />;
  if (webhook.isError) return <Failure error={webhook.error} />;
  const { webhook: hook, deliveries } = webhook.data;
  return (
    <Stack gap={4} mt="xs">
      <Text size="sm">
        {hook ? <>Webhook: <Code>{hook.url}</Code> · {hook.events.join(', ')}</> : 'Nenhum webhook cadastrado pelo credor.'}
      </Text>
      {deliveries.length > 0 && (
        <Table aria-label={`Entregas do webhook de ${name}`} verticalSpacing={2} fz="xs">
          <Table.Thead>
            <Table.Tr><Table.Th>Evento</Table.Th><Table.Th>Situação</Table.Th><Table.Th>Tentativas</Table.Th><Table.Th>Último erro</Table.Th><Table.Th>Criada</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.event}</Table.Td>
                <Table.Td><Badge size="xs" variant="light" color={deliveryColors[d.status] ?? 'gray'}>{d.status}</Badge></Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '')}</Table.Td>
                <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
