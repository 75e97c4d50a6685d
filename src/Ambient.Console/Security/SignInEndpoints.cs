using System.Security.Claims;
using Ambient.Supervisor.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Ambient.Supervisor.Security;

/// <summary><c>/signin</c> (a form asking for the token, protected against cross-site posts like every form) and <c>/signout</c>.</summary>
internal static partial class SignInEndpoints
{
    public static void MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery, ConsoleOptions options, string? returnUrl, string? failed) =>
            Form(context, antiforgery, options, returnUrl, failed is null ? null : $"{options.Oidc.DisplayName} did not sign you in to the console."))
            .AllowAnonymous();
        // Starts the provider's sign-in; it comes back to /signin-oidc, then to the page asked for.
        endpoints.MapGet("/signin/oidc", (ConsoleOptions options, string? returnUrl) => options.Oidc.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [OidcSignIn.Scheme])
            : Results.NotFound())
            .AllowAnonymous();
        endpoints.MapPost("/signin", async (HttpContext context, IAntiforgery antiforgery, ConsoleOptions options, [FromForm] string? token, [FromForm] string? name,
            [FromForm] string? returnUrl) =>
        {
            var person = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
            if (person is not null && !PersonName().IsMatch(person))
            {
                return Form(context, antiforgery, options, returnUrl, "A name is up to 60 letters, digits, spaces and . _ @ -.", StatusCodes.Status400BadRequest);
            }

            if (ConsoleRoles.IdentityOf(token, options, CookieAuthenticationDefaults.AuthenticationScheme, person) is not { } identity)
            {
                return Form(context, antiforgery, options, returnUrl, "That token is not the console's token.", StatusCodes.Status401Unauthorized);
            }

            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().RequireRateLimiting(ConsoleAuthentication.SignInLimit);
        endpoints.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        });
    }

    private static IResult Form(HttpContext context, IAntiforgery antiforgery, ConsoleOptions options, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var local = IsLocal(returnUrl) ? returnUrl! : "/";
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = (error is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{Html.E(error)}</p>") +
            "<form method=\"post\" action=\"/signin\">" +
            $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">" +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(IsLocal(returnUrl) ? returnUrl : "/")}\">" +
            "<label for=\"token\">Console token</label><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus>" +
            "<label for=\"name\">Your name (optional; approvals, pauses and rollbacks record it)</label><input id=\"name\" name=\"name\" autocomplete=\"username\" maxlength=\"60\">" +
            " <button type=\"submit\">Sign in</button></form>" +
            "<p>The token is <code>Ambient:Console:Token</code> (<code>ambient up</code> prints it).</p>" +
            (options.Oidc.Enabled ? $"<p><a href=\"/signin/oidc?returnUrl={Uri.EscapeDataString(local)}\">Sign in with {Html.E(options.Oidc.DisplayName)}</a></p>" : string.Empty);
        return Html.Page("Sign in", body, signedIn: false, status);
    }

    // Only a path on this console: a sign-in link must not send the browser elsewhere.
    private static bool IsLocal(string? url) => url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    // What records may carry as a person's name: no markup, no control characters, no separators of our own.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{L}\p{N} ._@-]{1,60}$")]
    private static partial System.Text.RegularExpressions.Regex PersonName();
}
