using Microsoft.AspNetCore.Authentication;
using Recovery.Portal.Access;

namespace Recovery.Portal.Features;

/// <summary>Who is signed in (for the portal's pages), and signing out (the session ends for good).</summary>
internal static class Sessions
{
    internal sealed record Me(string Name);

    internal static void Map(RouteGroupBuilder portal)
    {
        portal.MapGet("/me", (HttpContext http) =>
            {
                _ = PortalPrincipal.DebtorId(http.User);
                return TypedResults.Ok(new Me(http.User.Identity!.Name ?? ""));
            })
            .WithName("GetPortalSession")
            .RequireAuthorization(Policies.Debtor)
            .ProducesProblem(401);

        portal.MapDelete("/sessions/current", async (HttpContext http) =>
            {
                await http.SignOutAsync(AuthSchemes.Portal);
                return TypedResults.NoContent();
            })
            .WithName("EndPortalSession")
            .RequireAuthorization(Policies.Debtor)
            .ProducesProblem(401);
    }
}
