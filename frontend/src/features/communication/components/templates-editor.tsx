import { useState } from 'react';
import { Alert, Button, Card, Code, Group, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { channelLabels, formatDateTime, messageChannels } from '@/lib/format';
import { actorName } from '@/lib/catalogue';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useSaveTemplate, useTemplates } from '../api/templates';

const variables = ['nome', 'documento', 'valor', 'valor_original', 'vencimento', 'dias_atraso', 'contrato', 'credor', 'cnpj_credor', 'link_pagamento'];
const blank = { code: '', channel: 'email', subject: '', body: '' };

/**
 * The messages the schedule sends. The API refuses what the law forbids (no creditor and CNPJ, threats, exposure) and
 * says why next to the text.
 */
export function TemplatesEditor() {
  const templates = useTemplates();
  const save = useSaveTemplate();
  const [form, setForm] = useState(blank);
  const errorOf = fieldErrors(save.error);
  if (templates.isPending) return <Loading />;
  if (templates.isError) return <Failure error={templates.error} />;
  return (
    <Stack>
      <Card withBorder padding={0}>
        {templates.data.items.length === 0 ? <Text p="md" c="dimmed">Nenhum modelo ainda.</Text> : (
          <Table aria-label="Modelos de mensagem" verticalSpacing={4} highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>Código</Table.Th><Table.Th>Canal</Table.Th><Table.Th>Assunto</Table.Th><Table.Th>Alterado</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {templates.data.items.map((t) => (
                <Table.Tr key={t.code}>
                  <Table.Td><Code translate="no">{t.code}</Code></Table.Td>
                  <Table.Td>{channelLabels[t.channel] ?? t.channel}</Table.Td>
                  <Table.Td translate="no">{t.subject}</Table.Td>
                  <Table.Td><Text size="xs">{actorName(t.updatedBy)} · {formatDateTime(t.updatedAt)}</Text></Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="light" onClick={() => { save.reset(); setForm({ code: t.code, channel: t.channel, subject: t.subject ?? '', body: t.body }); }}>
                      Editar
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder component="form" aria-label="Modelo de mensagem"
        onSubmit={(e) => { e.preventDefault(); save.mutate({ ...form, subject: form.subject || null }); }}>
        <Group grow align="flex-start">
          <TextInput label="Código" value={form.code} onChange={(e) => setForm({ ...form, code: e.currentTarget.value })} error={errorOf('code')} />
          <Select label="Canal" data={messageChannels} value={form.channel} onChange={(v) => setForm({ ...form, channel: v ?? 'email' })} error={errorOf('channel')} />
        </Group>
        {form.channel === 'email' && (
          <TextInput label="Assunto" mt="xs" value={form.subject} onChange={(e) => setForm({ ...form, subject: e.currentTarget.value })} error={errorOf('subject')} />
        )}
        <Textarea label="Texto" mt="xs" autosize minRows={4} value={form.body} onChange={(e) => setForm({ ...form, body: e.currentTarget.value })} error={errorOf('body')}
          description={<>Variáveis: <span translate="no">{variables.map((v) => `{{${v}}}`).join(' ')}</span></>} />
        {save.isError && <Alert color="red" role="alert" mt="xs">{problemMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert color="teal" role="status" mt="xs">Modelo {save.data.code} salvo.</Alert>}
        <Group justify="flex-end" mt="xs">
          <Button variant="subtle" onClick={() => { save.reset(); setForm(blank); }}>Novo</Button>
          <Button type="submit" loading={save.isPending}>Salvar modelo</Button>
        </Group>
      </Card>
    </Stack>
  );
}
