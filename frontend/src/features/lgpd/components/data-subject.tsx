import { useState, type FormEvent } from 'react';
import { Accordion, Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';
import { label } from '@/lib/catalogue';
import { formatDateTime } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';

/**
 * The data-subject report (LGPD art. 18 II and 19): everything held on a CPF or CNPJ, section by section, with its
 * source and legal basis. Asking for it is itself recorded in the access log.
 */
export function DataSubject() {
  const [document, setDocument] = useState('');
  const report = useMutation({
    // The same address answers a PDF (Accept: application/pdf); this call reads the JSON.
    mutationFn: (doc: string) =>
      data(client.GET('/api/v1/lgpd/data-subjects/{document}', { params: { path: { document: doc } } })) as Promise<Schemas['DataSubjectReportResponse']>,
  });
  const errorOf = fieldErrors(report.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The punctuation goes (a CNPJ's slash would split the path); anything else is for the API to judge.
    report.mutate(document.replace(/[.\-/\s]/g, ''));
  };
  const r = report.data;
  return (
    <Stack>
      <Title order={2}>Relatório do titular (LGPD)</Title>
      <Card withBorder component="form" onSubmit={submit} aria-label="Buscar titular">
        <Group align="flex-end">
          <TextInput label="CPF ou CNPJ do titular" value={document} onChange={(e) => setDocument(e.currentTarget.value)} error={errorOf('document')} required w={280} />
          <Button type="submit" loading={report.isPending}>Gerar relatório</Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">A consulta fica registrada no log de acessos a dados pessoais.</Text>
      </Card>
      {report.isError && !errorOf('document') && <Alert color="red" role="alert">{problemMessage(report.error)}</Alert>}
      {r && !r.found && <Alert color="gray" role="status">Nenhum dado pessoal mantido para {r.document}.</Alert>}
      {r?.found && (
        <>
          <Text>
            <strong>{r.document}</strong> · gerado em {formatDateTime(r.generatedAt)} · {r.sections.reduce((n, s) => n + s.records.length, 0)} registros em {r.sections.length} categorias
          </Text>
          <Group>
            {/* The PDF is the report again: asking for it is logged too. */}
            <Button component="a" variant="default" href={`/api/v1/lgpd/data-subjects/${encodeURIComponent(r.document.replace(/[.\-/\s]/g, ''))}?format=pdf`}>Baixar PDF</Button>
          </Group>
          <Accordion multiple variant="separated" defaultValue={r.sections.filter((s) => s.records.length > 0).slice(0, 1).map((s) => s.category)}>
            {r.sections.map((s, i) => <Section key={s.category} section={s} readable={r.readable[i]} />)}
          </Accordion>
        </>
      )}
    </Stack>
  );
}

/** Stored values a person reads as they are (names, documents, ids, texts), kept apart from the wording around them. */
const dataColumns = (column: string) => !['status', 'channel', 'kind', 'subject_kind', 'outcome', 'result', 'required_role', 'created_by_role', 'actor_role', 'action'].includes(column);
// The audit trail's actions are named in the SPA's catalogue, as on the trail's own page.
const shown = (column: string, value: string | undefined) => (value === undefined ? '—' : column === 'action' ? label('auditActions', value) : value);

function Section({ section: s, readable }: { section: Schemas['PersonalDataSection']; readable: Schemas['DataSubjectReportReadableSection'] }) {
  const labels = [...new Map(readable.records.flat().map((f) => [f.column, f.label])).entries()];
  return (
    <Accordion.Item value={s.category}>
      <Accordion.Control>
        <Group justify="space-between" wrap="nowrap" pr="sm">
          <Text fw={500}>{s.category}</Text>
          <Badge variant="light" color={s.records.length ? 'teal' : 'gray'}>{s.records.length}</Badge>
        </Group>
        <Text size="xs" c="dimmed">{s.source} · {s.legalBasis}</Text>
      </Accordion.Control>
      <Accordion.Panel>
        {readable.records.length === 0 ? <Text size="sm" c="dimmed">Nada registrado.</Text> : (
          <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={`Registros: ${s.category}`}>
            <Table aria-label={s.category} verticalSpacing={2} fz="xs" withTableBorder>
              <Table.Thead><Table.Tr>{labels.map(([column, text]) => <Table.Th key={column}>{text}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {readable.records.map((record, i) => {
                  const values = new Map(record.map((f) => [f.column, f.value]));
                  return (
                    <Table.Tr key={i}>
                      {labels.map(([column]) => <Table.Td key={column} translate={dataColumns(column) ? 'no' : undefined}>{shown(column, values.get(column))}</Table.Td>)}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Accordion.Panel>
    </Accordion.Item>
  );
}
