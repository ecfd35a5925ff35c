-- Reminders per agreement installment (régua do acordo). Communication's copy of each agreement in force and of its
-- installments, fed only by Negotiation's events (AgreementActivated carries the schedule; InstallmentPaid and the
-- agreement's end stop its reminders). Money in centavos.
CREATE TABLE communication.agreement (
    agreement_id  TEXT NOT NULL PRIMARY KEY,
    debtor_id     TEXT NOT NULL,
    partner_id    TEXT NOT NULL,
    portfolio_id  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'completed', 'broken', 'cancelled', 'rejected')),
    updated_at    TEXT NOT NULL
);
CREATE INDEX communication.ix_agreement_portfolio ON agreement (portfolio_id, status);

-- The agreement's debts: a hold on one of them stops the agreement's reminders too.
CREATE TABLE communication.agreement_debt (
    agreement_id  TEXT NOT NULL REFERENCES agreement (agreement_id),
    invoice_id    TEXT NOT NULL,
    PRIMARY KEY (agreement_id, invoice_id)
);
CREATE INDEX communication.ix_agreement_debt_invoice ON agreement_debt (invoice_id);

CREATE TABLE communication.installment (
    agreement_id  TEXT    NOT NULL REFERENCES agreement (agreement_id),
    number        INTEGER NOT NULL,                 -- 0 is the down payment
    due_date      TEXT    NOT NULL,
    amount_cents  INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('open', 'paid')),
    paid_on       TEXT    NULL,
    PRIMARY KEY (agreement_id, number)
);
CREATE INDEX communication.ix_installment_due ON installment (status, due_date);

-- A portfolio's agreement reminder schedule, versioned like the dunning schedule; without a version the defaults apply.
CREATE TABLE communication.reminder_schedule (
    id            TEXT    NOT NULL PRIMARY KEY,
    portfolio_id  TEXT    NOT NULL,
    partner_id    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX communication.ux_reminder_schedule_version ON reminder_schedule (portfolio_id, version);

-- A step: days from the installment's due date (negative: before it), channel and template.
CREATE TABLE communication.reminder_step (
    schedule_id    TEXT    NOT NULL REFERENCES reminder_schedule (id),
    step_key       TEXT    NOT NULL,
    offset_days    INTEGER NOT NULL,
    channel        TEXT    NOT NULL,
    template_code  TEXT    NOT NULL,
    PRIMARY KEY (schedule_id, step_key)
);

-- A reminder is a message about an installment, not about a debt: it names the agreement and the installment, and a
-- step is planned once per installment. The dunning's once-per-debt index now leaves messages without a debt alone
-- (SQL Server counts NULLs as equal in a unique index).
ALTER TABLE communication.message ADD COLUMN agreement_id TEXT NULL;
ALTER TABLE communication.message ADD COLUMN installment_number INTEGER NULL;
DROP INDEX communication.ux_message_step;
CREATE UNIQUE INDEX communication.ux_message_step ON message (invoice_id, step_key) WHERE step_key IS NOT NULL AND invoice_id IS NOT NULL;
CREATE UNIQUE INDEX communication.ux_message_reminder ON message (agreement_id, installment_number, step_key) WHERE agreement_id IS NOT NULL;
CREATE INDEX communication.ix_message_agreement ON message (agreement_id, status) WHERE agreement_id IS NOT NULL;

-- The default reminder templates (pt-BR), naming the creditor and its CNPJ (CDC art. 42-A); editable like any other.
INSERT INTO communication.template (code, channel, subject, body, updated_by, updated_at) VALUES
('acordo-lembrete-antes', 'email', 'Sua parcela {{parcela}} vence em {{vencimento_parcela}}',
 '<p>Olá, {{nome}}.</p><p>Lembramos que a parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vence em {{vencimento_parcela}}.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00.0000000Z'),
('acordo-lembrete-hoje', 'email', 'Sua parcela {{parcela}} vence hoje',
 '<p>Olá, {{nome}}.</p><p>A parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vence hoje, {{vencimento_parcela}}.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00.0000000Z'),
('acordo-lembrete-atraso', 'email', 'Parcela {{parcela}} do seu acordo em aberto',
 '<p>Olá, {{nome}}.</p><p>Não identificamos o pagamento da parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vencida em {{vencimento_parcela}}. Pague para manter o acordo em dia.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00.0000000Z'),
('acordo-lembrete-sms', 'sms', NULL,
 '{{credor}} (CNPJ {{cnpj_credor}}): {{nome}}, a parcela {{parcela}} do seu acordo, de {{valor_parcela}}, vence em {{vencimento_parcela}}.',
 'system', '2026-12-01T00:00:00.0000000Z');
