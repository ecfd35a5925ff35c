using Recovery.Platform.Contracts;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>The answers the platform gives other modules through <c>Recovery.Platform.Contracts</c>.</summary>
internal static class ContractQueries
{
    internal sealed class CreditorHandler(PlatformDb db) : IRequestHandler<GetCreditor, Creditor?>
    {
        public async Task<Creditor?> Handle(GetCreditor query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<Row>(
                "SELECT id, name, document FROM platform.partner WHERE id = @PartnerId", query);
            return row is null ? null : new Creditor(row.Id, row.Name, row.Document);
        }
    }

    internal sealed class UserHandler(PlatformDb db) : IRequestHandler<GetUser, UserSummary?>
    {
        public async Task<UserSummary?> Handle(GetUser query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<Row>(
                "SELECT id, name, role, is_active FROM platform.app_user WHERE id = @UserId", query);
            return row is null ? null : new UserSummary(row.Id, row.Name, row.Role, row.IsActive);
        }
    }

    internal sealed class PeopleHandler(PlatformDb db) : IRequestHandler<ListPeople, IReadOnlyList<Person>>
    {
        public async Task<IReadOnlyList<Person>> Handle(ListPeople query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var rows = await session.QueryAsync<Row>("SELECT id, email, name, role, is_active, team_id, agency_id FROM platform.app_user ORDER BY name, email");
            return rows.Where(r => query.Roles.Count == 0 || query.Roles.Contains(r.Role))
                .Select(r => new Person(r.Id, r.Email, r.Name, r.Role, r.IsActive, r.TeamId, r.AgencyId)).ToList();
        }
    }

    private sealed class Row
    {
        public string Email { get; init; } = "";
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public string Role { get; init; } = "";
        public bool IsActive { get; init; }
        public Guid? TeamId { get; init; }
        public Guid? AgencyId { get; init; }
    }
}
