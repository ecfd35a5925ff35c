using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Security;

namespace Recovery.BuildingBlocks.Idempotency;

public static class IdempotencyEndpoints
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Makes a POST idempotent under its <c>Idempotency-Key</c>, scoped to the caller (the partner): the first response
    /// is stored in <typeparamref name="TDb"/>'s schema in the same transaction as the request's effect and replayed
    /// for the same key and body; a different body is a 422, a request still running a 409.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TDb>(this RouteHandlerBuilder builder) where TDb : ModuleDb =>
        builder.AddEndpointFilter<IdempotencyFilter<TDb>>()
               .WithMetadata(new IdempotentEndpointMetadata());

    /// <summary>Lets the filter hash the raw body after model binding has read it.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.ContainsKey(Header))
                context.Request.EnableBuffering(bufferThreshold: 8 * 1024 * 1024);
            return next(context);
        });
}

public sealed class IdempotentEndpointMetadata;

internal sealed class IdempotencyFilter<TDb>(TDb db, UnitOfWork unitOfWork, ICurrentActor actor, TimeProvider clock) : IEndpointFilter
    where TDb : ModuleDb
{
    private static readonly TimeSpan InFlightLock = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(48);  // the contract promises at least 24 hours

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyEndpoints.Header, out var values)) return await next(context);

        var key = values.ToString();
        if (key.Length is < 1 or > 255 || key.Any(c => c is < '!' or > '~'))
            throw new FieldException(IdempotencyEndpoints.Header, "Idempotency-Key must be 1 to 255 visible ASCII characters.");
        var owner = actor.PartnerId ?? actor.Id ?? throw new UnauthorizedException("Idempotent requests need an authenticated caller.");
        var hash = await HashAsync(http, context.HttpContext.RequestAborted);
        var ct = http.RequestAborted;

        var stored = await ClaimAsync(owner, key, hash, ct);
        if (stored is not null) return Replay(http, stored);

        var committed = false;
        try
        {
            await using (var work = unitOfWork.Begin())
            {
                var result = await next(context);
                var (status, contentType, body) = await MaterialiseAsync(http, result);
                if (status is >= 200 and < 300)
                {
                    // The handler's transaction, still open, or a new one when the request wrote nothing.
                    var tx = await db.BeginAsync(ct);
                    await tx.ExecuteAsync(
                        $"""
                        UPDATE {db.Schema}.idempotency_request
                           SET state = 'completed', status_code = @Status, content_type = @ContentType, response_body = @Body
                         WHERE owner_id = @Owner AND idempotency_key = @Key
                        """,
                        new { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetString(body), Owner = owner, Key = key });
                    await work.CommitAsync(ct);
                    committed = true;
                }
                http.Response.StatusCode = status;
                if (contentType is not null) http.Response.ContentType = contentType;
                await http.Response.Body.WriteAsync(body, ct);
                return Results.Empty;
            }
        }
        finally
        {
            if (!committed) await ReleaseAsync(owner, key);
        }
    }

    private static async Task<string> HashAsync(HttpContext http, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0) sha.AppendData(buffer, 0, read);
            http.Request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private async Task<StoredResponse?> ClaimAsync(Guid owner, string key, string hash, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginAsync(ct);
            var row = await tx.QuerySingleOrDefaultAsync<StoredResponse>(
                $"SELECT request_hash, state, locked_until, status_code, content_type, response_body FROM {db.Schema}.idempotency_request WHERE owner_id = @Owner AND idempotency_key = @Key",
                new { Owner = owner, Key = key });
            if (row is null)
            {
                try
                {
                    await tx.ExecuteAsync(
                        $"""
                        INSERT INTO {db.Schema}.idempotency_request
                            (owner_id, idempotency_key, request_hash, state, locked_until, created_at, expires_at)
                        VALUES (@Owner, @Key, @Hash, 'in_flight', @LockedUntil, @Now, @ExpiresAt)
                        """,
                        new { Owner = owner, Key = key, Hash = hash, LockedUntil = now + InFlightLock, Now = now, ExpiresAt = now + Retention });
                    await tx.CommitAsync(ct);
                    return null;
                }
                catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
                {
                    continue;  // another request took the key first: read what it left
                }
            }
            if (row.RequestHash.Trim() != hash)
                throw new BusinessRuleException(ProblemTypes.IdempotencyKeyReused, "Idempotency-Key reused with a different request",
                    "This Idempotency-Key was already used with a different body. Use a new key for a new request.");
            if (row.State == "completed") return row;
            if (row.LockedUntil > now)
                throw new ConflictException(ProblemTypes.IdempotencyInFlight, "Request still in progress",
                    "A request with this Idempotency-Key is still being processed. Retry after it completes.") { RetryAfter = TimeSpan.FromSeconds(1) };
            // The first request died without an answer: this one takes over.
            var taken = await tx.ExecuteAsync(
                $"UPDATE {db.Schema}.idempotency_request SET locked_until = @LockedUntil WHERE owner_id = @Owner AND idempotency_key = @Key AND state = 'in_flight' AND locked_until = @Previous",
                new { LockedUntil = now + InFlightLock, Owner = owner, Key = key, Previous = row.LockedUntil });
            await tx.CommitAsync(ct);
            if (taken == 1) return null;
        }
        throw new ConflictException(ProblemTypes.IdempotencyInFlight, "Request still in progress",
            "A request with this Idempotency-Key is still being processed. Retry after it completes.") { RetryAfter = TimeSpan.FromSeconds(1) };
    }

    private async Task ReleaseAsync(Guid owner, string key)
    {
        await using var tx = await db.BeginAsync(CancellationToken.None);
        await tx.ExecuteAsync(
            $"DELETE FROM {db.Schema}.idempotency_request WHERE owner_id = @Owner AND idempotency_key = @Key AND state = 'in_flight'",
            new { Owner = owner, Key = key });
        await tx.CommitAsync(CancellationToken.None);
    }

    private static async Task<(int Status, string? ContentType, byte[] Body)> MaterialiseAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult r: await r.ExecuteAsync(http); break;
                case null: break;
                default: await Results.Json(result).ExecuteAsync(http); break;
            }
        }
        finally
        {
            http.Response.Body = original;
        }
        return (http.Response.StatusCode, http.Response.ContentType, buffer.ToArray());
    }

    private static IResult Replay(HttpContext http, StoredResponse stored)
    {
        http.Response.Headers[IdempotencyEndpoints.ReplayedHeader] = "true";
        return Results.Text(stored.ResponseBody ?? "", stored.ContentType, Encoding.UTF8, stored.StatusCode);
    }

    private sealed class StoredResponse
    {
        public string RequestHash { get; init; } = "";
        public string State { get; init; } = "";
        public DateTimeOffset LockedUntil { get; init; }
        public int? StatusCode { get; init; }
        public string? ContentType { get; init; }
        public string? ResponseBody { get; init; }
    }
}
