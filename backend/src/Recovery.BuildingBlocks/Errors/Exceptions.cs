namespace Recovery.BuildingBlocks.Errors;

/// <summary>Stable problem type URIs; each is documented in docs/problems.md.</summary>
public static class ProblemTypes
{
    public const string Base = "https://recovery.com.br/problems/";
    public const string Validation = Base + "validation";
    public const string MalformedRequest = Base + "malformed-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string AccountLocked = Base + "account-locked";
    /// <summary>The password was right; the account signs in with a second factor too (the <c>totp</c> field).</summary>
    public const string MfaRequired = Base + "mfa-required";
    /// <summary>The person's role signs in with a second factor, and theirs is not set up yet: enrol first.</summary>
    public const string MfaEnrollmentRequired = Base + "mfa-enrollment-required";
    public const string RateLimited = Base + "rate-limited";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string IdempotencyInFlight = Base + "idempotency-request-in-flight";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string Internal = Base + "internal";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string NotAcceptable = Base + "not-acceptable";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
}

/// <summary>A failure the caller can act on; the exception handler turns it into an RFC 9457 problem.</summary>
public abstract class ProblemException(int status, string type, string title, string? detail) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public TimeSpan? RetryAfter { get; init; }
    public IDictionary<string, string[]>? Errors { get; init; }
    /// <summary>Members added to the problem document (RFC 9457 extension members), such as the rules a plan breaks.</summary>
    public IDictionary<string, object?>? Extensions { get; init; }
}

public sealed class NotFoundException(string detail)
    : ProblemException(404, ProblemTypes.NotFound, "Not found", detail);

/// <summary>The request conflicts with the resource's state; <paramref name="type"/> names the business rule.</summary>
public sealed class ConflictException(string type, string title, string detail)
    : ProblemException(409, type, title, detail);

/// <summary>A business rule that no retry fixes (422); <paramref name="type"/> names the rule.</summary>
public sealed class BusinessRuleException(string type, string title, string detail)
    : ProblemException(422, type, title, detail);

public sealed class ForbiddenException(string detail)
    : ProblemException(403, ProblemTypes.Forbidden, "Forbidden", detail);

public sealed class UnauthorizedException(string detail)
    : ProblemException(401, ProblemTypes.Unauthorized, "Unauthorized", detail);

/// <summary>A 400 for one field, raised after validation (a rule that needs the database).</summary>
public sealed class FieldException(string field, string message)
    : ProblemException(400, ProblemTypes.Validation, "One or more fields are invalid.", message)
{
    public string Field { get; } = field;
}

/// <summary>The body's Content-Type is not one the endpoint reads (415).</summary>
public sealed class UnsupportedMediaTypeException(string detail)
    : ProblemException(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", detail);
