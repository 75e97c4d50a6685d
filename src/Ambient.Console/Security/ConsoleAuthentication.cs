using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Ambient.Supervisor.Security;

/// <summary>
/// Sign-in for the console: a browser signs in once on <c>/signin</c> with a token and gets an HTTP-only, same-site
/// cookie; a script sends <c>Authorization: Bearer &lt;token&gt;</c>. Every page needs one or the other; actions need
/// the operator's token. A page request without either is sent to the sign-in page, anything else gets 401.
/// </summary>
internal static class ConsoleAuthentication
{
    private const string Selector = "Console";

    /// <summary>The rate limit of sign-in posts.</summary>
    public const string SignInLimit = "signin";

    /// <summary>Sign-in posts allowed per address and minute.</summary>
    public const int SignInsPerMinute = 10;

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services, ConsoleOptions options)
    {
        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cookie or bearer token", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "ambient-console";
                cookie.Cookie.HttpOnly = true;
                // Strict, unless a provider signs people in: a Strict cookie set on the way back from another site is not
                // sent with the redirect that follows, and the browser would land on the sign-in page again. Lax still
                // keeps it off other sites' posts, and every form carries its antiforgery token besides.
                cookie.Cookie.SameSite = options.Oidc.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/signin";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            });
        if (options.Oidc.Enabled)
        {
            authentication.AddConsoleOidc(options.Oidc);
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ConsoleRoles.ActPolicy, policy => policy.RequireRole(ConsoleRoles.Operator));
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "ambient-console-antiforgery");
        // Guessing the token on the sign-in form: a few tries a minute per address, then 429. A partition idle for a
        // window is dropped, so a flood from many addresses costs a small entry each, for a minute.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    // A browser asking for a page goes to the sign-in page (or is told it may not); scripts and event streams get the status.
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
