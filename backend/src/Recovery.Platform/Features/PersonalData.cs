using Recovery.BuildingBlocks;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// What the audit trail holds about a debtor: every recorded operation on them, including each view of their full
/// personal data (the LGPD access log) and each data-subject report.
/// </summary>
internal sealed class PersonalData(PlatformDb db) : IPersonalDataSource
{
    public async Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var rows = await session.QueryAsync(
            """
            SELECT occurred_at, actor_name, actor_role, ip_address, action, outcome
              FROM platform.audit_entry WHERE resource_type = 'debtor' AND resource_id = @Id ORDER BY seq
            """, new { Id = debtorId.ToString() });
        return
        [
            PersonalDataSection.FromRows("Trilha de auditoria", "Operações e acessos aos dados do titular",
                "Registro das operações de tratamento (LGPD art. 37); cumprimento de obrigação legal (art. 7º, II)", rows),
        ];
    }
}
