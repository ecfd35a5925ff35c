import { useEffect, useState, type ReactNode } from 'react';
import { ActionIcon, Alert, Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import type { Schemas } from '@/lib/api';
import { ApiError } from '@/lib/api-client';
import { formatDateTime, messageChannels } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useTemplates } from '@/features/communication/api/templates';
import { TemplatesEditor } from '@/features/communication/components/templates-editor';
import { usePolicy, usePortfolios, useSavePolicy, useSaveSchedule, useSchedule } from '../api/settings';
import { RemindersEditor } from './reminders-editor';
import { actorName } from '@/lib/catalogue';
import { BureauSettingsEditor } from './bureau-settings-editor';
import { CallOutcomesEditor } from './call-outcomes-editor';

type Policy = Schemas['Policy'];
type Step = Schemas['SchedulesStep'];

const newPolicy: Policy = {
  buckets: [{ fromDays: 1, toDays: null, maxChargesDiscountPercent: 0, maxPrincipalDiscountPercent: 0, maxInstallments: 1, minDownPaymentPercent: 0 }],
  minInstallment: 50, monthlyRatePercent: 0, cashExtraPrincipalDiscountPercent: 0, firstDueMaxDays: 30, breachToleranceDays: 30,
  supervisorExtraPrincipalDiscountPercent: 0, financialInstitution: false, compoundingLegalBasis: null,
};

const num = (v: number | string) => (typeof v === 'number' ? v : Number(v.replace(',', '.')) || 0);

/** Supervisors tune, per portfolio, what agents may offer (the policy) and when and how debtors are reminded (the schedule). */
export function Settings() {
  const portfolios = usePortfolios();
  const [portfolioId, setPortfolioId] = useState<string | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Políticas e régua</Title>
        {portfolios.data && (
          <Select label="Carteira" placeholder="Escolha a carteira" w={360} value={portfolioId} onChange={setPortfolioId} searchable
            data={portfolios.data.items.map((p) => ({ value: p.id, label: `${p.creditor} · ${p.name} (${p.code})` }))} />
        )}
      </Group>
      <Tabs defaultValue="policy" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="policy">Política de negociação</Tabs.Tab>
          <Tabs.Tab value="schedule">Régua de cobrança</Tabs.Tab>
          <Tabs.Tab value="reminders">Lembretes do acordo</Tabs.Tab>
          <Tabs.Tab value="call-outcomes">Resultados de ligação</Tabs.Tab>
          <Tabs.Tab value="templates">Modelos de mensagem</Tabs.Tab>
          <Tabs.Tab value="bureau">Birô de crédito</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="policy" pt="md"><PerPortfolio portfolios={portfolios} portfolioId={portfolioId} render={(id) => <PolicyEditor key={id} portfolioId={id} />} /></Tabs.Panel>
        <Tabs.Panel value="schedule" pt="md"><PerPortfolio portfolios={portfolios} portfolioId={portfolioId} render={(id) => <ScheduleEditor key={id} portfolioId={id} />} /></Tabs.Panel>
        <Tabs.Panel value="reminders" pt="md"><PerPortfolio portfolios={portfolios} portfolioId={portfolioId} render={(id) => <RemindersEditor key={id} portfolioId={id} />} /></Tabs.Panel>
        <Tabs.Panel value="call-outcomes" pt="md"><PerPortfolio portfolios={portfolios} portfolioId={portfolioId} render={(id) => <CallOutcomesEditor key={id} portfolioId={id} />} /></Tabs.Panel>
        <Tabs.Panel value="templates" pt="md"><TemplatesEditor /></Tabs.Panel>
        <Tabs.Panel value="bureau" pt="md"><PerPortfolio portfolios={portfolios} portfolioId={portfolioId} render={(id) => <BureauSettingsEditor key={id} portfolioId={id} />} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Policies and schedules belong to a portfolio: the tab asks for one first. */
function PerPortfolio({ portfolios, portfolioId, render }: { portfolios: ReturnType<typeof usePortfolios>; portfolioId: string | null; render: (id: string) => ReactNode }) {
  if (portfolios.isPending) return <Loading />;
  if (portfolios.isError) return <Failure error={portfolios.error} />;
  if (!portfolioId) return <Text c="dimmed">Escolha uma carteira para ver e alterar a política de negociação e a régua de cobrança.</Text>;
  return <>{render(portfolioId)}</>;
}

const notFound = (error: unknown) => error instanceof ApiError && error.status === 404;

function PolicyEditor({ portfolioId }: { portfolioId: string }) {
  const current = usePolicy(portfolioId);
  const save = useSavePolicy(portfolioId);
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    if (current.data) setPolicy(current.data.policy);
    else if (notFound(current.error)) setPolicy(newPolicy);
  }, [current.data, current.error]);
  if (current.isPending || !policy) return current.isError && !notFound(current.error) ? <Failure error={current.error} /> : <Loading />;
  const errorOf = fieldErrors(save.error);
  const set = <K extends keyof Policy>(key: K, value: Policy[K]) => setPolicy({ ...policy, [key]: value });
  // The numeric limits edited here; a bucket's selfService limits (the portal's authority) are kept as they are.
  type BucketLimit = Exclude<keyof Schemas['BucketRule'], 'selfService'>;
  const setBucket = (i: number, key: BucketLimit, value: number | null) =>
    set('buckets', policy.buckets.map((b, j) => (j === i ? { ...b, [key]: value } : b)));
  const bucketField = (i: number, key: BucketLimit, label: string, nullable = false) => (
    <NumberInput aria-label={`${label}, faixa ${i + 1}`} size="xs" min={0} value={policy.buckets[i][key] ?? ''}
      onChange={(v) => setBucket(i, key, v === '' && nullable ? null : num(v))} error={errorOf(`buckets[${i}].${key}`)} />
  );
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed" mb="sm">
        {current.data ? `Versão ${current.data.version}, por ${actorName(current.data.createdBy)} em ${formatDateTime(current.data.createdAt)}. ` : 'Esta carteira ainda não tem política. '}
        Cada alteração cria uma nova versão; acordos já feitos guardam a versão com que foram feitos.
      </Text>
      <Table aria-label="Faixas de atraso" verticalSpacing={4} mb="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>De (dias)</Table.Th><Table.Th>Até (dias)</Table.Th><Table.Th>Desconto máx. encargos (%)</Table.Th>
            <Table.Th>Desconto máx. principal (%)</Table.Th><Table.Th>Parcelas máx.</Table.Th><Table.Th>Entrada mín. (%)</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {policy.buckets.map((_, i) => (
            <Table.Tr key={i}>
              <Table.Td>{bucketField(i, 'fromDays', 'De')}</Table.Td>
              <Table.Td>{bucketField(i, 'toDays', 'Até', true)}</Table.Td>
              <Table.Td>{bucketField(i, 'maxChargesDiscountPercent', 'Desconto máximo nos encargos')}</Table.Td>
              <Table.Td>{bucketField(i, 'maxPrincipalDiscountPercent', 'Desconto máximo no principal')}</Table.Td>
              <Table.Td>{bucketField(i, 'maxInstallments', 'Parcelas máximas')}</Table.Td>
              <Table.Td>{bucketField(i, 'minDownPaymentPercent', 'Entrada mínima')}</Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red" aria-label={`Remover faixa ${i + 1}`} onClick={() => set('buckets', policy.buckets.filter((__, j) => j !== i))}>×</ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errorOf('buckets', { exact: true }) && <Text c="red" size="sm" mb="xs">{errorOf('buckets', { exact: true })}</Text>}
      <Button variant="subtle" size="xs" mb="md" onClick={() => set('buckets', [...policy.buckets, { ...newPolicy.buckets[0], fromDays: (policy.buckets.at(-1)?.toDays ?? 0) + 1 }])}>
        Adicionar faixa
      </Button>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <NumberInput label="Parcela mínima (R$)" value={policy.minInstallment} onChange={(v) => set('minInstallment', num(v))} decimalScale={2} decimalSeparator="," error={errorOf('minInstallment')} />
        <NumberInput label="Juros do parcelamento (% a.m.)" value={policy.monthlyRatePercent} onChange={(v) => set('monthlyRatePercent', num(v))} decimalScale={2} decimalSeparator="," error={errorOf('monthlyRatePercent')} />
        <NumberInput label="Desconto extra à vista (% principal)" value={policy.cashExtraPrincipalDiscountPercent} onChange={(v) => set('cashExtraPrincipalDiscountPercent', num(v))} error={errorOf('cashExtraPrincipalDiscountPercent')} />
        <NumberInput label="Alçada extra do supervisor (% principal)" value={policy.supervisorExtraPrincipalDiscountPercent} onChange={(v) => set('supervisorExtraPrincipalDiscountPercent', num(v))} error={errorOf('supervisorExtraPrincipalDiscountPercent')} />
        <NumberInput label="1º vencimento em até (dias)" value={policy.firstDueMaxDays} onChange={(v) => set('firstDueMaxDays', num(v))} error={errorOf('firstDueMaxDays')} />
        <NumberInput label="Tolerância antes da quebra (dias)" value={policy.breachToleranceDays} onChange={(v) => set('breachToleranceDays', num(v))} error={errorOf('breachToleranceDays')} />
        <Checkbox label="Credor é instituição financeira (juros compostos permitidos)" checked={policy.financialInstitution} onChange={(e) => set('financialInstitution', e.currentTarget.checked)} mt="lg" />
        <TextInput label="Base legal da capitalização" value={policy.compoundingLegalBasis ?? ''} onChange={(e) => set('compoundingLegalBasis', e.currentTarget.value || null)} error={errorOf('compoundingLegalBasis')} />
      </SimpleGrid>
      <Title order={4} size="h6" mt="md">Pix</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <TextInput label="Chave Pix" value={policy.pix?.key ?? ''} onChange={(e) => set('pix', { merchantName: '', city: '', ...policy.pix, key: e.currentTarget.value })} error={errorOf('pix.key')} />
        <TextInput label="Nome do recebedor" value={policy.pix?.merchantName ?? ''} onChange={(e) => set('pix', { key: '', city: '', ...policy.pix, merchantName: e.currentTarget.value })} error={errorOf('pix.merchantName')} />
        <TextInput label="Cidade do recebedor" value={policy.pix?.city ?? ''} onChange={(e) => set('pix', { key: '', merchantName: '', ...policy.pix, city: e.currentTarget.value })} error={errorOf('pix.city')} />
      </SimpleGrid>
      {save.isError && <Alert color="red" mt="md" role="alert">{problemMessage(save.error)}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="md" role="status">Política salva: versão {save.data.version}.</Alert>}
      <Group justify="flex-end" mt="md">
        <Button onClick={() => save.mutate(policy.pix && !policy.pix.key && !policy.pix.merchantName && !policy.pix.city ? { ...policy, pix: undefined } : policy)} loading={save.isPending}>
          Salvar nova versão
        </Button>
      </Group>
    </Card>
  );
}

const segments = [{ value: '', label: 'Todos' }, { value: 'consumer', label: 'Consumidor' }, { value: 'business', label: 'Empresa' }];

function ScheduleEditor({ portfolioId }: { portfolioId: string }) {
  const current = useSchedule(portfolioId);
  const templates = useTemplates();
  const save = useSaveSchedule(portfolioId);
  const [steps, setSteps] = useState<Step[] | null>(null);
  useEffect(() => {
    if (current.data) setSteps(current.data.steps);
    else if (notFound(current.error)) setSteps([]);
  }, [current.data, current.error]);
  if (current.isPending || !steps) return current.isError && !notFound(current.error) ? <Failure error={current.error} /> : <Loading />;
  const errorOf = fieldErrors(save.error);
  const setStep = (i: number, patch: Partial<Step>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  // A step's template is chosen by the person (none preselected), among those of the step's channel.
  const templateOptions = (channel: string) => (templates.data?.items ?? []).filter((t) => t.channel === channel).map((t) => ({ value: t.code, label: t.code }));
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed" mb="sm">
        Cada etapa envia um modelo pelo canal escolhido tantos dias após o vencimento (negativo: antes). As regras de horário,
        feriados, limites de contato e suspensões são aplicadas no momento do envio. Numa carteira comprada, a etapa marcada
        como notificação de cessão de crédito (CC art. 290) vai antes de todas: nenhuma outra cobrança sai antes dela.
      </Text>
      <Table aria-label="Etapas da régua" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Etapa</Table.Th><Table.Th>Dias após o vencimento</Table.Th><Table.Th>Canal</Table.Th><Table.Th>Modelo</Table.Th>
            <Table.Th>Saldo mín. (R$)</Table.Th><Table.Th>Saldo máx. (R$)</Table.Th><Table.Th>Público</Table.Th><Table.Th>Notificação de cessão</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((s, i) => (
            <Table.Tr key={i}>
              <Table.Td><TextInput size="xs" aria-label={`Etapa ${i + 1}`} value={s.key} onChange={(e) => setStep(i, { key: e.currentTarget.value })} error={errorOf(`steps[${i}].key`)} /></Table.Td>
              <Table.Td><NumberInput size="xs" aria-label={`Dias após o vencimento, etapa ${i + 1}`} value={s.offsetDays} onChange={(v) => setStep(i, { offsetDays: num(v) })} error={errorOf(`steps[${i}].offsetDays`)} /></Table.Td>
              <Table.Td><Select size="xs" aria-label={`Canal, etapa ${i + 1}`} data={messageChannels} value={s.channel} onChange={(v) => setStep(i, { channel: (v ?? 'email') as Step['channel'] })} error={errorOf(`steps[${i}].channel`)} /></Table.Td>
              <Table.Td><Select size="xs" aria-label={`Modelo, etapa ${i + 1}`} data={templateOptions(s.channel)} value={s.template || null} onChange={(v) => setStep(i, { template: v ?? '' })} searchable error={errorOf(`steps[${i}].template`)} /></Table.Td>
              <Table.Td><NumberInput size="xs" aria-label={`Saldo mínimo, etapa ${i + 1}`} value={s.minBalance ?? ''} onChange={(v) => setStep(i, { minBalance: v === '' ? null : num(v) })} decimalScale={2} decimalSeparator="," error={errorOf(`steps[${i}].minBalance`)} /></Table.Td>
              <Table.Td><NumberInput size="xs" aria-label={`Saldo máximo, etapa ${i + 1}`} value={s.maxBalance ?? ''} onChange={(v) => setStep(i, { maxBalance: v === '' ? null : num(v) })} decimalScale={2} decimalSeparator="," error={errorOf(`steps[${i}].maxBalance`)} /></Table.Td>
              <Table.Td><Select size="xs" aria-label={`Público, etapa ${i + 1}`} data={segments} value={s.segment ?? ''} onChange={(v) => setStep(i, { segment: (v || null) as Step['segment'] })} /></Table.Td>
              <Table.Td><Checkbox size="xs" aria-label={`Notificação de cessão de crédito (CC art. 290), etapa ${i + 1}`} checked={s.assignmentNotice === true} onChange={(e) => setStep(i, { assignmentNotice: e.currentTarget.checked ? true : null })} /></Table.Td>
              <Table.Td><ActionIcon variant="subtle" color="red" aria-label={`Remover etapa ${i + 1}`} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>×</ActionIcon></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errorOf('steps', { exact: true }) && <Text c="red" size="sm">{errorOf('steps', { exact: true })}</Text>}
      <Button variant="subtle" size="xs" mt="xs"
        onClick={() => setSteps([...steps, { key: `etapa-${steps.length + 1}`, offsetDays: (steps.at(-1)?.offsetDays ?? 0) + 5, channel: 'email', template: '', minBalance: null, maxBalance: null, segment: null }])}>
        Adicionar etapa
      </Button>
      {save.isError && <Alert color="red" mt="md" role="alert">{problemMessage(save.error)}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="md" role="status">Régua salva: versão {save.data.version}.</Alert>}
      <Group justify="flex-end" mt="md">
        <Button onClick={() => save.mutate(steps)} loading={save.isPending}>Salvar nova versão</Button>
      </Group>
    </Card>
  );
}
