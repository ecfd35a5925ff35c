import { useState } from 'react';
import { call } from './portal-api';

type Run = (action: () => Promise<void>) => Promise<void>;

/** Today in Brasília as YYYY-MM-DD (the callback's day is chosen in Brasília time). */
function brasiliaToday() {
  return new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 10);
}

const hours = Array.from({ length: 12 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`);

/**
 * What the debtor asks of people: a call back on a day and hour the law allows (the server names the next allowed time
 * when the chosen one is not), and the report of their personal data by e-mail (LGPD).
 */
export function Requests({ busy, run, onBack }: { busy: boolean; run: Run; onBack: () => void }) {
  const [day, setDay] = useState(brasiliaToday());
  const [hour, setHour] = useState('10:00');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const when = (iso: string) => new Date(iso).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
  return (
    <>
      <section aria-labelledby="callback-title" className="card">
        <h2 id="callback-title">Prefere que a gente ligue?</h2>
        <form onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await call<{ callbackAt: string; phone: string }>('POST', '/callbacks', { callbackAt: `${day}T${hour}:00-03:00`, note: note || undefined });
            setDone(`Combinado: ligaremos para ${r.phone} em ${when(r.callbackAt)} (horário de Brasília).`);
          });
        }}>
          <label htmlFor="callback-day">Dia</label>
          <input id="callback-day" type="date" value={day} min={brasiliaToday()} onChange={(e) => setDay(e.target.value)} required />
          <label htmlFor="callback-hour">Horário (Brasília)</label>
          <select id="callback-hour" value={hour} onChange={(e) => setHour(e.target.value)}>
            {hours.map((h) => <option key={h} value={h}>{h}</option>)}
          </select>
          <label htmlFor="callback-note">Recado (opcional)</label>
          <input id="callback-note" type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={busy}>Pedir ligação</button>
          {done && <p role="status">{done}</p>}
        </form>
      </section>
      <section aria-labelledby="data-title" className="card">
        <h2 id="data-title">Seus dados pessoais</h2>
        <p className="muted">Enviamos para o seu e-mail cadastrado um relatório com todos os dados pessoais que guardamos sobre você (LGPD).</p>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(async () => {
          setReport((await call<{ message: string }>('POST', '/data-subject-requests')).message);
        })}>Receber meus dados por e-mail</button>
        {report && <p role="status">{report}</p>}
      </section>
      <button type="button" className="secondary" onClick={onBack}>Voltar aos débitos</button>
    </>
  );
}
