using Microsoft.AspNetCore.Authentication;

namespace Recovery.Platform.Features;

internal static class Logout
{
    // Signing out deletes the server-side session, so a copied cookie stops working too.
    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/logout", async (HttpContext http) =>
            {
                await http.SignOutAsync(AuthSchemes.Cookie);
                return TypedResults.NoContent();
            })
            .WithName(nameof(Logout))
            .AllowAnonymous();
}
