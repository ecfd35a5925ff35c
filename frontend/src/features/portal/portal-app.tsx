import { useEffect, useRef, useState } from 'react';
import './portal.css';
import { type Agreement, call, type Debt, type Offer, PortalError } from './portal-api';
import { Requests } from './requests';
import { Debts, Done, Offers, SignIn } from './steps';

type Step =
  | { kind: 'sign-in'; sent: string | null }
  | { kind: 'debts'; debts: Debt[] }
  | { kind: 'offers'; debts: Debt[]; offers: Offer[] }
  | { kind: 'done'; agreement: Agreement }
  | { kind: 'requests' };

const titles: Record<Step['kind'], string> = {
  'sign-in': 'Negocie suas dívidas',
  debts: 'Seus débitos em aberto',
  offers: 'Ofertas para você',
  done: 'Acordo feito',
  requests: 'Fale com a gente',
};

/** The token of a signed link from a message: /portal/link#<token> (after the #, so it never reaches a server's log). */
function linkToken() {
  const { pathname, hash } = globalThis.location;
  return pathname.replace(/\/$/, '') === '/portal/link' && hash.length > 1 ? decodeURIComponent(hash.slice(1)) : null;
}

/** The debtor's portal: sign in with a code, see the debts, pick an offer, pay by Pix. One page, step by step. */
export function PortalApp() {
  const [step, setStep] = useState<Step>({ kind: 'sign-in', sent: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { document.title = `${titles[step.kind]} · Recovery`; heading.current?.focus(); }, [step.kind]);
  useEffect(() => { document.body.classList.add('portal'); }, []);
  const linkOpened = useRef(false);
  useEffect(() => {
    const token = linkToken();
    if (token === null || linkOpened.current) return;
    linkOpened.current = true;
    // The link is spent once opened: take the token out of the address bar and history either way.
    globalThis.history.replaceState(null, '', '/portal');
    void run(async () => { await call('POST', '/links', { token }); await loadDebts(); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await action(); } catch (e) {
      if (e instanceof PortalError && e.problem.status === 401 && step.kind !== 'sign-in') setStep({ kind: 'sign-in', sent: null });
      setError(e instanceof Error ? e.message : 'Não foi possível concluir. Tente de novo.');
    } finally { setBusy(false); }
  };

  const loadDebts = async () => setStep({ kind: 'debts', debts: (await call<{ items: Debt[] }>('GET', '/debts')).items });

  return (
    <main>
      <h1 ref={heading} tabIndex={-1}>{titles[step.kind]}</h1>
      <div aria-live="assertive">{error && <p className="error" role="alert">{error}</p>}</div>
      {step.kind === 'sign-in' && (
        <>
          {!step.sent && <p>Informe seu CPF ou CNPJ. Enviaremos um código de acesso para o seu e-mail ou celular cadastrado.</p>}
          <SignIn busy={busy} sent={step.sent}
            onRequest={(document) => run(async () => {
              const r = await call<{ message: string }>('POST', '/access-codes', { document });
              setStep({ kind: 'sign-in', sent: r.message });
            })}
            onCode={(document, code) => run(async () => { await call('POST', '/sessions', { document, code }); await loadDebts(); })} />
        </>
      )}
      {step.kind === 'debts' && <Debts debts={step.debts} busy={busy} onOffers={(ids) => run(async () => {
        const offers = (await call<{ items: Offer[] }>('GET', `/offers?invoiceIds=${ids.join(',')}`)).items;
        setStep({ kind: 'offers', debts: step.debts, offers });
      })} />}
      {(step.kind === 'debts' || step.kind === 'done') && (
        <button type="button" className="secondary" onClick={() => setStep({ kind: 'requests' })}>Pedir uma ligação ou os meus dados</button>
      )}
      {step.kind === 'requests' && <Requests busy={busy} run={run} onBack={() => run(loadDebts)} />}
      {step.kind === 'offers' && <Offers offers={step.offers} busy={busy}
        onBack={() => setStep({ kind: 'debts', debts: step.debts })}
        onTake={(offerId) => run(async () => setStep({ kind: 'done', agreement: await call<Agreement>('POST', '/agreements', { offerId }) }))} />}
      {step.kind === 'done' && <Done agreement={step.agreement} />}
      {step.kind !== 'sign-in' && (
        <button type="button" className="secondary" onClick={() => run(async () => { await call('DELETE', '/sessions/current'); setStep({ kind: 'sign-in', sent: null }); })}>
          Sair
        </button>
      )}
    </main>
  );
}
