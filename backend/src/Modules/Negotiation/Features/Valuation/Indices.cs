using Recovery.BuildingBlocks;
using System.Globalization;
using Recovery.BuildingBlocks.Data;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Valuation;

/// <summary>The index tables behind monetary correction (IPCA, INPC, IGP-M) and the legal interest rate (TAXA-LEGAL).</summary>
internal static class Indices
{
    public static readonly string[] Names = ["IPCA", "INPC", "IGP-M", "TAXA-LEGAL"];

    public static async Task<IndexTable> LoadAsync(DbSession session, IEnumerable<string> names)
    {
        // The legal rate always comes along: any debt may be one whose contract agreed no interest rate.
        var wanted = names.Where(n => n != "NONE").Append(IndexTable.LegalRateIndex).Distinct().ToList();
        var rows = await session.QueryAsync<Row>(
            $"SELECT index_name, month, value_e4 FROM negotiation.index_value WHERE index_name IN ({session.Dialect.JsonTexts("@Names")})",
            new { Names = session.Dialect.JsonArray(wanted) });
        return new IndexTable(rows.ToDictionary(r => (r.IndexName, MonthNumber(r.Month)), r => r.ValueE4 / 10_000m));
    }

    private static int MonthNumber(string yyyyMm) => int.Parse(yyyyMm[..4]) * 12 + int.Parse(yyyyMm[5..7]) - 1;

    public static bool IsMonth(string? s) =>
        s is { Length: 7 } && DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal sealed class Row
    {
        public string IndexName { get; init; } = "";
        public string Month { get; init; } = "";
        public long ValueE4 { get; init; }
    }

    internal sealed record Value(string? Month, decimal? Percent);

    /// <summary>Loads (or corrects) monthly values of one index; a month already loaded takes the new value.</summary>
    internal sealed record Load(string Index, List<Value>? Values) : ICommand<Loaded>;

    internal sealed record Loaded(string Index, int Months, IReadOnlyList<Value> Values);

    internal sealed class LoadValidator : AbstractValidator<Load>
    {
        public LoadValidator()
        {
            var names = string.Join(", ", Names);
            RuleFor(c => c.Index).NotNull().WithMessage($"index is one of {names}", $"o índice é um de {names}")
                .OneOf(Names).WithMessage($"index is one of {names}", $"o índice é um de {names}");
            RuleFor(c => c.Values).NotEmpty().WithMessage("values must list at least one month", "informe ao menos um mês")
                .Must(v => v is null || v.Count <= 1200).WithMessage("at most 1200 months at a time", "no máximo 1200 meses de cada vez");
            RuleForEach(c => c.Values).NotNull().WithMessage("a month cannot be null", "um mês não pode ser nulo").ChildRules(v =>
            {
                v.RuleFor(x => x.Month).Must(IsMonth).WithMessage(x => $"month is YYYY-MM, not '{x.Month}'", x => $"o mês é aaaa-mm (2026-01), não '{x.Month}'");
                v.RuleFor(x => x.Percent).NotNull().WithMessage("percent is required", "informe o percentual")
                    .Must(p => p is null || (p > -100m && p < 1000m && decimal.Round(p.Value, 4) == p))
                    .WithMessage("percent is a monthly variation above -100 with at most 4 decimals",
                        "o percentual é a variação do mês, acima de -100, com até 4 casas decimais");
            });
        }
    }

    internal sealed class LoadHandler(NegotiationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Load, Loaded>
    {
        public async Task<Loaded> Handle(Load command, CancellationToken ct)
        {
            var values = command.Values!.GroupBy(v => v.Month!).Select(g => g.Last()).OrderBy(v => v.Month).ToList();
            await using var tx = await db.BeginAsync(ct);
            using var delete = tx.Prepare("DELETE FROM negotiation.index_value WHERE index_name = @Index AND month = @Month", "Index", "Month");
            using var insert = tx.Prepare(
                "INSERT INTO negotiation.index_value (index_name, month, value_e4, loaded_by, loaded_at) VALUES (@Index, @Month, @Value, @By, @At)",
                "Index", "Month", "Value", "By", "At");
            var now = clock.GetUtcNow();
            foreach (var v in values)
            {
                await delete.ExecuteAsync(command.Index, v.Month);
                await insert.ExecuteAsync(command.Index, v.Month, (long)(v.Percent!.Value * 10_000m), actor.Name, now);
            }
            await tx.CommitAsync(ct);
            audit.Describe("index", null, after: new { command.Index, months = values.Count, first = values[0].Month, last = values[^1].Month });
            return new Loaded(command.Index, values.Count, values);
        }
    }

    internal sealed record List(string Index) : IRequest<Loaded>;

    internal sealed class ListHandler(NegotiationDb db) : IRequestHandler<List, Loaded>
    {
        public async Task<Loaded> Handle(List query, CancellationToken ct)
        {
            if (!Names.Contains(query.Index)) throw new NotFoundException($"There is no index {query.Index}; the indices are {string.Join(", ", Names)}.");
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(
                "SELECT index_name, month, value_e4 FROM negotiation.index_value WHERE index_name = @Index ORDER BY month", query)).ToList();
            return new Loaded(query.Index, rows.Count, rows.Select(r => new Value(r.Month, r.ValueE4 / 10_000m)).ToList());
        }
    }

    /// <summary>
    /// A CSV of <c>month,percent</c> rows (header optional). Brazilian spreadsheets export <c>;</c> with a decimal comma
    /// ("2025-01;0,16"): both are read.
    /// </summary>
    public static List<Value> ParseCsv(string text)
    {
        var semicolon = text.Contains(';');
        var culture = semicolon ? CultureInfo.GetCultureInfo("pt-BR") : CultureInfo.InvariantCulture;
        var values = new List<Value>();
        var lines = text.Split('\n').Select(l => l.Trim().TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(semicolon ? ';' : ',').Select(f => f.Trim().Trim('"')).ToArray();
            if (i == 0 && !IsMonth(fields[0])) continue;  // a header
            if (fields.Length != 2 || !decimal.TryParse(fields[1], NumberStyles.Number, culture, out var percent))
                throw new FieldException($"csv[{i + 1}]", Language.IsPortuguese
                    ? $"linha {i + 1}: esperado mês;percentual (2025-01;0,16) e veio '{lines[i]}'"
                    : $"line {i + 1}: expected month,percent (2025-01,0.16) and found '{lines[i]}'");
            values.Add(new Value(fields[0], percent));
        }
        return values;
    }

    internal static void Map(RouteGroupBuilder admin, RouteGroupBuilder indices)
    {
        admin.MapPut("/indices/{index}", async (string index, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                List<Value>? values;
                if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
                {
                    using var reader = new StreamReader(request.Body);
                    values = ParseCsv(await reader.ReadToEndAsync(ct));
                }
                else if (request.HasJsonContentType())
                    values = (await request.ReadFromJsonAsync<Body>(ct))?.Values;
                else
                    throw new UnsupportedMediaTypeException(
                        "Send the values as application/json ({ \"values\": [ { \"month\", \"percent\" } ] }) or as text/csv.");
                return await mediator.Send(new Load(index.ToUpperInvariant(), values), ct);
            })
            .WithName("LoadIndex")
            .WithSummary("Load monthly values of a correction index: JSON { values: [ { month, percent } ] } or text/csv month,percent")
            .Accepts<Body>("application/json", "text/csv")
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem();

        indices.MapGet("/{index}", (string index, IMediator mediator, CancellationToken ct) => mediator.Send(new List(index.ToUpperInvariant()), ct))
            .WithName("ListIndex")
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(404);
    }

    internal sealed record Body(List<Value>? Values);
}
