import { useState } from 'react';
import { type Agreement, type Debt, type Offer, date, describe, money, percent } from './portal-api';

/** Step 1 and 2: the document, then the code that arrived. */
export function SignIn({ busy, sent, onRequest, onCode }: {
  busy: boolean; sent: string | null; onRequest: (document: string) => void; onCode: (document: string, code: string) => void;
}) {
  const [document, setDocument] = useState('');
  const [code, setCode] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (sent) onCode(document, code); else onRequest(document); }}>
      <label htmlFor="document">CPF ou CNPJ</label>
      <input id="document" type="text" inputMode="numeric" autoComplete="off" value={document} onChange={(e) => setDocument(e.target.value)}
        readOnly={sent !== null} required />
      {sent && (
        <>
          <p className="muted" role="status">{sent}</p>
          <label htmlFor="code">Código de 6 números</label>
          <input id="code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required autoFocus />
        </>
      )}
      <button type="submit" disabled={busy}>{sent ? 'Entrar' : 'Receber código'}</button>
      {sent && <button type="button" className="secondary" disabled={busy} onClick={() => onRequest(document)}>Enviar outro código</button>}
    </form>
  );
}

/** Step 3: the open debts, each with its creditor; the person picks what to settle. */
export function Debts({ debts, busy, onOffers }: { debts: Debt[]; busy: boolean; onOffers: (ids: string[]) => void }) {
  const [chosen, setChosen] = useState<string[]>(debts.length === 1 ? [debts[0].invoiceId] : []);
  if (debts.length === 0) return <p>Você não tem débitos em aberto conosco.</p>;
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  const creditors = new Set(debts.filter((d) => chosen.includes(d.invoiceId)).map((d) => d.creditorDocument));
  return (
    <form onSubmit={(e) => { e.preventDefault(); onOffers(chosen); }}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">Escolha os débitos que quer negociar (de um credor por vez).</legend>
        {debts.map((d) => (
          <div className="card" key={d.invoiceId}>
            <label className="choice">
              <input type="checkbox" checked={chosen.includes(d.invoiceId)} onChange={() => toggle(d.invoiceId)} />
              <span>
                <strong>{d.creditor}</strong> <span className="muted">CNPJ {d.creditorDocument}</span><br />
                {d.description && <>{d.description}<br /></>}
                Venceu em {date(d.dueDate)} · valor original {money(d.amount)}<br />
                <strong>Hoje: {money(d.totalToday)}</strong>
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      {creditors.size > 1 && <p className="error" role="alert">Escolha débitos de um só credor.</p>}
      <button type="submit" disabled={busy || chosen.length === 0 || creditors.size > 1}>Ver ofertas</button>
    </form>
  );
}

/** Step 4: the offers, each with its total, discount and CET; the mínimo existencial warning where it applies. */
export function Offers({ offers, busy, onTake, onBack }: { offers: Offer[]; busy: boolean; onTake: (id: string) => void; onBack: () => void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  if (offers.length === 0)
    return <><p>Não há uma oferta para fechar aqui. Fale com a nossa equipe.</p><button className="secondary" onClick={onBack}>Voltar</button></>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (chosen) onTake(chosen); }}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">Escolha como quer pagar.</legend>
        {offers.map((o) => (
          <div className="card" key={o.id}>
            <label className="choice">
              <input type="radio" name="offer" checked={chosen === o.id} onChange={() => setChosen(o.id)} />
              <span>
                <strong>{describe(o)}</strong><br />
                Total {money(o.total)}{o.discount > 0 && <> · desconto de {money(o.discount)}</>}<br />
                <span className="muted">
                  {o.kind === 'parcelado' && <>1ª parcela em {date(o.firstDueDate)} · </>}CET {percent(o.cetMonthly)} ao mês
                </span>
                {o.warning && <span className="warning" style={{ display: 'block' }}>Atenção: {o.warning}</span>}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || !chosen}>Fechar acordo</button>
      <button type="button" className="secondary" onClick={onBack}>Voltar aos débitos</button>
    </form>
  );
}

/** Step 5: the agreement, a Pix copia e cola for each installment, and the terms as a PDF. */
export function Done({ agreement }: { agreement: Agreement }) {
  const [copied, setCopied] = useState<number | null>(null);
  const copy = async (number: number, payload: string) => {
    await navigator.clipboard.writeText(payload);
    setCopied(number);
  };
  return (
    <>
      <p>Acordo feito. Total de {money(agreement.total)} em {agreement.installments.length} pagamento(s).</p>
      <a className="button secondary" href={agreement.termsUrl} download>Baixar o termo do acordo (PDF)</a>
      {agreement.installments.map((i) => (
        <div className="card" key={i.number}>
          <h2>{i.number === 0 ? 'Entrada' : `Parcela ${i.number}`}: {money(i.amount)}</h2>
          <p className="muted">Vence em {date(i.dueDate)}</p>
          {i.pixPayload ? (
            <>
              <p className="pix" translate="no" aria-label={`Código Pix da ${i.number === 0 ? 'entrada' : `parcela ${i.number}`}`}>{i.pixPayload}</p>
              <button type="button" onClick={() => copy(i.number, i.pixPayload!)}>Copiar código Pix</button>
              {copied === i.number && <p role="status">Código copiado. Cole no app do seu banco, em Pix Copia e Cola.</p>}
            </>
          ) : <p className="muted">O código Pix desta parcela fica pronto em instantes: volte mais tarde.</p>}
        </div>
      ))}
    </>
  );
}
