import { describe, expect, it } from 'vitest';
import { actorName, label } from './catalogue';

describe('the pt-BR catalogue', () => {
  it('names codes in Portuguese and says which were refused and why', () => {
    expect(label('auditActions', 'StartDunningRun')).toBe('Executar régua');
    expect(label('auditOutcomes', 'succeeded')).toBe('Concluída');
    expect(label('auditOutcomes', 'rejected:423')).toBe('Recusada: acesso bloqueado');
    expect(label('auditOutcomes', 'rejected:418')).toBe('Recusada');
    expect(label('statuses', 'in_agreement')).toBe('Em acordo');
    expect(label('channels', undefined)).toBe('—');
  });

  it('shows an unknown code as itself, for the browser flows to catch', () => {
    expect(label('statuses', 'something_new')).toBe('something_new');
  });

  it('calls the jobs "Sistema"', () => {
    expect(actorName('system')).toBe('Sistema');
    expect(actorName('ana@e2e.test')).toBe('ana@e2e.test');
  });
});
