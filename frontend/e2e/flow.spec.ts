import { expect, test } from '@playwright/test';
import { password, seed, type People } from './seed';
import { signIn, signOut } from './session';
import { inspect } from './inspect';

let people: People;
let document: string;

test.beforeAll(async () => {
  ({ people, document } = await seed());
});


test('an agreement above the agent\'s authority: agent proposes, supervisor approves, auditor sees it', async ({ page }) => {
  // The agent finds the debtor by CPF, typed with its punctuation, and opens the debtor 360.
  await signIn(page, people.agent.email, password);
  await expect(page.getByRole('heading', { name: 'Fila de trabalho' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Fila de trabalho' }).getByRole('row')).toHaveCount(7);
  await inspect(page, '01-fila-de-trabalho');
  await page.getByRole('link', { name: 'Ligações e cartas' }).click();
  await expect(page.getByRole('region', { name: 'Ligações a fazer' })).toBeVisible();
  await inspect(page, '01b-ligacoes-e-cartas');
  await page.getByRole('link', { name: 'Fila de trabalho' }).click();
  const formatted = `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}`;
  await page.getByLabel('Buscar devedor').fill(formatted);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; openedAt: number };
    w.longTasks = [];
    new PerformanceObserver((list) => w.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    w.openedAt = performance.now();
  });
  await page.getByRole('link', { name: 'Maria da Silva Santos' }).click();
  await expect(page.getByRole('heading', { name: 'Maria da Silva Santos' })).toBeVisible();
  await expect(page.getByText(/^Contato \d+:/)).toHaveCount(100);
  const { ms, longest } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; openedAt: number };
    return { ms: performance.now() - w.openedAt, longest: Math.max(0, ...w.longTasks) };
  });
  console.log(`debtor 360 with its first 100 timeline entries: on screen ${ms.toFixed(0)} ms after the click, longest main-thread task ${longest.toFixed(0)} ms`);
  await page.getByRole('button', { name: 'Carregar mais' }).click();
  await expect(page.getByText(/^Contato \d+:/)).toHaveCount(200);
  await expect(page.getByRole('table', { name: 'Débitos' })).toContainText(`NF-${document.slice(0, 6)}`);

  // The call: the agent dials (a tel: link), the debtor does not answer; one click records it, in the history too.
  await page.getByRole('group', { name: 'Resultado da ligação' }).getByRole('button', { name: /Não atende/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ligação registrada: Não atende.' })).toBeVisible();
  await expect(page.getByText(/^Ligação/).first()).toBeVisible();

  // A promise to pay, as agents record on a call.
  await page.getByLabel('Valor prometido (R$)').fill('100');
  await page.getByLabel('Observação', { exact: true }).fill('Vai pagar a entrada com o 13º salário');
  await page.getByRole('button', { name: 'Registrar promessa' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Promessa registrada.' })).toBeVisible();

  // The simulator: 20% off is beyond the agent's authority (principal discount above the bucket's 10%).
  await page.getByLabel('Entrada (R$)').fill('100');
  await page.getByLabel('Parcelas', { exact: true }).fill('3');
  await page.getByLabel('Desconto (%)', { exact: true }).fill('20');
  await expect(page.getByLabel('Alçada necessária')).toHaveText('Supervisor');
  await expect(page.getByRole('table', { name: 'Cronograma' }).getByRole('row')).toHaveCount(5);
  await expect(page.getByText(/Desconto de 13,07% no principal acima dos 10%/)).toBeVisible();
  await inspect(page, '02-devedor-360-simulador');
  await page.getByRole('button', { name: 'Enviar para aprovação' }).click();
  await expect(page.getByText('Aguardando aprovação').first()).toBeVisible();
  await expect(page).toHaveURL(/\/acordos\/[0-9a-f-]{36}$/);
  const agreementUrl = page.url();
  await expect(page.getByText(/Desconto de 13,07% no principal acima dos 10%/)).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code Pix/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Aprovar' })).toHaveCount(0);
  await inspect(page, '03-acordo-aguardando');
  await signOut(page);

  // The supervisor approves it from the queue; the agreement is active, with the Pix of its down payment.
  await signIn(page, people.supervisor.email, password);
  await expect(page.getByRole('heading', { name: 'Painel da supervisão' })).toBeVisible();
  // The agent's day so far: a call, a promise and an agreement waiting, under the agent's name.
  await expect(page.getByRole('table', { name: 'Por operador' })).toContainText('Ana Operadora');
  await inspect(page, '03b-painel');
  await page.getByRole('link', { name: 'Atribuição de débitos' }).click();
  await expect(page.getByRole('table', { name: 'Carteira de cada operador' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Carteira de cada operador' })).toContainText('Ana Operadora');
  await inspect(page, '03c-atribuicao');
  await page.getByRole('link', { name: 'Aprovações' }).click();
  const row = page.getByRole('table', { name: 'Acordos aguardando aprovação' }).getByRole('row').nth(1);
  await expect(row).toContainText(people.agent.email);
  await expect(row).toContainText('Maria da Silva Santos');
  await expect(row).toContainText('Desconto de 13,07% no principal');
  await inspect(page, '04-aprovacoes');
  await row.getByRole('textbox').fill('Cliente desempregado, proposta dentro da alçada do supervisor');
  await row.getByRole('button', { name: 'Aprovar' }).click();
  await expect(page.getByText('Nenhum acordo aguardando aprovação.')).toBeVisible();
  await page.goto(agreementUrl);
  await expect(page.getByText('Ativo', { exact: true })).toBeVisible();
  const qr = page.getByRole('img', { name: /QR code Pix da parcela 0/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText(/^000201/)).toBeVisible();
  await inspect(page, '05-acordo-ativo-pix');
  await page.getByRole('link', { name: 'Execução e equipe' }).click();
  await expect(page.getByRole('table', { name: 'Produtividade por operador' })).toContainText(people.agent.email);
  await inspect(page, '06-execucao-e-equipe');

  // Policies and the schedule: a new version of the policy; a step without a template is refused next to its field.
  await page.getByRole('link', { name: 'Políticas e régua' }).click();
  await page.getByRole('combobox', { name: 'Carteira' }).click();
  await page.getByRole('option', { name: /Loja Exemplo S\.A\./ }).click();
  await expect(page.getByText(/Versão 1, por sergio\.supervisor/)).toBeVisible();
  await page.getByLabel('Parcelas máximas, faixa 4').fill('36');
  await page.getByRole('button', { name: 'Salvar nova versão' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Política salva: versão 2.' })).toBeVisible();
  await inspect(page, '07-politica');
  await page.getByRole('tab', { name: 'Régua de cobrança' }).click();
  await page.getByRole('button', { name: 'Adicionar etapa' }).click();
  await page.getByRole('button', { name: 'Salvar nova versão' }).click();
  await expect(page.getByRole('combobox', { name: 'Modelo, etapa 1' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('escolha o modelo')).toBeVisible();
  await expect(page.getByLabel('Etapa 1', { exact: true })).toHaveValue('etapa-1');
  await inspect(page, '08-regua-com-erro');

  // The template the step needs: the law's checks answer next to the text, in Portuguese; then the schedule saves.
  await page.getByRole('tab', { name: 'Modelos de mensagem' }).click();
  await page.getByLabel('Código').fill('aviso-email');
  await page.getByLabel('Assunto').fill('Débito em aberto');
  await page.getByLabel('Texto').fill('{{nome}}, seu débito de {{valor}} está em aberto.');
  await page.getByRole('button', { name: 'Salvar modelo' }).click();
  await expect(page.getByText(/toda mensagem identifica o credor e seu CNPJ/)).toBeVisible();
  await page.getByLabel('Texto').fill('{{nome}}, seu débito de {{valor}} com {{credor}} (CNPJ {{cnpj_credor}}) está em aberto.');
  await page.getByRole('button', { name: 'Salvar modelo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Modelo aviso-email salvo.' })).toBeVisible();
  await inspect(page, '08b-modelos');
  await page.getByRole('tab', { name: 'Régua de cobrança' }).click();
  await page.getByRole('button', { name: 'Adicionar etapa' }).click();
  const template = page.getByRole('combobox', { name: 'Modelo, etapa 1' });
  await template.click();
  await page.getByRole('option', { name: 'aviso-email' }).click();
  await expect(template).toHaveValue('aviso-email');
  await page.getByRole('button', { name: 'Salvar nova versão' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Régua salva: versão 1.' })).toBeVisible();
  await signOut(page);

  // The auditor sees it in the reports and in the trail, and the trail verifies.
  await signIn(page, people.auditor.email, password);
  await expect(page.getByRole('heading', { name: 'Relatórios' })).toBeVisible();
  const agreements = page.getByRole('table', { name: 'Acordos no período' });
  await expect(agreements.getByRole('row', { name: /Total/ })).toContainText('1');
  await expect(page.getByRole('img', { name: 'Saldo em aberto por faixa de atraso' })).toBeVisible();
  await inspect(page, '09-relatorios');
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Acordos' }).getByRole('button', { name: 'Baixar CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await page.getByRole('link', { name: 'Trilha de auditoria' }).click();
  const trail = page.getByRole('table', { name: 'Entradas da trilha de auditoria' });
  await expect(trail.getByRole('row').filter({ hasText: 'Decidir acordo' })).toContainText('"decision":"approve"');
  await expect(trail).toContainText(people.supervisor.email);
  await page.getByRole('button', { name: 'Verificar integridade' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Trilha íntegra' })).toBeVisible();
  await inspect(page, '10-trilha-de-auditoria');

  await page.getByRole('link', { name: 'Relatório do titular' }).click();
  await page.getByLabel('CPF ou CNPJ do titular').fill(formatted);
  await page.getByRole('button', { name: 'Gerar relatório' }).click();
  await expect(page.getByText(/registros em \d+ categorias/)).toBeVisible();
  await page.getByRole('button', { name: /^Acordos/ }).click();
  await expect(page.getByRole('table', { name: 'Acordos' })).toContainText('ativo');
  await expect(page.getByRole('table', { name: 'Acordos' })).toContainText('Valor do acordo');
  await inspect(page, '11-relatorio-do-titular');
});
