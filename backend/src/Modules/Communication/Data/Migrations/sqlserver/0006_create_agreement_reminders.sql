-- Reminders per agreement installment (régua do acordo). Communication's copy of each agreement in force and of its
-- installments, fed only by Negotiation's events (AgreementActivated carries the schedule; InstallmentPaid and the
-- agreement's end stop its reminders). Money in centavos.
CREATE TABLE communication.agreement (
    agreement_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_agreement PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    status        NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_agreement_status
                                   CHECK (status IN ('active', 'completed', 'broken', 'cancelled', 'rejected')),
    updated_at    DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_agreement_portfolio ON communication.agreement (portfolio_id, status);

-- The agreement's debts: a hold on one of them stops the agreement's reminders too.
CREATE TABLE communication.agreement_debt (
    agreement_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_agreement_debt REFERENCES communication.agreement (agreement_id),
    invoice_id    UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_communication_agreement_debt PRIMARY KEY (agreement_id, invoice_id)
);
CREATE INDEX ix_agreement_debt_invoice ON communication.agreement_debt (invoice_id);

CREATE TABLE communication.installment (
    agreement_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_installment_agreement REFERENCES communication.agreement (agreement_id),
    number        INT              NOT NULL,
    due_date      DATE             NOT NULL,
    amount_cents  BIGINT           NOT NULL,
    status        NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_installment_status CHECK (status IN ('open', 'paid')),
    paid_on       DATE             NULL,
    CONSTRAINT pk_communication_installment PRIMARY KEY (agreement_id, number)
);
CREATE INDEX ix_installment_due ON communication.installment (status, due_date);

-- A portfolio's agreement reminder schedule, versioned like the dunning schedule; without a version the defaults apply.
CREATE TABLE communication.reminder_schedule (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_reminder_schedule PRIMARY KEY,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    version       INT              NOT NULL,
    created_by    NVARCHAR(254)    NOT NULL,
    created_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_reminder_schedule_version ON communication.reminder_schedule (portfolio_id, version);

CREATE TABLE communication.reminder_step (
    schedule_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_reminder_step_schedule REFERENCES communication.reminder_schedule (id),
    step_key       NVARCHAR(32)     NOT NULL,
    offset_days    INT              NOT NULL,
    channel        NVARCHAR(16)     NOT NULL,
    template_code  NVARCHAR(64)     NOT NULL,
    CONSTRAINT pk_communication_reminder_step PRIMARY KEY (schedule_id, step_key)
);

-- A reminder is a message about an installment, not about a debt: it names the agreement and the installment, and a
-- step is planned once per installment. The dunning's once-per-debt index now leaves messages without a debt alone
-- (SQL Server counts NULLs as equal in a unique index).
ALTER TABLE communication.message ADD agreement_id UNIQUEIDENTIFIER NULL, installment_number INT NULL;
GO
DROP INDEX ux_message_step ON communication.message;
CREATE UNIQUE INDEX ux_message_step ON communication.message (invoice_id, step_key) WHERE step_key IS NOT NULL AND invoice_id IS NOT NULL;
CREATE UNIQUE INDEX ux_message_reminder ON communication.message (agreement_id, installment_number, step_key) WHERE agreement_id IS NOT NULL;
CREATE INDEX ix_message_agreement ON communication.message (agreement_id, status) WHERE agreement_id IS NOT NULL;

-- The default reminder templates (pt-BR), naming the creditor and its CNPJ (CDC art. 42-A); editable like any other.
INSERT INTO communication.template (code, channel, subject, body, updated_by, updated_at) VALUES
(N'acordo-lembrete-antes', 'email', N'Sua parcela {{parcela}} vence em {{vencimento_parcela}}',
 N'<p>Olá, {{nome}}.</p><p>Lembramos que a parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vence em {{vencimento_parcela}}.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00'),
(N'acordo-lembrete-hoje', 'email', N'Sua parcela {{parcela}} vence hoje',
 N'<p>Olá, {{nome}}.</p><p>A parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vence hoje, {{vencimento_parcela}}.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00'),
(N'acordo-lembrete-atraso', 'email', N'Parcela {{parcela}} do seu acordo em aberto',
 N'<p>Olá, {{nome}}.</p><p>Não identificamos o pagamento da parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, vencida em {{vencimento_parcela}}. Pague para manter o acordo em dia.</p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>',
 'system', '2026-12-01T00:00:00'),
(N'acordo-lembrete-sms', 'sms', NULL,
 N'{{credor}} (CNPJ {{cnpj_credor}}): {{nome}}, a parcela {{parcela}} do seu acordo, de {{valor_parcela}}, vence em {{vencimento_parcela}}.',
 'system', '2026-12-01T00:00:00');
